using System.Collections.Immutable;
using System.Text.Json;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.Provider.Tests.EndToEnd;
using Pulumi.Experimental;
using Xunit.Abstractions;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>Every row of <see cref="BadInputCatalogue"/>, sent through the plugin binary as the engine sends it: each
/// is refused naming its property and the fix, before any call that changes Coder (before any call at all unless the
/// row says Check must read).</summary>
public sealed class BadInputCatalogueTests(ITestOutputHelper output) : OwnPluginTest
{
    [Fact]
    public async Task Every_bad_input_is_refused_naming_the_property_and_the_fix_before_Coder_is_changed()
    {
        var engine = Fixture.Engine;
        using var templates = new WorkspaceTemplates(engine);
        var template = await templates.TemplateAsync("docker");
        var version = await templates.VersionAsync(template, "v2");
        var placeholders = new Dictionary<string, string>
        {
            [BadInputCatalogue.TemplateId] = template.Id,
            [BadInputCatalogue.VersionId] = version.Id,
            [BadInputCatalogue.OrganizationId] = Fixture.Coder.Seed.DefaultOrganizationId.ToString(),
        };

        var problems = new List<string>();
        var refused = 0;
        foreach (var licensed in new[] { true, false })
        {
            Fixture.Coder.Control.License.SetPremium(licensed);
            await engine.ConfigureAsync(Fixture.Config);
            foreach (var row in BadInputCatalogue.Rows.Where(r => r.Licensed == licensed))
            {
                Fixture.Coder.Control.Traffic.Clear();
                var failures = await RunAsync(engine, row, placeholders);
                var calls = Fixture.Coder.Control.Traffic.Exchanges;
                var problem = Judge(row, failures, calls);
                if (problem is null) refused++;
                else problems.Add($"{row}: {problem}");
                output.WriteLine($"{row} -> {string.Join(" | ", failures.Select(f => $"{f.Property}: {f.Reason}"))}");
            }
        }

        ReliabilityFigures.Report($"bad inputs {BadInputCatalogue.Rows.Count} tried, {refused} refused with property and fix");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_catalogue_covers_every_resource_function_and_the_configuration_with_at_least_60_rows()
    {
        using var schema = JsonDocument.Parse(await Fixture.Engine.GetSchemaAsync());
        var tokens = schema.RootElement.GetProperty("resources").EnumerateObject().Select(p => p.Name)
            .Concat(schema.RootElement.GetProperty("functions").EnumerateObject().Select(p => p.Name))
            .Append("pulumi:providers:coder");
        var covered = BadInputCatalogue.Rows.Select(r => r.Token).ToHashSet();

        var uncovered = tokens.Where(t => !covered.Contains(t)).ToList();
        Assert.True(uncovered.Count == 0, $"no bad-input rows for {string.Join(", ", uncovered)}");
        Assert.True(BadInputCatalogue.Rows.Count >= 60, $"{BadInputCatalogue.Rows.Count} rows");
        var duplicated = BadInputCatalogue.Rows.GroupBy(r => r.ToString()).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicated.Count == 0, $"rows named twice: {string.Join(", ", duplicated)}");
    }

    private static async Task<IReadOnlyList<Failure>> RunAsync(EngineDriver engine, BadInput row, IReadOnlyDictionary<string, string> placeholders)
    {
        var inputs = Substitute(row.Inputs, placeholders);
        try
        {
            return row.Target switch
            {
                Target.Resource => (await engine.CheckAsync(row.Token, "bad", inputs, row.Olds is null ? null : Substitute(row.Olds, placeholders))).Failures,
                Target.Function => (await engine.InvokeAsync(row.Token, inputs)).Failures,
                _ => (await engine.CheckConfigAsync(inputs)).Failures,
            };
        }
        catch (RpcException e)
        {
            // An error instead of a failure list: it has to name the property itself.
            return [new Failure(row.Property is var p && e.Status.Detail.Contains(p, StringComparison.Ordinal) ? p : "", e.Status.Detail)];
        }
    }

    private static string? Judge(BadInput row, IReadOnlyList<Failure> failures, IReadOnlyList<global::Coder.Double.Control.RecordedExchange> calls)
    {
        if (failures.Count == 0) return "accepted";
        if (failures.FirstOrDefault(f => f.Property == row.Property) is not { } named)
            return $"no failure names {row.Property}: {string.Join(" | ", failures.Select(f => $"{f.Property}: {f.Reason}"))}";
        if (!named.Reason.Contains(row.Fix, StringComparison.Ordinal))
            return $"the failure does not say \"{row.Fix}\": {named.Reason}";
        var unexpected = row.Calls == CallsAllowed.None ? calls : calls.Where(c => c.Method != "GET").ToList();
        return unexpected.Count == 0 ? null
            : $"{unexpected.Count} call(s) reached Coder first: {string.Join(", ", unexpected.Select(c => $"{c.Method} {c.Path}"))}";
    }

    private static ImmutableDictionary<string, PropertyValue> Substitute(ImmutableDictionary<string, PropertyValue> values, IReadOnlyDictionary<string, string> placeholders) =>
        values.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.TryGetString(out var text) && placeholders.TryGetValue(text!, out var real) ? Of(real) : kv.Value);
}

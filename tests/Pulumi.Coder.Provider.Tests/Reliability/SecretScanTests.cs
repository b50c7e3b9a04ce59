using System.Collections.Immutable;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.Provider.Tests.EndToEnd;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>
/// Every row of <see cref="SecretScenario"/> through the plugin binary, with the provider configured with a token and
/// secret <c>coder:headers</c>: create, rotate each secret, refresh, fail in the ways that quote inputs, destroy. Then
/// every surface a secret could leak to is scanned for every value handed over: zero plain-text hits.
/// </summary>
public sealed class SecretScanTests : OwnPluginTest, IDisposable
{
    private readonly string recording;
    private readonly bool ownRecording;

    public SecretScanTests() : this(Environment.GetEnvironmentVariable("CODER_DOUBLE_RECORD"))
    {
    }

    // The recording scanned is the file the double appends to: artifacts/coder-traffic.jsonl under `make test` (the one
    // CI keeps), a file of this test's own otherwise.
    private SecretScanTests(string? shared)
        : this(shared is { Length: > 0 } ? shared : Path.Combine(Path.GetTempPath(), $"secret-scan-{Guid.NewGuid():N}.jsonl"), shared is not { Length: > 0 })
    {
    }

    private SecretScanTests(string recording, bool ownRecording) : base(new PluginFixture { RecordPath = recording })
    {
        this.recording = recording;
        this.ownRecording = ownRecording;
    }

    public void Dispose()
    {
        if (ownRecording) File.Delete(recording);
    }

    /// <summary>A value handed to the provider that must never show in plain text. <paramref name="CoderShowsIt"/>:
    /// Coder returns it in its own answers, so the recording of Coder's traffic is not a leak of it;
    /// <paramref name="InState"/>: the step that took it succeeded, so the engine keeps it (as a secret).</summary>
    private sealed record HandedSecret(string What, string Value, bool CoderShowsIt, bool InState = true);

    /// <summary>Somewhere a secret could leak to, as the texts found there.</summary>
    private sealed record Surface(string Name, IReadOnlyList<string> Texts, bool IsCodersTraffic = false);

    [Fact]
    public async Task No_token_password_tfVars_or_header_value_shows_in_state_logs_errors_stderr_or_the_recording()
    {
        var engine = Fixture.Engine;
        var secrets = new List<HandedSecret> { new("the session token", Fixture.Coder.SessionToken, CoderShowsIt: false) };
        string Handed(string what, bool coderShowsIt = false, Func<string, string>? shape = null, bool inState = true)
        {
            var nonce = Guid.NewGuid().ToString("N")[..12];
            var value = shape?.Invoke(nonce) ?? $"S3cret-{nonce}-Value";
            secrets.Add(new HandedSecret(what, value, coderShowsIt, inState));
            return value;
        }

        // Proxy credentials, in the two forms such headers take.
        var config = Fixture.Config.SetItem("headers", Secret(new Dictionary<string, object?>
        {
            ["X-Proxy-Auth"] = Handed("a coder:headers value"),
            ["Proxy-Authorization"] = "Bearer " + Handed("a coder:headers bearer credential"),
        }));
        var providerState = (await engine.CheckConfigAsync(config)).Inputs;
        await engine.ConfigureAsync(config);

        using var templates = new WorkspaceTemplates(engine);
        var created = new Dictionary<string, ResourceState>();
        var context = new ScenarioContext(engine, Fixture.Coder, templates, created);
        var states = new List<ResourceState>();
        var errors = new List<string>();
        var problems = new List<string>();

        foreach (var row in SecretScenario.Resources)
        {
            var value = row.Secret is null ? null : Handed(row.Secret, row.CoderShowsIt);
            states.Add(created[row.Name] = await engine.CreateAsync(row.Type, row.Name, row.Inputs(context, value)));
        }
        foreach (var row in SecretScenario.Resources.Where(r => r.Secret is not null))
        {
            var rotated = await engine.UpdateAsync(created[row.Name], row.Inputs(context, Handed(row.Secret + ", rotated", row.CoderShowsIt)));
            if (!rotated.Diff.HasChanges) problems.Add($"{row}: rotating {row.Secret} changed nothing");
            states.Add(created[row.Name] = rotated.Resource);
        }
        foreach (var row in SecretScenario.Resources)
            states.Add(await engine.RefreshAsync(created[row.Name]) ?? throw new InvalidOperationException($"{row} is gone after refresh"));

        foreach (var row in SecretScenario.Failures)
        {
            var value = Handed(row.Secret, row.CoderShowsIt, row.Value, inState: false);
            row.Arrange?.Invoke(Fixture.Coder);
            try
            {
                await engine.CreateAsync(row.Type, "scan-failing", row.Inputs(context, value));
                problems.Add($"{row}: did not fail");
            }
            catch (RpcException e)
            {
                errors.Add(e.Status.Detail);
            }
            catch (CheckFailedException e)
            {
                errors.Add(e.Message);
            }
        }

        foreach (var row in SecretScenario.Resources.Reverse()) await engine.DeleteAsync(created[row.Name]);

        var surfaces = new List<Surface>
        {
            new("state outputs", [.. states.SelectMany(s => PlainTexts(s.Outputs))]),
            new("state inputs", [.. states.SelectMany(s => PlainTexts(s.Inputs)).Concat(PlainTexts(providerState))]),
            new("engine log", [.. Fixture.Plugin.Engine.Entries.Select(e => e.Message)]),
            new("error texts", errors),
            new("plugin stderr", [Fixture.Plugin.StandardError]),
            new("Coder traffic recorded in memory", [.. Fixture.Coder.Control.Traffic.Exchanges.Select(e => $"{e.RequestBody?.ToJsonString()} {e.ResponseBody?.ToJsonString()}")],
                IsCodersTraffic: true),
            new($"Coder traffic recorded to {Path.GetFileName(recording)}", await ReadSharedAsync(recording), IsCodersTraffic: true),
        };

        var hits = (from surface in surfaces
                    from secret in secrets
                    where !(surface.IsCodersTraffic && secret.CoderShowsIt)
                    where surface.Texts.Any(text => text.Contains(secret.Value, StringComparison.Ordinal))
                    select $"{secret.What} in plain text in the {surface.Name}").ToList();
        ReliabilityFigures.Report($"secrets {secrets.Count} values scanned across {surfaces.Count} surfaces, {hits.Count} hits");

        // The scan reads what really went by: every value the program handed over is in state (as a secret), a value
        // Coder hands back is in both recordings, and every failure was seen.
        var keptAsSecrets = states.SelectMany(s => SecretTexts(s.Inputs)).Concat(SecretTexts(providerState)).ToList();
        foreach (var kept in secrets.Where(s => s.InState))
        {
            if (!keptAsSecrets.Any(t => t.Contains(kept.Value, StringComparison.Ordinal)))
                problems.Add($"{kept.What} is not in state as a secret, so the scan of state proves nothing about it");
        }
        foreach (var shown in secrets.Where(s => s.CoderShowsIt && s.What.Contains("build", StringComparison.Ordinal)))
        {
            foreach (var surface in surfaces.Where(s => s.IsCodersTraffic && !s.Texts.Any(t => t.Contains(shown.Value, StringComparison.Ordinal))))
                problems.Add($"the scan did not see {shown.What} in the {surface.Name}, where Coder returns it");
        }
        Assert.True(errors.Count == SecretScenario.Failures.Count, $"{errors.Count} errors for {SecretScenario.Failures.Count} failing steps");
        Assert.True(hits.Count == 0 && problems.Count == 0, string.Join("\n", hits.Concat(problems)));
    }

    /// <summary>Every string not inside a value marked secret: what `pulumi stack export` would show in plain text.</summary>
    private static IEnumerable<string> PlainTexts(IReadOnlyDictionary<string, PropertyValue> values) => values.Values.SelectMany(PlainTexts);

    private static IEnumerable<string> PlainTexts(PropertyValue value) => PlainTexts(value, unwrap: false);

    /// <param name="unwrap">Read inside secrets too (for <see cref="SecretTexts"/>).</param>
    private static IEnumerable<string> PlainTexts(PropertyValue value, bool unwrap)
    {
        if (value.IsSecret)
        {
            if (!unwrap) return [];
            value = value.WithSecret(false);
        }
        if (value.TryGetString(out var text)) return [text!];
        if (value.TryGetArray(out var items)) return items.SelectMany(i => PlainTexts(i, unwrap));
        if (value.TryGetMap(out var map)) return map.Keys.Concat(map.Values.SelectMany(v => PlainTexts(v, unwrap)));
        return [];
    }

    /// <summary>Every string inside a value marked secret.</summary>
    private static IEnumerable<string> SecretTexts(IReadOnlyDictionary<string, PropertyValue> values) => values.Values.SelectMany(SecretTexts);

    private static IEnumerable<string> SecretTexts(PropertyValue value) =>
        value.IsSecret ? PlainTexts(value, unwrap: true)
        : value.TryGetArray(out var items) ? items.SelectMany(SecretTexts)
        : value.TryGetMap(out var map) ? map.Values.SelectMany(SecretTexts)
        : [];

    /// <summary>The recording file's lines. Other test assemblies may be appending to it (each append holds the file
    /// exclusively for a moment), so a read that finds it locked tries again.</summary>
    private static async Task<IReadOnlyList<string>> ReadSharedAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
                var lines = new List<string>();
                while (await reader.ReadLineAsync() is { } line) lines.Add(line);
                return lines;
            }
            catch (IOException) when (attempt < 200)
            {
                await Task.Delay(10);
            }
        }
    }
}

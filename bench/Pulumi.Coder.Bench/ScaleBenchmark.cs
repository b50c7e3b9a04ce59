using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Coder.Double;
using Coder.Double.Control;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;

namespace Pulumi.Coder.Bench;

/// <summary>
/// A large stack against a slow Coder: 500 resources (330 users, 160 groups, 10 templates) created, refreshed and
/// destroyed through the published plugin with 64 operations at a time (the engine's `--parallel 64`), against a
/// double answering every call 20 ms late with coderd's default rate limits on. Each phase's wall time is compared
/// with what 64 lanes of 20 ms calls allow at best: latency × the calls Coder saw ÷ 64. Templates are 10 because
/// coderd lets one user upload 12 files a minute: a program with more template sources waits out that limit.
/// </summary>
public sealed class ScaleBenchmark : IBenchmark
{
    private const int Users = 330;
    private const int Groups = 160;
    private const int Templates = 10;
    private const int Parallelism = 64;
    private const int LatencyMs = 20;

    public int Order => 80;
    public string Name => "scale";

    private sealed record Phase(string Name, TimeSpan Elapsed, int Calls, int Failures, string? FirstError);

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context, CancellationToken ct)
    {
        await using var coder = await CoderDouble.StartOnLoopbackAsync(0, new CoderDoubleOptions());
        await using var plugin = await ProviderProcess.StartAsync(context.Plugin);
        var engine = new EngineDriver(plugin, stack: "scale");
        await engine.ConfigureAsync(ImmutableDictionary<string, PropertyValue>.Empty
            .Add("url", new PropertyValue(coder.BaseAddress.ToString()))
            .Add("token", new PropertyValue(coder.SessionToken)));
        var idle = plugin.ResidentBytes();
        coder.Control.Faults.Add(new FaultRule("/api/v2/**", Times: 0, DelayMs: LatencyMs));

        var source = WireValues.AssetArchive(ImmutableDictionary<string, PropertyValue>.Empty
            .Add("main.tf", WireValues.StringAsset("resource \"null_resource\" \"dev\" {}\n")));
        var declared = Enumerable.Range(0, Users).Select(i => ("coder:index:User", $"user-{i}", Inputs(
                ("username", new PropertyValue($"user-{i}")), ("email", new PropertyValue($"user-{i}@example.com")),
                ("loginType", new PropertyValue("oidc")))))
            .Concat(Enumerable.Range(0, Groups).Select(i => ("coder:index:Group", $"group-{i}", Inputs(("name", new PropertyValue($"group-{i}"))))))
            .Concat(Enumerable.Range(0, Templates).Select(i => ("coder:index:Template", $"template-{i}", Inputs(
                ("name", new PropertyValue($"template-{i}")), ("source", source)))))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();

        var created = new ConcurrentBag<ResourceState>();
        var phases = new List<Phase>
        {
            await PhaseAsync("create", coder, declared, async r => created.Add(await engine.CreateAsync(r.Item1, r.Item2, r.Item3)), ct),
        };
        var resources = created.ToList();
        phases.Add(await PhaseAsync("refresh", coder, resources, r => engine.RefreshAsync(r), ct));
        phases.Add(await PhaseAsync("destroy", coder, resources, r => engine.DeleteAsync(r), ct));
        var end = plugin.ResidentBytes();

        var exchanges = coder.Control.Traffic.Exchanges;
        var throttled = exchanges.Count(e => e.Status == 429);
        // A create is sent twice when one resource's POST shows up more than once (a retry of a create whose answer was
        // lost, or a lost-create adoption gone wrong).
        var duplicates = exchanges
            .Where(e => e.Method == "POST" && e.RequestBody?["username"] is not null || e.Method == "POST" && e.Path.EndsWith("/groups", StringComparison.Ordinal))
            .GroupBy(e => e.RequestBody?["username"]?.ToString() ?? e.RequestBody?["name"]?.ToString())
            .Count(g => g.Count() > 1);

        var rows = new List<BenchRow>();
        foreach (var phase in phases)
        {
            var bound = TimeSpan.FromMilliseconds(LatencyMs * (double)phase.Calls / Parallelism);
            var ratio = phase.Elapsed / bound;
            rows.Add(new BenchRow(
                $"500 resources ({Users} users, {Groups} groups, {Templates} templates), {Parallelism} at a time, {LatencyMs} ms latency: {phase.Name} " +
                $"({phase.Calls} calls, {phase.Failures} failures{(phase.FirstError is null ? "" : $": {phase.FirstError}")})",
                $"{phase.Elapsed.TotalSeconds:0.00} s", $"{bound.TotalSeconds:0.00} s ({LatencyMs} ms × calls ÷ {Parallelism})", ratio,
                "≤ 1.3×, no failure", ratio <= 1.3 && phase.Failures == 0));
        }
        rows.Add(new BenchRow("500 resources: plugin resident memory at the end vs after Configure", $"{end / 1048576.0:0.0} MiB",
            $"{idle / 1048576.0:0.0} MiB (idle, configured)", (double)end / idle, "≤ 1.5×", end <= idle * 1.5));
        rows.Add(new BenchRow("500 resources: creates sent twice, answers 429 (coderd's default rate limits)", $"{duplicates}, {throttled}", "—", null,
            "0, 0", duplicates == 0 && throttled == 0));
        return rows;
    }

    private static ImmutableDictionary<string, PropertyValue> Inputs(params (string Key, PropertyValue Value)[] values) =>
        values.ToImmutableDictionary(v => v.Key, v => v.Value);

    /// <summary>Runs the operation on every item, <see cref="Parallelism"/> at a time, and counts the Coder calls the
    /// phase made.</summary>
    private static async Task<Phase> PhaseAsync<T>(string name, CoderDouble coder, IReadOnlyList<T> items, Func<T, Task> operation, CancellationToken ct)
    {
        var callsBefore = coder.Control.Traffic.Exchanges.Count;
        var failures = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (item, _) =>
        {
            try
            {
                await operation(item);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref failures);
                Interlocked.CompareExchange(ref firstError, e.Message.Split('\n')[0], null);
            }
        });
        clock.Stop();
        // Log streams are recorded when they close, just after their operation returned.
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        return new Phase(name, clock.Elapsed, coder.Control.Traffic.Exchanges.Count - callsBefore, failures, firstError);
    }
}

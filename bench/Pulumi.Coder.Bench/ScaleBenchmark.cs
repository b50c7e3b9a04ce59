using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Coder.Double;
using Coder.Double.Control;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.EngineHarness.Wire;
using Pulumi.Experimental;

namespace Pulumi.Coder.Bench;

/// <summary>
/// 500 resources created, refreshed and destroyed through the published plugin as the engine drives
/// them with <c>--parallel 64</c>: against the loopback double with coderd's default rate limits on and 20 ms added to
/// every API call. Each phase's wall time is compared with what 64 parallel callers would need if every Coder call
/// took exactly the injected latency (20 ms × calls the double recorded / 64).
/// </summary>
public sealed class ScaleBenchmark : IBenchmark
{
    private const int Parallelism = 64;
    private const int MeasuredRuns = 5;
    private const int LatencyMs = 20;
    private const int Users = 300;

    // coderd allows 12 POST /api/v2/files per user a minute (--files-rate-limit, a sliding window): every template
    // uploads its source there, so a run that is to finish within a minute without a 429 can push 12 templates at
    // most. More templates are still created (the client waits out Retry-After), at 12 a minute.
    private const int Templates = 12;
    private const int Groups = 500 - Users - Templates;
    private const int GroupsWithMembers = 60;
    private const int MembersPerGroup = 5;

    public int Order => 80;
    public string Name => "scale";

    public Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context, CancellationToken ct) => ScaleRowsAsync(context, ct);

    private static async Task<IReadOnlyList<BenchRow>> ScaleRowsAsync(BenchContext context, CancellationToken ct)
    {
        // The double runs in this process on the JIT: a small run first, on a double of its own (so that the rate
        // limits of the measured one start from nothing), compiles its handlers so that the run measured does not pay
        // for that.
        await RunAsync(context, new Mix(Users: 30, Groups: 16, GroupsWithMembers: 6, Templates: 2), ct);
        // The longest chain of each phase, alone: one template (a create is ten calls in a row and an import job) and
        // one group with its members (created after them, deleted before them). No phase of the large run can end
        // sooner, whatever its parallelism.
        var alone = await RunAsync(context, new Mix(Users: MembersPerGroup, Groups: 1, GroupsWithMembers: 1, Templates: 1), ct);
        // Each phase lasts well under a second, so one run is noisy: the median of a few, each on a fresh double and
        // plugin.
        var runs = new List<Run>();
        for (var i = 0; i < Math.Min(context.Runs, MeasuredRuns); i++)
        {
            runs.Add(await RunAsync(context, new Mix(Users, Groups, GroupsWithMembers, Templates), ct));
        }
        var plan = runs[0].Plan;
        var rows = new List<BenchRow>();
        var failures = runs.Sum(r => r.Phases.Sum(p => p.Failures.Count));
        rows.Add(new BenchRow($"{plan.Count} resources ({Users} users, {Groups} groups of which {GroupsWithMembers} with " +
                $"{MembersPerGroup} members, {Templates} templates), {Parallelism} at a time, {runs.Count} runs: failed operations",
            failures.ToString(CultureInfo.InvariantCulture) + FirstFailure(runs.SelectMany(r => r.Phases)), "—", null, "0", failures == 0));
        for (var index = 0; index < alone.Phases.Count; index++)
        {
            // The run whose phase took the median time, so that its CPU figures belong to it.
            var phase = runs.Select(r => r.Phases[index]).OrderBy(p => p.WallMs).ElementAt(runs.Count / 2);
            var chain = alone.Phases[index];
            var ideal = (double)LatencyMs * phase.Calls / Parallelism;
            // The CPU both processes used, against the two cores' capacity over the wall time: near 100 % means
            // the machine, not waiting on Coder, bounds the phase.
            var busy = (phase.PluginCpuMs + phase.BenchCpuMs) / (Environment.ProcessorCount * phase.WallMs);
            // The double and the engine's side run on the same cores as the plugin: the phase cannot take less than
            // their CPU spread over every core.
            var cpuFloor = (phase.PluginCpuMs + phase.BenchCpuMs) / Environment.ProcessorCount;
            var bound = Math.Max(ideal, Math.Max(cpuFloor, chain.WallMs));
            rows.Add(new BenchRow($"{phase.Name} of {plan.Count}, wall time (median run)",
                $"{Sample.Ms(phase.WallMs)} (CPU: plugin {Sample.Ms(phase.PluginCpuMs)}, double and engine {Sample.Ms(phase.BenchCpuMs)}; " +
                $"{busy.ToString("P0", CultureInfo.InvariantCulture)} of {Environment.ProcessorCount} cores)",
                $"{Sample.Ms(ideal)} ({LatencyMs} ms × {phase.Calls} Coder calls / {Parallelism}); on this machine at best " +
                $"{Sample.Ms(bound)}, the most of that, the CPU used ÷ {Environment.ProcessorCount} cores " +
                $"({Sample.Ms(cpuFloor)}) and the longest chain alone ({Sample.Ms(chain.WallMs)}): " +
                $"{(phase.WallMs / bound).ToString("0.00", CultureInfo.InvariantCulture)}× that",
                phase.WallMs / ideal, "≤ 1.3×", phase.WallMs / ideal <= 1.3));
        }
        // The worst run's memory, creates sent twice and 429s over every run.
        var (idle, final) = runs.Select(r => (r.IdleRss, r.FinalRss)).MaxBy(r => r.FinalRss / r.IdleRss);
        var creates = runs.Sum(r => r.DuplicateCreates);
        rows.Add(new BenchRow("provider RSS after the 500-resource run (the worst run)", MiB(final), MiB(idle) + " (after its Configure)",
            final / idle, "≤ 1.5×", final / idle <= 1.5));
        rows.Add(new BenchRow("creates sent twice (POSTs per created name)", creates.ToString(CultureInfo.InvariantCulture),
            "—", null, "0", creates == 0));
        var limited = runs.Sum(r => r.Phases.Sum(p => p.RateLimited));
        rows.Add(new BenchRow("answers 429 (coderd's rate limit tripped)", limited.ToString(CultureInfo.InvariantCulture),
            "—", null, "0", limited == 0));
        return rows;
    }

    private sealed record Mix(int Users, int Groups, int GroupsWithMembers, int Templates);

    private sealed record Run(IReadOnlyList<Spec> Plan, IReadOnlyList<PhaseResult> Phases, int DuplicateCreates, double IdleRss, double FinalRss);

    /// <summary>A fresh double (coderd's default rate limits on, every call 20 ms slower) and plugin; the mix created,
    /// refreshed and destroyed.</summary>
    private static async Task<Run> RunAsync(BenchContext context, Mix mix, CancellationToken ct)
    {
        await using var coder = await CoderDouble.StartOnLoopbackAsync(0, new CoderDoubleOptions());
        coder.Control.Faults.Add(new FaultRule("/api/v2/**", DelayMs: LatencyMs, Times: 0));
        await using var process = await ProviderProcess.StartAsync(context.Plugin);
        var engine = new EngineDriver(process, stack: "bench");
        await engine.ConfigureAsync(Benchmarks.ProviderConfig(coder));
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        var idle = (double)process.ResidentBytes();

        var plan = Plan(mix);
        var phases = new List<PhaseResult>();
        coder.Control.Traffic.Clear();
        var states = new ResourceState?[plan.Count];
        phases.Add(await PhaseAsync("create (Check, Create)", coder, process, plan, dependsOnEarlier: true, async (i, _) =>
        {
            var spec = plan[i];
            states[i] = await engine.CreateAsync(spec.Type, spec.Name, spec.Inputs(states));
        }));
        var creates = DuplicateCreates(coder.Control.Traffic.Exchanges);
        coder.Control.Traffic.Clear();
        phases.Add(await PhaseAsync("refresh (Read)", coder, process, plan, dependsOnEarlier: false, async (i, _) =>
        {
            if (states[i] is { } state && await engine.RefreshAsync(state) is null)
                throw new InvalidOperationException($"{state.Urn} is gone after its create");
        }));
        coder.Control.Traffic.Clear();
        phases.Add(await PhaseAsync("destroy (Delete)", coder, process, plan, dependsOnEarlier: false, async (i, _) =>
        {
            if (states[i] is { } state) await engine.DeleteAsync(state);
        }, reverseDependencies: true));
        return new Run(plan, phases, creates, idle, process.ResidentBytes());
    }

    /// <summary>One resource to create: its inputs may name resources earlier in the plan (a group's members).</summary>
    private sealed record Spec(string Type, string Name, IReadOnlyList<int> DependsOn, Func<ResourceState?[], IReadOnlyDictionary<string, PropertyValue>> Inputs);

    /// <summary>The mix, interleaved as a program declaring teams would: templates, users, then groups (some with
    /// members, which wait for their users as the engine makes them).</summary>
    private static IReadOnlyList<Spec> Plan(Mix mix)
    {
        var plan = new List<Spec>();
        for (var t = 0; t < mix.Templates; t++)
        {
            var name = $"tpl-{t:D2}";
            // A small template, different per template (coderd keeps one file per content hash).
            var main = $"# {name}\nresource \"null_resource\" \"dev\" {{}}\n";
            plan.Add(new Spec("coder:index:Template", name, [], _ => Map(
                ("name", new PropertyValue(name)),
                ("source", WireValues.AssetArchive(new Dictionary<string, PropertyValue>
                {
                    ["main.tf"] = WireValues.StringAsset(main),
                    ["README.md"] = WireValues.StringAsset($"# {name}\nA benchmark template.\n"),
                })))));
        }
        var firstUser = plan.Count;
        for (var u = 0; u < mix.Users; u++)
        {
            var username = $"user-{u:D3}";
            plan.Add(new Spec("coder:index:User", username, [], _ => Map(
                ("username", new PropertyValue(username)),
                ("email", new PropertyValue($"{username}@bench.test")),
                ("loginType", new PropertyValue("oidc")))));
        }
        for (var g = 0; g < mix.Groups; g++)
        {
            var name = $"group-{g:D3}";
            int[] members = g < mix.GroupsWithMembers
                ? [.. Enumerable.Range(0, MembersPerGroup).Select(m => firstUser + (g * MembersPerGroup + m) % mix.Users)]
                : [];
            plan.Add(new Spec("coder:index:Group", name, members, states =>
            {
                var inputs = Map(("name", new PropertyValue(name)), ("quotaAllowance", new PropertyValue(g % 4)));
                return members.Length == 0 ? inputs : inputs.Add("members", new PropertyValue(
                    [.. members.Select(m => states[m]!.Id).Select(id => new PropertyValue(id))]));
            }));
        }
        return plan;
    }

    /// <param name="PluginCpuMs">CPU time the plugin used in the phase.</param>
    /// <param name="BenchCpuMs">CPU time this process used: the double (with its 20 ms waits, which cost none) and the
    /// engine's side of gRPC.</param>
    private sealed record PhaseResult(string Name, double WallMs, int Calls, int RateLimited, IReadOnlyList<string> Failures,
        double PluginCpuMs, double BenchCpuMs);

    /// <summary>Runs one step per resource, at most <see cref="Parallelism"/> at a time, each after the steps it
    /// depends on (or, destroying, after the steps that depend on it), as the engine schedules them.</summary>
    private static async Task<PhaseResult> PhaseAsync(string name, CoderDouble coder, ProviderProcess plugin, IReadOnlyList<Spec> plan,
        bool dependsOnEarlier, Func<int, CancellationToken, Task> step, bool reverseDependencies = false)
    {
        var pluginCpu = CpuMs(plugin.ProcessId);
        var benchCpu = CpuMs(Environment.ProcessId);
        var done = plan.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var waitsFor = plan.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < plan.Count; i++)
        {
            foreach (var dependency in plan[i].DependsOn)
            {
                if (dependsOnEarlier) waitsFor[i].Add(dependency);
                else if (reverseDependencies) waitsFor[dependency].Add(i);
            }
        }
        using var slots = new SemaphoreSlim(Parallelism);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, plan.Count).Select(async i =>
        {
            try
            {
                await Task.WhenAll(waitsFor[i].Select(d => done[d].Task));
                await slots.WaitAsync();
                try
                {
                    await step(i, CancellationToken.None);
                }
                finally
                {
                    slots.Release();
                }
            }
            catch (Exception e)
            {
                failures.Enqueue($"{plan[i].Name}: {e.Message}");
            }
            finally
            {
                done[i].TrySetResult();
            }
        }));
        var wall = clock.Elapsed.TotalMilliseconds;
        var exchanges = coder.Control.Traffic.Exchanges;
        return new PhaseResult(name, wall, exchanges.Count, exchanges.Count(e => e.Status == 429), [.. failures],
            CpuMs(plugin.ProcessId) - pluginCpu, CpuMs(Environment.ProcessId) - benchCpu);
    }

    private static double CpuMs(int processId)
    {
        using var process = Process.GetProcessById(processId);
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    /// <summary>Creates sent more than once: POSTs that carry the same created name (username for users).</summary>
    private static int DuplicateCreates(IReadOnlyList<RecordedExchange> exchanges) =>
        exchanges
            .Where(e => e.Method == "POST" && e.RequestBody is System.Text.Json.Nodes.JsonObject)
            .Where(e => e.Path.EndsWith("/users", StringComparison.Ordinal) || e.Path.EndsWith("/groups", StringComparison.Ordinal) ||
                e.Path.EndsWith("/templates", StringComparison.Ordinal))
            .Select(e => e.Path.Split('?')[0] + " " + ((string?)e.RequestBody!["username"] ?? (string?)e.RequestBody!["name"]))
            .GroupBy(key => key)
            .Sum(g => g.Count() - 1);

    private static string FirstFailure(IEnumerable<PhaseResult> phases) =>
        phases.SelectMany(p => p.Failures.Select(f => $"{p.Name}: {f}")).FirstOrDefault() is { } first
            ? $" (first: {(first.Length > 160 ? first[..160] + "…" : first)})"
            : "";

    private static ImmutableDictionary<string, PropertyValue> Map(params (string Key, PropertyValue Value)[] entries) =>
        entries.ToImmutableDictionary(e => e.Key, e => e.Value);

    private static string MiB(double bytes) => (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}

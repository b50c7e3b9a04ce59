using System.Collections.Immutable;
using System.Diagnostics;
using Coder.Double.Control;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.Provider.Tests.EndToEnd;
using Pulumi.Experimental;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>What one (resource, step, fault) case showed; <see cref="Problems"/> is empty when it converged.</summary>
public sealed record FaultCase(ResourceScenario Scenario, MutatingStep Step, Fault Fault, string? Error, IReadOnlyList<string> Problems)
{
    public bool Converged => Problems.Count == 0;

    public override string ToString() => $"{Scenario.Resource} {Step} {Fault}";
}

/// <summary>
/// Runs the fault matrix through the plugin binary, against one double that is reset before every case: for each
/// scenario, a clean create, update and delete record the mutating calls; then each call of each operation is
/// faulted in turn, and what the engine would do next (refresh, then the same `up` or `destroy` again) must leave the
/// stack's state equal to Coder and to the program, with nothing on Coder that neither the state nor the error names.
/// </summary>
public sealed class FaultMatrix(PluginFixture fixture)
{
    private const string Name = "subject";

    /// <summary>The custom timeout of the faulted operation when the fault is a hang: short, so a case takes about a
    /// second; every other operation gets the engine's default.</summary>
    private const double HangTimeoutSeconds = 1;

    /// <summary>Far beyond any case's expected time: a call still running then ignores its custom timeout.</summary>
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(20);

    private EngineDriver Engine => fixture.Engine;

    private DoubleControl Control => fixture.Coder.Control;

    public async Task<IReadOnlyList<MutatingStep>> DiscoverAsync(ResourceScenario scenario)
    {
        Control.Reset();
        using var run = new ScenarioRun(Engine);
        await scenario.Prerequisites(run);
        var steps = new List<MutatingStep>();

        // As the cases run them: the delete deletes the resource as created (an update may make it undeletable, as
        // promoting a template version does), the update changes a fresh one.
        Control.Traffic.Clear();
        var resource = await Engine.CreateAsync(scenario.Type, Name, scenario.Create(run));
        steps.AddRange(MutatingSteps.From(Phase.Create, Control.Traffic.Exchanges));

        Control.Traffic.Clear();
        await Engine.DeleteAsync(resource);
        var deleteSteps = MutatingSteps.From(Phase.Delete, Control.Traffic.Exchanges);

        // A fresh deployment, as each case starts with (a deleted object can keep its name taken).
        Control.Reset();
        using var fresh = new ScenarioRun(Engine);
        await scenario.Prerequisites(fresh);
        resource = await Engine.CreateAsync(scenario.Type, Name, scenario.Create(fresh));
        Control.Traffic.Clear();
        var updated = await Engine.UpdateAsync(resource, scenario.Update(fresh));
        if (updated.Replaced || !updated.Diff.HasChanges)
            throw new InvalidOperationException($"the {scenario.Resource} scenario's update must change the resource in place");
        steps.AddRange(MutatingSteps.From(Phase.Update, Control.Traffic.Exchanges));
        steps.AddRange(deleteSteps);
        return steps;
    }

    public async Task<FaultCase> RunAsync(ResourceScenario scenario, MutatingStep step, Fault fault)
    {
        Control.Reset();
        using var run = new ScenarioRun(Engine);
        await scenario.Prerequisites(run);
        using var coder = fixture.OutOfBand();
        var before = await scenario.ObjectsOnCoder(coder, run);
        async Task<IReadOnlySet<string>> MadeByTheCase() => (await scenario.ObjectsOnCoder(coder, run)).Except(before).ToHashSet();

        var problems = new List<string>();
        var create = scenario.Create(run);
        var update = scenario.Update(run);
        var resource = step.Phase == Phase.Create ? null : await Engine.CreateAsync(scenario.Type, Name, create);

        // The operation under the fault. Like the engine: a failed create leaves nothing in state (the framework
        // cannot report a partial create), a failed update or delete keeps the old state.
        var faultId = Control.Faults.Add(Faults.Rule(step, fault));
        var timeout = fault == Fault.Timeout ? HangTimeoutSeconds : 300;
        string? error = null;
        var clock = Stopwatch.StartNew();
        try
        {
            Task<ResourceState?> operation = step.Phase switch
            {
                Phase.Create => Promote(Engine.CreateAsync(scenario.Type, Name, create, timeout)),
                Phase.Update => Promote(Engine.UpdateAsync(resource!, update, timeoutSeconds: timeout).ContinueWith(t => t.Result.Resource)),
                _ => Engine.DeleteAsync(resource!, timeout).ContinueWith(t => { t.Wait(); return (ResourceState?)null; }),
            };
            resource = await operation.WaitAsync(CaseLimit);
        }
        catch (Exception e) when (Unwrap(e) is RpcException rpc)
        {
            error = rpc.Status.Detail;
        }
        catch (TimeoutException)
        {
            problems.Add($"the operation was still running after {CaseLimit.TotalSeconds} s, ignoring its {timeout} s custom timeout");
            Control.Faults.Clear();
            return new FaultCase(scenario, step, fault, error, problems);
        }
        var fired = Control.Faults.List().Single(f => f.Id == faultId).MatchedCalls >= step.Nth;
        Control.Faults.Clear();
        if (!fired) problems.Add("the faulted call was never made (the clean run's calls differ from this run's)");
        if (fault == Fault.Timeout && clock.Elapsed > TimeSpan.FromSeconds(HangTimeoutSeconds + 5))
            problems.Add($"the operation took {clock.Elapsed.TotalSeconds:0.0} s despite its {HangTimeoutSeconds} s custom timeout");

        // `pulumi refresh`: Read of every resource in state; those Coder no longer has leave the state.
        try
        {
            foreach (var (name, prerequisite) in run.Prerequisites.ToList())
                run.Prerequisites[name] = await Engine.RefreshAsync(prerequisite) ?? throw new InvalidOperationException($"prerequisite {name} vanished");
            if (resource is not null) resource = await Engine.RefreshAsync(resource);
        }
        catch (Exception e) when (Unwrap(e) is RpcException rpc)
        {
            problems.Add($"refresh failed: {rpc.Status.Detail}");
            return new FaultCase(scenario, step, fault, error, problems);
        }

        var onCoder = await MadeByTheCase();
        if (resource is not null && !onCoder.Contains(resource.Id))
            problems.Add($"after refresh the state points at {resource.Id}, which Coder does not have");
        foreach (var orphan in onCoder.Where(id => id != resource?.Id))
        {
            if (error is null || !error.Contains(orphan, StringComparison.Ordinal) || !error.Contains("pulumi import", StringComparison.Ordinal))
                problems.Add($"{orphan} is on Coder, but neither in state nor named in the error with its import command (error: {error ?? "none"})");
        }

        // The same `up` (or `destroy`) again: Check → Create for a resource not in state, Check → Diff → Update for one
        // that is.
        var program = step.Phase == Phase.Update ? update : create;
        try
        {
            if (step.Phase == Phase.Delete)
            {
                if (resource is not null) await Engine.DeleteAsync(resource);
                resource = null;
            }
            else
            {
                resource = resource is null
                    ? await Engine.CreateAsync(scenario.Type, Name, program)
                    : (await Engine.UpdateAsync(resource, program)).Resource;
            }
        }
        catch (Exception e) when (Unwrap(e) is RpcException rpc)
        {
            problems.Add($"the retried {(step.Phase == Phase.Delete ? "destroy" : "up")} failed: {rpc.Status.Detail}");
            return new FaultCase(scenario, step, fault, error, problems);
        }

        onCoder = await MadeByTheCase();
        var inState = resource is null ? [] : new HashSet<string> { resource.Id };
        if (!onCoder.SetEquals(inState))
            problems.Add($"after the retry Coder has [{string.Join(", ", onCoder)}] and the state [{string.Join(", ", inState)}]");
        if (resource is not null)
        {
            // Converged: a refresh finds what the state says, and the program shows no diff against it.
            var refreshed = await Engine.RefreshAsync(resource);
            if (refreshed is null)
            {
                problems.Add("after the retry a refresh no longer finds the resource");
            }
            else
            {
                var check = await Engine.CheckAsync(scenario.Type, Name, program, refreshed.Inputs);
                var diff = await Engine.DiffAsync(refreshed, check.Inputs);
                if (check.Failures.Count > 0 || diff.HasChanges)
                    problems.Add($"after the retry and a refresh the program still differs: {string.Join(", ", diff.Diffs)}{string.Join("; ", check.Failures)}");
            }
        }
        return new FaultCase(scenario, step, fault, error, problems);
    }

    private static async Task<ResourceState?> Promote(Task<ResourceState> task) => await task;

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerException: { } inner } ? Unwrap(inner) : e;
}

/// <summary>The fault matrix, one row per declared resource; after each row the figures so far are printed as
/// `reliability: fault matrix N cases, M converged` (see <see cref="ReliabilityFigures"/>).</summary>
public sealed class FaultMatrixTests : IAsyncLifetime
{
    private static readonly List<FaultCase> AllCases = [];

    private readonly PluginFixture fixture = new(options => options with
    {
        // Jobs as fast as the provider polls, so that a case takes a fraction of a second.
        JobTiming = new JobTiming(PendingMs: 5, RunningMs: 20, CancelMs: 10),
    });

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    public static TheoryData<string> Resources => [.. ResourceScenarios.All.Select(s => s.Resource)];

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Every_mutating_call_under_every_fault_converges_after_refresh_and_retry(string resource)
    {
        var scenario = ResourceScenarios.All.Single(s => s.Resource == resource);
        var matrix = new FaultMatrix(fixture);
        var cases = new List<FaultCase>();
        var clock = Stopwatch.StartNew();
        var steps = await matrix.DiscoverAsync(scenario);
        Assert.NotEmpty(steps);
        foreach (var step in steps)
            foreach (var fault in Enum.GetValues<Fault>())
            {
                var started = clock.Elapsed;
                var outcome = await matrix.RunAsync(scenario, step, fault);
                cases.Add(outcome);
                ReliabilityFigures.Progress("fault-matrix", $"{(clock.Elapsed - started).TotalMilliseconds,6:0} ms {(outcome.Converged ? "ok" : "FAILED")} {outcome}");
            }

        lock (AllCases)
        {
            AllCases.AddRange(cases);
            var failed = AllCases.Count(c => !c.Converged);
            ReliabilityFigures.Report("fault-matrix",
                $"fault matrix {AllCases.Count} cases, {AllCases.Count - failed} converged " +
                $"({AllCases.Select(c => c.Scenario).Distinct().Count()} resources, " +
                $"{AllCases.Select(c => (c.Scenario, c.Step)).Distinct().Count()} mutating calls, {Enum.GetValues<Fault>().Length} faults)",
                AllCases.Select(c => $"{(c.Converged ? "converged" : "FAILED   ")} {c}" + (c.Converged ? "" : ": " + string.Join(" | ", c.Problems))));
        }
        var failing = cases.Where(c => !c.Converged).ToList();
        Assert.True(failing.Count == 0, $"{resource}: {cases.Count} cases in {clock.Elapsed.TotalSeconds:0} s, {failing.Count} did not converge:\n" +
            string.Join("\n", failing.Select(c => $"{c}: {string.Join(" | ", c.Problems)}")));
    }
}

using System.Collections.Immutable;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coder.Double.Control;
using Grpc.Core;
using Pulumi.Coder.Provider.Tests.EndToEnd;
using Pulumi.Experimental;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>
/// Item 5 of the reliability suite, for every create that waits on a provisioner job (<see cref="LongRunningCreates"/>):
/// the engine's Cancel (the first Ctrl+C of `pulumi up`) ends it promptly and cancels the job on Coder, and SIGINT (how
/// the engine closes a plugin, killing it 5 s later) ends the plugin within that grace without leaving an object on
/// Coder that nobody was told about. Each test has its own plugin and double.
/// </summary>
[Collection(TimedCollection.Name)]
public sealed class CancellationSuite : OwnPluginTest, IDisposable
{
    /// <summary>How long the engine waits for a plugin it interrupted before killing it.</summary>
    private static readonly TimeSpan EngineGrace = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan CancelBound = TimeSpan.FromSeconds(2);

    /// <summary>Long enough that only a cancellation ends the job while the test runs.</summary>
    private static readonly JobOutcome SlowJob = new(DurationMs: 120_000);

    private WorkspaceTemplates? templates;
    private WorkspaceTemplates Templates => templates ??= new WorkspaceTemplates(Fixture.Engine);

    public void Dispose() => templates?.Dispose();

    public static TheoryData<string> Types => LongRunningCreates.Types;

    public static TheoryData<string> TypesWithStallableRollback => LongRunningCreates.TypesWithStallableRollback;

    [Theory, MemberData(nameof(Types))]
    public async Task Cancel_during_the_job_returns_within_2_s_and_cancels_the_job_on_Coder(string type)
    {
        var row = LongRunningCreates.Named(type);
        var (creating, inputs, job) = await StartCreateAndWaitForTheJobAsync(row, "cancelled");

        var clock = Stopwatch.StartNew();
        await Fixture.Engine.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => creating);
        clock.Stop();

        Assert.True(clock.Elapsed < CancelBound, $"{type}: the create took {clock.Elapsed.TotalMilliseconds:F0} ms after Cancel");
        Assert.Contains(error.StatusCode, new[] { StatusCode.Cancelled, StatusCode.Internal });
        await AssertCancelledOnCoderAsync(job);
        using var coder = Fixture.OutOfBand();
        Assert.Null(await row.LeftOnCoderAsync(coder, inputs));
        ReliabilityFigures.Report($"cancel {type}: returned in {clock.Elapsed.TotalMilliseconds:F0} ms, job cancelled on Coder, nothing left");
    }

    [Theory, MemberData(nameof(Types))]
    public async Task SIGINT_during_the_job_ends_the_plugin_within_the_engines_grace_leaving_nothing_unreported(string type)
    {
        var row = LongRunningCreates.Named(type);
        var (creating, inputs, job) = await StartCreateAndWaitForTheJobAsync(row, "interrupted");

        var (elapsed, left) = await InterruptAsync(row, creating, inputs, job);
        if (left is not null) AssertReported(row, "interrupted", left);
        ReliabilityFigures.Report($"SIGINT {type}: plugin exited in {elapsed.TotalMilliseconds:F0} ms, job cancelled on Coder, " +
            (left is null ? "nothing left" : "the object left is named on stderr"));
    }

    [Theory, MemberData(nameof(TypesWithStallableRollback))]
    public async Task SIGINT_when_the_rollback_cannot_finish_in_the_grace_names_the_object_and_its_import_command_on_stderr(string type)
    {
        var row = LongRunningCreates.Named(type);
        var (creating, inputs, job) = await StartCreateAndWaitForTheJobAsync(row, "stranded");
        row.StallRollback!(Fixture.Coder.Control);

        var (elapsed, left) = await InterruptAsync(row, creating, inputs, job);
        Assert.NotNull(left);
        AssertReported(row, "stranded", left);
        ReliabilityFigures.Report($"SIGINT {type} with a stalled rollback: plugin exited in {elapsed.TotalMilliseconds:F0} ms, " +
            "the object left is named on stderr with its import command");
    }

    /// <summary>SIGINT, as the engine sends it when it closes the plugin: the plugin must exit within the engine's
    /// grace, the create fail and its job be cancelled on Coder. Returns how long the exit took and what the create
    /// left on Coder.</summary>
    private async Task<(TimeSpan Elapsed, string? Left)> InterruptAsync(LongRunningCreate row, Task creating, ImmutableDictionary<string, PropertyValue> inputs, string job)
    {
        var clock = Stopwatch.StartNew();
        Fixture.Plugin.Interrupt();
        var exited = await Fixture.Plugin.WaitForExitAsync(EngineGrace);
        clock.Stop();

        Assert.True(exited, $"{row.Type}: the plugin was still running {EngineGrace} after SIGINT; the engine would kill it. stderr:\n{Fixture.Plugin.StandardError}");
        await Assert.ThrowsAnyAsync<Exception>(() => creating);
        await AssertCancelledOnCoderAsync(job);
        using var coder = Fixture.OutOfBand();
        return (clock.Elapsed, await row.LeftOnCoderAsync(coder, inputs));
    }

    /// <summary>Makes the prerequisites, starts the create with a job that only a cancellation ends, and returns once
    /// the plugin follows that job: the job's route on Coder (<c>/api/v2/workspacebuilds/{id}</c>).</summary>
    private async Task<(Task Creating, ImmutableDictionary<string, PropertyValue> Inputs, string Job)> StartCreateAndWaitForTheJobAsync(LongRunningCreate row, string name)
    {
        var inputs = await row.Inputs(Templates, name);
        Fixture.Coder.Control.Traffic.Clear();
        Fixture.Coder.Control.Jobs.Enqueue(row.JobKind, SlowJob);
        var creating = Fixture.Engine.CreateAsync(row.Type, name, inputs);
        // Followed on its log stream (open now), or polled where the stream is refused.
        var followed = new Regex($"^({Regex.Escape(row.JobRoute)}[0-9a-f-]{{36}})/logs(\\?follow=true&after=[0-9]+)?$");
        for (var i = 0; i < 400; i++)
        {
            var paths = Fixture.Coder.Control.Traffic.OpenStreams
                .Concat(Fixture.Coder.Control.Traffic.Exchanges.Where(e => e.Method == "GET").Select(e => e.Path));
            if (paths.Select(p => followed.Match(p)).FirstOrDefault(m => m.Success) is { } match)
                return (creating, inputs, match.Groups[1].Value);
            if (creating.IsCompleted) await creating; // a create that failed early shows its error
            await Task.Delay(25);
        }
        throw new TimeoutException($"{row.Type}: the plugin never followed its {row.JobKind} job");
    }

    /// <summary>The plugin asked Coder to cancel the job, and Coder marked it so.</summary>
    private async Task AssertCancelledOnCoderAsync(string job)
    {
        Assert.Contains(Fixture.Coder.Control.Traffic.Exchanges, e => e.Method == "PATCH" && e.Path == $"{job}/cancel");
        using var coder = Fixture.OutOfBand();
        var read = await coder.GetFromJsonAsync<JsonElement>(job);
        Assert.True(read.GetProperty("job").TryGetProperty("canceled_at", out var at) && at.ValueKind == JsonValueKind.String,
            $"{job} was not marked cancelled on Coder: {read.GetProperty("job")}");
    }

    /// <summary>The engine reads no answer from a plugin it interrupted; what reaches the user is the plugin's standard
    /// error, which must name the object and the command that adopts it.</summary>
    private void AssertReported(LongRunningCreate row, string name, string id)
    {
        var stderr = Fixture.Plugin.StandardError;
        Assert.True(stderr.Contains(id, StringComparison.Ordinal) && stderr.Contains($"pulumi import {row.Type} {name} {id}", StringComparison.Ordinal),
            $"{row.Type} {id} is left on Coder, but the plugin's stderr does not name it with its import command:\n{stderr}");
    }
}

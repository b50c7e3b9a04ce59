using System.Collections.Concurrent;
using Coder.Client.Jobs;
using Coder.Client.Models;
using Coder.Double;
using Coder.Double.Control;

namespace Coder.Client.Tests.AgainstDouble;

/// <summary>The job waiter follows coderd's WebSocket log stream (over real loopback sockets), and polls only where
/// the upgrade is refused.</summary>
[Collection(DoubleCollection.Name)]
public sealed class JobWaiterStreamTests : ProvisioningTest
{
    private const string ThreeLines = """{"import": {"logs": ["resolving modules", "planning", "saving plan"]}}""";

    protected override bool OnLoopback => true;

    // Jobs long enough that the waiter is connected before they end.
    protected override CoderDoubleOptions DoubleOptions => base.DoubleOptions with { JobTiming = new JobTiming(30, 400, 40) };

    [Fact]
    public async Task An_import_is_followed_on_its_log_stream_then_its_status_read_once()
    {
        var version = await Steps.StartVersionAsync(ThreeLines);
        Coder.Control.Traffic.Clear();
        var lines = new ConcurrentQueue<ProvisionerJobLog>();

        var job = await Steps.Waiter.WaitAsync(ProvisionerJobSource.TemplateVersionImport(Client, version.Id), lines.Enqueue);

        Assert.Equal((version.Job.Id, ProvisionerJobStatus.Succeeded), (job.Id, job.Status));
        var waited = Coder.Control.Traffic.Exchanges.ToList();
        // One upgrade (101) that carried every line, one read of the final status, and no polling.
        var stream = Assert.Single(waited, e => e.Path.Contains("/logs"));
        Assert.Equal(($"/api/v2/templateversions/{version.Id}/logs?follow=true&after=0", 101), (stream.Path, stream.Status));
        Assert.Equal([("GET", $"/api/v2/templateversions/{version.Id}")], waited.Where(e => e != stream).Select(e => (e.Method, e.Path)));
        var all = await Client.TemplateVersions.GetLogsAsync(version.Id);
        Assert.Equal(all.Select(l => l.Id), lines.Select(l => l.Id));
        Assert.Contains(lines, l => l.Output == "saving plan");
        Assert.Equal(all.Count, stream.ResponseBody!.AsArray().Count);
    }

    [Fact]
    public async Task A_workspace_build_that_fails_is_followed_and_reported_with_its_log_tail()
    {
        const string quotaOnStart = """{"build": {"fail": {"error": "insufficient quota", "logs": ["Error: quota exceeded"], "transitions": ["start"]}}}""";
        var template = await Steps.CreateTemplateAsync("docker", quotaOnStart);
        Coder.Control.Traffic.Clear();

        var failure = await Assert.ThrowsAsync<ProvisionerJobFailedException>(() => Steps.CreateWorkspaceAsync(template.Id, "dev"));

        Assert.Equal("insufficient quota", failure.JobError);
        Assert.Contains(failure.LogTail, l => l.EndsWith("Error: quota exceeded", StringComparison.Ordinal));
        Assert.Contains(Coder.Control.Traffic.Exchanges, e => e.Path.Contains("/logs?follow=true") && e.Status == 101);
        Assert.DoesNotContain(Coder.Control.Traffic.Exchanges, e => e.Path.Contains("/logs") && !e.Path.Contains("follow=true"));
    }

    [Fact]
    public async Task Where_a_proxy_refuses_the_upgrade_the_waiter_polls()
    {
        Coder.Control.Faults.Add(new FaultRule("/api/v2/templateversions/*/logs", "GET", Times: 0, Status: 502, WebSocket: true));
        var version = await Steps.StartVersionAsync(ThreeLines);
        var lines = new ConcurrentQueue<ProvisionerJobLog>();

        var job = await Steps.Waiter.WaitAsync(ProvisionerJobSource.TemplateVersionImport(Client, version.Id), lines.Enqueue);

        Assert.Equal(ProvisionerJobStatus.Succeeded, job.Status);
        Assert.Equal((await Client.TemplateVersions.GetLogsAsync(version.Id)).Select(l => l.Id), lines.Select(l => l.Id));
        var logCalls = Coder.Control.Traffic.Exchanges.Where(e => e.Path.Contains($"/templateversions/{version.Id}/logs")).ToList();
        Assert.Equal(502, logCalls[0].Status);
        Assert.Contains("follow=true", logCalls[0].Path);
        // Polled: plain log reads (with after once lines were seen) until the job ended.
        Assert.True(logCalls.Count(e => !e.Path.Contains("follow") && e.Status == 200) >= 2);
    }

    [Fact]
    public async Task Canceling_the_callers_token_while_following_cancels_the_job_on_coder()
    {
        var version = await Steps.StartVersionAsync("""{"import": {"duration_ms": 60000, "logs": ["resolving modules", "planning"]}}""");
        var lines = new ConcurrentQueue<ProvisionerJobLog>();
        using var stop = new CancellationTokenSource();
        var waiting = Steps.Waiter.WaitAsync(ProvisionerJobSource.TemplateVersionImport(Client, version.Id), lines.Enqueue, stop.Token);
        await EventuallyAsync(() => !lines.IsEmpty, "the first line on the stream");

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var job = (await Client.TemplateVersions.GetAsync(version.Id)).Job;
        Assert.NotNull(job.CanceledAt);
        Assert.Contains(Coder.Control.Traffic.Exchanges, e => e.Path == $"/api/v2/templateversions/{version.Id}/cancel");
        // The double records the stream once it has ended, which the client's abort makes happen just after.
        await EventuallyAsync(() => Coder.Control.Traffic.Exchanges.Any(e => e.Path.Contains("/logs?follow=true") && e.Status == 101), "the followed stream");
    }
}

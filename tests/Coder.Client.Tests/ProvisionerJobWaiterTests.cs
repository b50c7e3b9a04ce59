using System.Net;
using Coder.Client.Api;
using Coder.Client.Jobs;
using Coder.Client.Models;
using Coder.Client.Tests.Support;
using Moq;

namespace Coder.Client.Tests;

public sealed class ProvisionerJobWaiterTests
{
    private static readonly Guid VersionId = Guid.Parse("1f0e2d3c-4b5a-4697-8877-665544332211");

    private static ProvisionerJobLog Log(long id, string output, string stage = "Planning") =>
        new() { Id = id, Output = output, Stage = stage, LogLevel = JobLogLevel.Info, LogSource = JobLogSource.Provisioner };

    private static TemplateVersion Version(string status, string error = "") =>
        new() { Id = VersionId, Job = new ProvisionerJob { Status = status, Error = error } };

    private static (Mock<ITemplateVersionsApi> Api, ProvisionerJobSource Source) Import()
    {
        var api = new Mock<ITemplateVersionsApi>(MockBehavior.Strict);
        var client = new Mock<ICoderClient>();
        client.SetupGet(c => c.TemplateVersions).Returns(api.Object);
        return (api, ProvisionerJobSource.TemplateVersionImport(client.Object, VersionId));
    }

    private static ProvisionerJobWaiter Waiter(ImmediateTimeProvider? clock = null, int tail = 30) =>
        new(new ProvisionerJobWaiterOptions { TimeProvider = clock ?? new ImmediateTimeProvider(), LogTailLines = tail });

    [Fact]
    public async Task Passes_each_log_line_on_once_in_order_and_returns_the_succeeded_job()
    {
        var (api, source) = Import();
        api.SetupSequence(a => a.GetAsync(VersionId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Version(ProvisionerJobStatus.Pending))
            .ReturnsAsync(Version(ProvisionerJobStatus.Running))
            .ReturnsAsync(Version(ProvisionerJobStatus.Succeeded));
        api.SetupSequence(a => a.GetLogsAsync(VersionId, null, It.IsAny<long?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([])
            .ReturnsAsync([Log(1, "Initializing"), Log(2, "Planning")])
            .ReturnsAsync([Log(3, "Done")]);
        var seen = new List<long>();

        var job = await Waiter().WaitAsync(source, log => seen.Add(log.Id));

        Assert.Equal(ProvisionerJobStatus.Succeeded, job.Status);
        Assert.Equal([1L, 2L, 3L], seen);
        // Each poll asks only for lines after the last one seen.
        api.Verify(a => a.GetLogsAsync(VersionId, null, null, It.IsAny<CancellationToken>()), Times.Exactly(2));
        api.Verify(a => a.GetLogsAsync(VersionId, null, 2L, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_failed_job_carries_coders_error_and_the_log_tail()
    {
        var (api, source) = Import();
        api.Setup(a => a.GetAsync(VersionId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Version(ProvisionerJobStatus.Failed, "terraform plan: exit status 1"));
        api.Setup(a => a.GetLogsAsync(VersionId, null, It.IsAny<long?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([Log(1, "one"), Log(2, "two"), Log(3, "Error: Unsupported argument")]);

        var error = await Assert.ThrowsAsync<ProvisionerJobFailedException>(() => Waiter(tail: 2).WaitAsync(source));

        Assert.Equal(ProvisionerJobStatus.Failed, error.Status);
        Assert.Equal("terraform plan: exit status 1", error.JobError);
        Assert.Equal(["Planning: two", "Planning: Error: Unsupported argument"], error.LogTail);
        Assert.StartsWith($"Template version {VersionId} import failed: terraform plan: exit status 1.", error.Message);
        Assert.Contains("Planning: Error: Unsupported argument", error.Message);
        Assert.DoesNotContain("one", error.Message);
    }

    [Fact]
    public async Task A_canceled_job_says_so()
    {
        var (api, source) = Import();
        api.Setup(a => a.GetAsync(VersionId, It.IsAny<CancellationToken>())).ReturnsAsync(Version(ProvisionerJobStatus.Canceled));
        api.Setup(a => a.GetLogsAsync(VersionId, null, It.IsAny<long?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var error = await Assert.ThrowsAsync<ProvisionerJobFailedException>(() => Waiter().WaitAsync(source));

        Assert.Equal(ProvisionerJobStatus.Canceled, error.Status);
        Assert.Contains("was canceled", error.Message);
    }

    [Fact]
    public async Task Polls_fast_at_first_and_backs_off_while_nothing_happens()
    {
        var (api, source) = Import();
        var statuses = new Queue<string>(Enumerable.Repeat(ProvisionerJobStatus.Running, 8).Append(ProvisionerJobStatus.Succeeded));
        api.Setup(a => a.GetAsync(VersionId, It.IsAny<CancellationToken>())).ReturnsAsync(() => Version(statuses.Dequeue()));
        api.Setup(a => a.GetLogsAsync(VersionId, null, It.IsAny<long?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var clock = new ImmediateTimeProvider();

        await Waiter(clock).WaitAsync(source);

        // The first poll is progress (a status is seen), then nothing changes.
        Assert.Equal(new[] { 25, 50, 80, 80, 80, 80, 80, 80 }.Select(ms => TimeSpan.FromMilliseconds(ms)), clock.RequestedWaits);
    }

    [Fact]
    public async Task A_long_quiet_job_is_followed_within_coders_rate_limit()
    {
        // coderd's default --api-rate-limit: 512 requests a minute per user and endpoint (status and logs each count).
        const int CoderRateLimit = 512;
        var (api, source) = Import();
        var clock = new ImmediateTimeProvider();
        var jobLength = TimeSpan.FromMinutes(5);
        var polledAt = new List<TimeSpan>();
        api.Setup(a => a.GetAsync(VersionId, It.IsAny<CancellationToken>())).ReturnsAsync(() =>
        {
            var now = clock.GetElapsedTime(0);
            polledAt.Add(now);
            return Version(now < jobLength ? ProvisionerJobStatus.Running : ProvisionerJobStatus.Succeeded);
        });
        api.Setup(a => a.GetLogsAsync(VersionId, null, It.IsAny<long?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        await Waiter(clock).WaitAsync(source);

        var busiestMinute = polledAt.Max(start => polledAt.Count(t => t >= start && t < start + TimeSpan.FromMinutes(1)));
        Assert.InRange(busiestMinute, 1, CoderRateLimit - 1);
        // Early on, the end of a job is still noticed within 100 ms.
        Assert.All(clock.RequestedWaits.Take(100), wait => Assert.True(wait <= TimeSpan.FromMilliseconds(80), $"waited {wait}"));
        Assert.All(clock.RequestedWaits, wait => Assert.True(wait <= TimeSpan.FromMilliseconds(150), $"waited {wait}"));
    }

    [Fact]
    public async Task Progress_brings_the_interval_back_down()
    {
        var (api, source) = Import();
        var polls = 0;
        api.Setup(a => a.GetAsync(VersionId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => Version(++polls < 6 ? ProvisionerJobStatus.Running : ProvisionerJobStatus.Succeeded));
        api.Setup(a => a.GetLogsAsync(VersionId, null, It.IsAny<long?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => polls == 4 ? [Log(1, "something happened")] : []);
        var clock = new ImmediateTimeProvider();

        await Waiter(clock).WaitAsync(source);

        Assert.Equal(new[] { 25, 50, 80, 25, 50 }.Select(ms => TimeSpan.FromMilliseconds(ms)), clock.RequestedWaits);
    }

    [Fact]
    public async Task Giving_up_cancels_the_job_on_coder()
    {
        var (api, source) = Import();
        using var cancellation = new CancellationTokenSource();
        var polls = 0;
        api.Setup(a => a.GetAsync(VersionId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() =>
            {
                if (++polls == 3)
                {
                    cancellation.Cancel();
                }

                return Version(ProvisionerJobStatus.Running);
            });
        api.Setup(a => a.GetLogsAsync(VersionId, null, It.IsAny<long?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        api.Setup(a => a.CancelAsync(VersionId, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ProvisionerJobWaiter(new() { InitialInterval = TimeSpan.FromMilliseconds(1), MaxInterval = TimeSpan.FromMilliseconds(5) })
                .WaitAsync(source, cancellationToken: cancellation.Token));

        api.Verify(a => a.CancelAsync(VersionId, It.Is<CancellationToken>(t => !t.IsCancellationRequested)), Times.Once);
    }

    [Fact]
    public async Task Polls_a_workspace_build_through_the_real_client_when_its_log_stream_is_refused()
    {
        var build = Guid.Parse("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
        var stub = new StubHttpHandler()
            // A proxy that does not pass WebSockets answers the upgrade with an error.
            .ThenJson(HttpStatusCode.BadGateway, """{"message":"Bad Gateway"}""")
            .ThenJson(HttpStatusCode.OK, $$$"""{"id":"{{{build}}}","job":{"status":"running"}}""")
            .ThenJson(HttpStatusCode.OK, """[{"id":41,"output":"Starting","stage":"Starting workspace","log_level":"info","log_source":"provisioner"}]""")
            .ThenJson(HttpStatusCode.OK, $$$"""{"id":"{{{build}}}","job":{"status":"succeeded"}}""")
            .ThenJson(HttpStatusCode.OK, """[{"id":42,"output":"Done","stage":"Cleaning Up","log_level":"info","log_source":"provisioner"}]""");
        using var client = TestClients.Create(stub);
        var lines = new List<string>();

        var job = await Waiter().WaitAsync(ProvisionerJobSource.WorkspaceBuild(client, build), log => lines.Add(log.Output));

        Assert.Equal(ProvisionerJobStatus.Succeeded, job.Status);
        Assert.Equal(["Starting", "Done"], lines);
        Assert.Equal(
            [$"/api/v2/workspacebuilds/{build}/logs?follow=true&after=0",
             $"/api/v2/workspacebuilds/{build}", $"/api/v2/workspacebuilds/{build}/logs",
             $"/api/v2/workspacebuilds/{build}", $"/api/v2/workspacebuilds/{build}/logs?after=41"],
            stub.Requests.Select(r => r.Uri.PathAndQuery));
    }
}

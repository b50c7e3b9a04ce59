using System.Collections.Concurrent;
using Coder.Client.Jobs;
using Coder.Client.Models;
using Coder.Double;
using Coder.Double.Control;
using Microsoft.Extensions.Time.Testing;

namespace Coder.Client.Tests.AgainstDouble;

/// <summary>The job waiter against the double's jobs, which run (quickly) in real time.</summary>
[Collection(DoubleCollection.Name)]
public sealed class JobWaiterTests : ProvisioningTest
{
    private const string TwoResources = """
        {"resources": [{"name": "dev", "type": "docker_container", "agents": [{"name": "main"}]},
                       {"name": "home", "type": "docker_volume", "persistent": true}]}
        """;

    [Fact]
    public async Task A_failing_import_throws_with_the_job_error_and_the_tail_of_its_log()
    {
        const string declaration = """
            {"import": {"fail": {"error": "terraform plan: exit status 1",
                                 "logs": ["Error: Unsupported argument", "  on main.tf line 3, in resource \"null_resource\" \"main\":"]}}}
            """;
        var version = await Steps.StartVersionAsync(declaration);
        var waiter = new ProvisionerJobWaiter(new ProvisionerJobWaiterOptions { LogTailLines = 3 });

        var failure = await Assert.ThrowsAsync<ProvisionerJobFailedException>(() =>
            waiter.WaitAsync(ProvisionerJobSource.TemplateVersionImport(Client, version.Id)));

        Assert.Equal((ProvisionerJobStatus.Failed, "terraform plan: exit status 1"), (failure.Status, failure.JobError));
        Assert.Equal(version.Job.Id, failure.Job.Id);
        // The last three lines, oldest first, with their stage: Terraform's explanation, then coderd's error.
        Assert.Equal(
        [
            "Detecting persistent resources: Error: Unsupported argument",
            "Detecting persistent resources:   on main.tf line 3, in resource \"null_resource\" \"main\":",
            "Detecting persistent resources: terraform plan: exit status 1",
        ], failure.LogTail);
        Assert.StartsWith($"Template version {version.Id} import failed: terraform plan: exit status 1.", failure.Message);
        Assert.Contains("Error: Unsupported argument", failure.Message);
    }

    [Fact]
    public async Task A_failing_workspace_build_throws_and_leaves_the_workspace_failed()
    {
        const string quotaOnStop = """
            {"build": {"fail": {"error": "insufficient quota", "error_code": "INSUFFICIENT_QUOTA",
                                "logs": ["Error: quota exceeded"], "transitions": ["stop"]}}}
            """;
        var template = await Steps.CreateTemplateAsync("docker", quotaOnStop);
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");

        var failure = await Assert.ThrowsAsync<ProvisionerJobFailedException>(() => Steps.BuildAsync(workspace.Id, WorkspaceTransition.Stop));

        Assert.Equal((ProvisionerJobStatus.Failed, "insufficient quota", JobErrorCode.InsufficientQuota), (failure.Status, failure.JobError, failure.ErrorCode));
        Assert.Contains("Stopping workspace: Error: quota exceeded", failure.LogTail);
        Assert.Contains("(INSUFFICIENT_QUOTA)", failure.Message);
        var failed = await Client.Workspaces.GetAsync(workspace.Id);
        Assert.Equal((WorkspaceTransition.Stop, WorkspaceStatus.Failed), (failed.LatestBuild.Transition, failed.LatestBuild.Status));
        Assert.StartsWith($"Workspace build {failed.LatestBuild.Id} failed", failure.Message);
    }

    [Fact]
    public async Task A_dry_run_is_waited_for_through_its_own_job_source()
    {
        var version = await Steps.ImportAsync(TwoResources);
        var dryRun = await Client.TemplateVersions.CreateDryRunAsync(version.Id, new CreateTemplateVersionDryRunRequest { WorkspaceName = "preview" });
        var lines = new ConcurrentQueue<ProvisionerJobLog>();

        var job = await Steps.Waiter.WaitAsync(ProvisionerJobSource.TemplateVersionDryRun(Client, version.Id, dryRun.Id), lines.Enqueue);

        Assert.Equal((dryRun.Id, ProvisionerJobStatus.Succeeded, ProvisionerJobType.TemplateVersionDryRun), (job.Id, job.Status, job.Type));
        Assert.NotNull(job.CompletedAt);
        Assert.Contains(lines, l => l.Output == "Plan: 2 to add, 0 to change, 0 to destroy.");
        Assert.Equal((await Client.TemplateVersions.GetDryRunLogsAsync(version.Id, dryRun.Id)).Select(l => l.Id), lines.Select(l => l.Id));
        var resources = await Client.TemplateVersions.GetDryRunResourcesAsync(version.Id, dryRun.Id);
        Assert.Equal(["dev", "home"], resources.Select(r => r.Name));
        Assert.All(resources, r => Assert.Equal(dryRun.Id, r.JobId));
    }

    [Fact]
    public async Task A_failing_dry_run_throws_naming_the_dry_run()
    {
        var version = await Steps.ImportAsync();
        Coder.Control.Jobs.Enqueue("template_version_dry_run", new JobOutcome("failed", "terraform plan: exit status 1"));
        var dryRun = await Client.TemplateVersions.CreateDryRunAsync(version.Id, new CreateTemplateVersionDryRunRequest());

        var failure = await Assert.ThrowsAsync<ProvisionerJobFailedException>(() =>
            Steps.Waiter.WaitAsync(ProvisionerJobSource.TemplateVersionDryRun(Client, version.Id, dryRun.Id)));

        Assert.StartsWith($"Dry run {dryRun.Id} of template version {version.Id} failed: terraform plan: exit status 1.", failure.Message);
    }

    [Fact]
    public async Task Waiting_for_a_job_that_already_ended_returns_it_with_its_whole_log()
    {
        var version = await Steps.ImportAsync();
        var lines = new List<ProvisionerJobLog>();

        var job = await Steps.Waiter.WaitAsync(ProvisionerJobSource.TemplateVersionImport(Client, version.Id), lines.Add);

        Assert.Equal((version.Job.Id, ProvisionerJobStatus.Succeeded), (job.Id, job.Status));
        Assert.Equal((await Client.TemplateVersions.GetLogsAsync(version.Id)).Select(l => l.Id), lines.Select(l => l.Id));
    }
}

/// <summary>The job waiter against jobs on a fake clock: the jobs move only when the test advances the double's
/// time, so "while the job runs" is a state the test holds, not a race. The waiter itself polls in real time.</summary>
[Collection(DoubleCollection.Name)]
public sealed class JobWaiterOnFakeClockTests : ProvisioningTest
{
    private static readonly TimeSpan Pending = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Running = TimeSpan.FromMilliseconds(1_000);
    private static readonly TimeSpan Cancel = TimeSpan.FromMilliseconds(200);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));

    // No API rate limit: its per-minute window is on the double's clock, which barely moves here.
    protected override CoderDoubleOptions DoubleOptions => base.DoubleOptions with
    {
        Time = _time,
        JobTiming = new JobTiming((int)Pending.TotalMilliseconds, (int)Running.TotalMilliseconds, (int)Cancel.TotalMilliseconds),
        ApiRateLimit = 0,
    };

    [Fact]
    public async Task Log_lines_reach_the_callback_while_the_import_runs_and_the_completed_job_is_returned()
    {
        var version = await Steps.StartVersionAsync("""{"import": {"logs": ["resolving modules", "planning"]}}""");
        var lines = new ConcurrentQueue<ProvisionerJobLog>();

        var waiting = Steps.Waiter.WaitAsync(ProvisionerJobSource.TemplateVersionImport(Client, version.Id), lines.Enqueue);
        _time.Advance(Pending);
        await EventuallyAsync(() => !lines.IsEmpty, "the first log line");
        var early = lines.Count;
        _time.Advance(Running / 2);
        await EventuallyAsync(() => lines.Count > early, "more log lines");

        // Half way through the job: lines arrived, the job still runs, the waiter still waits.
        Assert.False(waiting.IsCompleted);
        Assert.Equal(ProvisionerJobStatus.Running, (await Client.TemplateVersions.GetAsync(version.Id)).Job.Status);

        _time.Advance(Running / 2);
        var job = await waiting.WaitAsync(ProvisioningSteps.Deadline);

        Assert.Equal((version.Job.Id, ProvisionerJobStatus.Succeeded), (job.Id, job.Status));
        Assert.NotNull(job.CompletedAt);
        // Every line once, in order, including those written as the job ended.
        Assert.Equal((await Client.TemplateVersions.GetLogsAsync(version.Id)).Select(l => l.Id), lines.Select(l => l.Id));
        Assert.Contains(lines, l => l.Output == "planning");
        Assert.Equal("Cleaning Up", lines.Last().Stage);
    }

    [Fact]
    public async Task Canceling_the_callers_token_cancels_the_running_job_on_coder()
    {
        var version = await Steps.StartVersionAsync();
        var lines = new ConcurrentQueue<ProvisionerJobLog>();
        using var stop = new CancellationTokenSource();
        var waiting = Steps.Waiter.WaitAsync(ProvisionerJobSource.TemplateVersionImport(Client, version.Id), lines.Enqueue, stop.Token);
        _time.Advance(Pending);
        await EventuallyAsync(() => !lines.IsEmpty, "the job to run");

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        // The waiter asked coderd to cancel before giving up: the provisioner is winding the job down...
        var canceling = (await Client.TemplateVersions.GetAsync(version.Id)).Job;
        Assert.Equal(ProvisionerJobStatus.Canceling, canceling.Status);
        Assert.NotNull(canceling.CanceledAt);
        Assert.Null(canceling.CompletedAt);
        // ...and then reports it the way coderd does: failed, with the error "canceled".
        _time.Advance(Cancel);
        var ended = (await Client.TemplateVersions.GetAsync(version.Id)).Job;
        Assert.Equal((ProvisionerJobStatus.Failed, "canceled"), (ended.Status, ended.Error));
    }

    [Fact]
    public async Task Canceling_the_callers_token_cancels_a_workspace_build_that_has_not_started()
    {
        var version = await Steps.StartVersionAsync();
        _time.Advance(Pending + Running);
        await Steps.WaitForImportAsync(version.Id);
        var template = await Client.Templates.CreateAsync(Organization, new CreateTemplateRequest { Name = "docker", TemplateVersionId = version.Id });
        var workspace = await Client.Workspaces.CreateAsync("me", new CreateWorkspaceRequest { Name = "dev", TemplateId = template.Id });
        using var stop = new CancellationTokenSource();
        var waiting = Steps.Waiter.WaitAsync(ProvisionerJobSource.WorkspaceBuild(Client, workspace.LatestBuild.Id), cancellationToken: stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        // A job no provisioner took yet is canceled at once.
        var build = await Client.WorkspaceBuilds.GetAsync(workspace.LatestBuild.Id);
        Assert.Equal((ProvisionerJobStatus.Canceled, WorkspaceStatus.Canceled), (build.Job.Status, build.Status));
    }
}

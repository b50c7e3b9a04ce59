using System.Net;
using System.Text.Json.Nodes;
using Coder.Double.Control;
using Microsoft.Extensions.Time.Testing;

namespace Coder.Double.Tests;

public sealed class ProvisionerJobTests(ProvisioningFixture fixture) : IClassFixture<ProvisioningFixture>
{
    private readonly DoubleScope _scope = fixture.Fresh();

    private static async Task<DoubleScope> StartOnFakeClockAsync(FakeTimeProvider time) =>
        await DoubleScope.StartAsync(new CoderDoubleOptions { Time = time, JobTiming = new JobTiming(PendingMs: 100, RunningMs: 1000, CancelMs: 200), FilesRateLimit = 0 });

    private static JsonArray Logs(ApiReply reply) => reply.Body!.AsArray();

    [Fact]
    public async Task ImportJob_IsPendingThenRunningThenSucceeded_OnTheDoublesClock_WithLogsAppearingOverTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        await using var scope = await StartOnFakeClockAsync(time);
        var fileId = await scope.UploadAsync("""{"import": {"logs": ["resolving modules", "planning"]}}""");
        var versionId = (await scope.PostVersionAsync(fileId)).Body!.Id();
        var path = $"/api/v2/templateversions/{versionId}";

        var pending = (await scope.Api.GetAsync(path)).Body!["job"]!;
        Assert.Equal("pending", pending.S("status"));
        Assert.Null(pending["started_at"]);
        Assert.Equal(1, pending["queue_position"]!.GetValue<int>());
        Assert.Empty(Logs(await scope.Api.GetAsync($"{path}/logs")));
        Assert.Equal((HttpStatusCode)425, (await scope.Api.GetAsync($"{path}/rich-parameters")).Status);

        time.Advance(TimeSpan.FromMilliseconds(100));
        var running = (await scope.Api.GetAsync(path)).Body!["job"]!;
        Assert.Equal("running", running.S("status"));
        Assert.NotNull(running["started_at"]);
        Assert.NotNull(running["worker_id"]);
        Assert.Equal(0, running["queue_position"]!.GetValue<int>());
        var early = Logs(await scope.Api.GetAsync($"{path}/logs"));
        Assert.NotEmpty(early);
        Assert.Equal("Setting up", early[0]!.S("stage"));

        time.Advance(TimeSpan.FromMilliseconds(500));
        var middle = Logs(await scope.Api.GetAsync($"{path}/logs"));
        Assert.True(middle.Count > early.Count);
        Assert.Equal("running", (await scope.Api.GetAsync(path)).Body!["job"]!.S("status"));

        time.Advance(TimeSpan.FromMilliseconds(500));
        var done = (await scope.Api.GetAsync(path)).Body!["job"]!;
        Assert.Equal("succeeded", done.S("status"));
        var created = DateTimeOffset.Parse(done.S("created_at"));
        var started = DateTimeOffset.Parse(done.S("started_at"));
        var completed = DateTimeOffset.Parse(done.S("completed_at"));
        Assert.True(created < started && started < completed);
        Assert.InRange((completed - created).TotalMilliseconds, 1099, 1101);

        var all = Logs(await scope.Api.GetAsync($"{path}/logs"));
        var ids = all.Select(l => l!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Contains(all, l => l!.S("output") == "planning" && l!.S("log_source") == "provisioner");
        Assert.Equal("Cleaning Up", all[^1]!.S("stage"));
        var after = Logs(await scope.Api.GetAsync($"{path}/logs?after={ids[^3]}"));
        Assert.Equal(ids[^2..], after.Select(l => l!["id"]!.GetValue<long>()));

        var bad = await scope.Api.GetAsync($"{path}/logs?after=soon");
        Assert.Equal("Query param \"after\" must be an integer.", bad.Message);
        Assert.Equal([("after", "Must be an integer")], bad.Validations);
        var text = await scope.Api.Client.GetStringAsync($"{path}/logs?format=text");
        Assert.Contains("[info] [provisioner|Detecting persistent resources] planning", text);
    }

    [Fact]
    public async Task CancelingARunningBuild_IsCanceling_ThenFailsWithCanceled_AsCoderdReportsIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        await using var scope = await StartOnFakeClockAsync(time);
        var versionId = (await scope.PostVersionAsync(await scope.UploadAsync())).Body!.Id();
        time.Advance(TimeSpan.FromSeconds(2));
        var template = await scope.Api.PostAsync($"/api/v2/organizations/{scope.DefaultOrgId}/templates", new { name = "t", template_version_id = versionId });
        var workspace = (await scope.PostWorkspaceAsync(template.Body!.Id(), "w")).Body!;
        var buildId = Guid.Parse(workspace["latest_build"]!.S("id"));
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal("starting", (await scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Body!["latest_build"]!.S("status"));

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await scope.Api.PatchAsync($"/api/v2/workspacebuilds/{buildId}/cancel?expect_status=pending")).Status);
        var cancel = await scope.Api.PatchAsync($"/api/v2/workspacebuilds/{buildId}/cancel?expect_status=running");
        Assert.Equal(HttpStatusCode.OK, cancel.Status);
        Assert.Equal("Job has been marked as canceled...", cancel.Message);
        var canceling = (await scope.Api.GetAsync($"/api/v2/workspacebuilds/{buildId}")).Body!;
        Assert.Equal("canceling", canceling.S("status"));
        Assert.Equal("canceling", canceling["job"]!.S("status"));
        Assert.NotNull(canceling["job"]!["canceled_at"]);
        Assert.Null(canceling["job"]!["completed_at"]);
        Assert.Equal("Job has already been marked as canceled!", (await scope.Api.PatchAsync($"/api/v2/workspacebuilds/{buildId}/cancel")).Message);
        var logCount = Logs(await scope.Api.GetAsync($"/api/v2/workspacebuilds/{buildId}/logs")).Count;

        time.Advance(TimeSpan.FromMilliseconds(200));
        var failed = (await scope.Api.GetAsync($"/api/v2/workspacebuilds/{buildId}")).Body!;
        Assert.Equal("failed", failed.S("status"));
        Assert.Equal("failed", failed["job"]!.S("status"));
        Assert.Equal("canceled", failed["job"]!.S("error"));
        Assert.Equal(logCount, Logs(await scope.Api.GetAsync($"/api/v2/workspacebuilds/{buildId}/logs")).Count);
        Assert.Equal("Job has already completed!", (await scope.Api.PatchAsync($"/api/v2/workspacebuilds/{buildId}/cancel")).Message);
    }

    [Fact]
    public async Task HeldJobs_StayWhereTheyAre_AndContinueWithTheirRemainingTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        await using var scope = await StartOnFakeClockAsync(time);
        var path = $"/api/v2/templateversions/{(await scope.PostVersionAsync(await scope.UploadAsync())).Body!.Id()}";
        time.Advance(TimeSpan.FromMilliseconds(600));
        var logs = (await scope.Api.GetAsync($"{path}/logs")).Body!.AsArray().Count;

        var held = await scope.Anonymous.PostAsync("/__double/jobs/hold");
        Assert.True(held.Body!["held"]!.GetValue<bool>());
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("running", (await scope.Api.GetAsync(path)).Body!["job"]!.S("status"));
        Assert.Equal(logs, (await scope.Api.GetAsync($"{path}/logs")).Body!.AsArray().Count);

        Assert.False((await scope.Anonymous.PostAsync("/__double/jobs/release")).Body!["held"]!.GetValue<bool>());
        time.Advance(TimeSpan.FromMilliseconds(450));
        Assert.Equal("running", (await scope.Api.GetAsync(path)).Body!["job"]!.S("status"));
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal("succeeded", (await scope.Api.GetAsync(path)).Body!["job"]!.S("status"));
    }

    [Fact]
    public async Task CancelingAPendingJob_CancelsAtOnce()
    {
        _scope.Coder.Control.Jobs.Timing = new JobTiming(PendingMs: 60_000);
        var versionId = (await _scope.PostVersionAsync(await _scope.UploadAsync())).Body!.Id();

        var cancel = await _scope.Api.PatchAsync($"/api/v2/templateversions/{versionId}/cancel");
        Assert.Equal(HttpStatusCode.OK, cancel.Status);
        var job = (await _scope.Api.GetAsync($"/api/v2/templateversions/{versionId}")).Body!["job"]!;
        Assert.Equal("canceled", job.S("status"));
        Assert.NotNull(job["completed_at"]);
        Assert.NotNull(job["canceled_at"]);
        Assert.Null(job["started_at"]);
        Assert.Equal("Job has already completed!", (await _scope.Api.PatchAsync($"/api/v2/templateversions/{versionId}/cancel")).Message);
    }

    [Fact]
    public async Task DeclaredFailures_FailTheirJobs_WithTheErrorAndItsLogLines()
    {
        const string declaration = """
            {
              "import": {"logs": ["checking"]},
              "build": {"fail": {"error": "docker: image not found", "logs": ["pulling ubuntu:nope"], "transitions": ["stop"]}}
            }
            """;
        var template = await _scope.CreateTemplateAsync("flaky", declaration);
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        Assert.Equal("running", workspace["latest_build"]!.S("status"));

        var stopped = await _scope.BuildAsync(workspace.Id(), "stop");
        Assert.Equal("failed", stopped.S("status"));
        Assert.Equal("docker: image not found", stopped["job"]!.S("error"));
        var logs = Logs(await _scope.Api.GetAsync($"/api/v2/workspacebuilds/{stopped.Id()}/logs"));
        Assert.Contains(logs, l => l!.S("output") == "pulling ubuntu:nope" && l!.S("log_level") == "error");
        Assert.Equal("docker: image not found", logs[^1]!.S("output"));

        var failedImport = await _scope.ImportAsync("""{"import": {"fail": {"error": "terraform plan: exit status 1", "error_code": ""}}}""");
        Assert.Equal("failed", failedImport["job"]!.S("status"));
        Assert.Equal("terraform plan: exit status 1", failedImport["job"]!.S("error"));
        Assert.Empty((await _scope.Api.GetAsync($"/api/v2/templateversions/{failedImport.Id()}/rich-parameters")).Body!.AsArray());
    }

    [Fact]
    public async Task ControlOutcomes_OverrideTheDeclaration_OneShotFirstThenPerKind()
    {
        var jobs = _scope.Coder.Control.Jobs;
        jobs.SetForKind("template_version_import", new JobOutcome("failed", "standing failure"));
        jobs.Enqueue("template_version_import", new JobOutcome("canceled"));

        var canceled = await _scope.ImportAsync();
        Assert.Equal("canceled", canceled["job"]!.S("status"));
        Assert.False(canceled["job"]!.AsObject().ContainsKey("error"));
        var failed = await _scope.ImportAsync("""{"import": {"fail": {"error": "declared"}}}""");
        Assert.Equal("standing failure", failed["job"]!.S("error"));

        var overHttp = await _scope.Anonymous.PutAsync("/__double/jobs", new
        {
            timing = new { pending_ms = 1, running_ms = 20, cancel_ms = 5 },
            per_kind = new Dictionary<string, object?> { ["template_version_import"] = null },
            @default = new { status = "failed", error_code = "REQUIRED_TEMPLATE_VARIABLES" },
        });
        Assert.Equal(HttpStatusCode.OK, overHttp.Status);
        Assert.Equal(20, overHttp.Body!["timing"]!["running_ms"]!.GetValue<int>());
        var byDefault = await _scope.ImportAsync();
        Assert.Equal(JobOutcome.DefaultError, byDefault["job"]!.S("error"));
        Assert.Equal("REQUIRED_TEMPLATE_VARIABLES", byDefault["job"]!.S("error_code"));

        Assert.Equal(HttpStatusCode.OK, (await _scope.Anonymous.PostAsync("/__double/jobs/template_version_import/next", new { status = "succeeded", logs = new[] { "from the test" } })).Status);
        var succeeded = await _scope.ImportAsync();
        Assert.Equal("succeeded", succeeded["job"]!.S("status"));
        var logs = Logs(await _scope.Api.GetAsync($"/api/v2/templateversions/{succeeded.Id()}/logs"));
        Assert.Contains(logs, l => l!.S("output") == "from the test");
    }

    [Fact]
    public async Task DryRuns_RunAsTheirOwnJobs_AndAreReachedOnlyThroughTheirVersion()
    {
        var version = await _scope.ImportAsync("""{"resources": [{"name": "vm", "type": "aws_instance", "agents": [{"name": "main"}]}]}""");
        var path = $"/api/v2/templateversions/{version.Id()}/dry-run";
        _scope.Coder.Control.HoldJobs();
        var created = await _scope.Api.PostAsync(path, new { workspace_name = "preview", rich_parameter_values = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("template_version_dry_run", created.Str("type"));
        Assert.Equal(version.Id().ToString(), created.Body!["input"]!.S("template_version_id"));
        var jobPath = $"{path}/{created.Body.Id()}";
        Assert.Equal("Job hasn't completed!", (await _scope.Api.GetAsync($"{jobPath}/resources")).Message);
        Assert.Equal("pending", (await _scope.Api.GetAsync(jobPath)).Str("status"));
        _scope.Coder.Control.ReleaseJobs();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await _scope.Api.GetAsync(jobPath)).Str("status") != "succeeded" && DateTime.UtcNow < deadline) await Task.Delay(5);
        var resources = (await _scope.Api.GetAsync($"{jobPath}/resources")).Body!.AsArray();
        var resource = Assert.Single(resources)!;
        Assert.Equal("aws_instance", resource.S("type"));
        Assert.Equal("connecting", resource["agents"]![0]!.S("status"));
        Assert.NotEmpty((await _scope.Api.GetAsync($"{jobPath}/logs")).Body!.AsArray());
        Assert.Equal("Job has already completed.", (await _scope.Api.PatchAsync($"{jobPath}/cancel")).Message);

        // The import job is not a dry run, and another version's dry run is not this one's.
        Assert.Equal(HttpStatusCode.Forbidden, (await _scope.Api.GetAsync($"{path}/{version["job"]!.Id()}")).Status);
        var other = await _scope.ImportAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await _scope.Api.GetAsync($"/api/v2/templateversions/{other.Id()}/dry-run/{created.Body.Id()}")).Status);
        // An unknown job id finds no row without an error, and coderd's handler then dereferences the nil error: its
        // panic recovery answers a bare internal error.
        var unknown = await _scope.Api.GetAsync($"{path}/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.InternalServerError, unknown.Status);
        Assert.Equal(("An internal server error occurred.", ""), (unknown.Message, unknown.Detail));
        Assert.Equal("Job ID \"x\" must be a valid UUID.", (await _scope.Api.GetAsync($"{path}/x")).Message);

        _scope.Coder.Control.Jobs.Timing = new JobTiming(PendingMs: 60_000);
        var pendingVersion = (await _scope.PostVersionAsync(await _scope.UploadAsync())).Body!.Id();
        var early = await _scope.Api.PostAsync($"/api/v2/templateversions/{pendingVersion}/dry-run", new { });
        Assert.Equal((HttpStatusCode)425, early.Status);
        Assert.Equal("Template version import job hasn't completed!", early.Message);
    }

    [Fact]
    public async Task OrganizationJobEndpoint_AddsMetadata()
    {
        var template = await _scope.CreateTemplateAsync("meta");
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        var jobId = workspace["latest_build"]!["job"]!.Id();

        var job = await _scope.Api.GetAsync($"/api/v2/organizations/{_scope.DefaultOrgId}/provisionerjobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, job.Status);
        Assert.Equal("meta", job.Body!["metadata"]!.S("template_name"));
        Assert.Equal("w", job.Body["metadata"]!.S("workspace_name"));
        Assert.Equal("start", job.Body["metadata"]!.S("workspace_build_transition"));
        Assert.Equal(HttpStatusCode.NotFound, (await _scope.Api.GetAsync($"/api/v2/organizations/{_scope.DefaultOrgId}/provisionerjobs/{Guid.NewGuid()}")).Status);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Coder.Double.Control;
using Coder.Double.Model;
using Microsoft.Extensions.Time.Testing;

namespace Coder.Double.Tests;

/// <summary>Provisioner daemons, tag matching, queues and the job reaper, as coderd has them.</summary>
public sealed class ProvisionerDaemonTests(ProvisioningFixture fixture) : IClassFixture<ProvisioningFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    /// <summary>jobreaper's error for a job pending for PendingJobDuration.</summary>
    private const string Reaped = "Coder: Build has been detected as pending for 30 minutes and has been terminated by the reaper.";

    private readonly DoubleScope _scope = fixture.Fresh();

    private static async Task<(DoubleScope Scope, FakeTimeProvider Time)> OnFakeClockAsync()
    {
        var time = new FakeTimeProvider(Start);
        var scope = await DoubleScope.StartAsync(new CoderDoubleOptions
        {
            Time = time,
            JobTiming = new JobTiming(PendingMs: 100, RunningMs: 1000, CancelMs: 200),
            FilesRateLimit = 0,
        });
        return (scope, time);
    }

    private static Dictionary<string, string> Tags(params (string Key, string Value)[] tags) => tags.ToDictionary(t => t.Key, t => t.Value);

    private static async Task<JsonNode> VersionAsync(DoubleScope scope, Guid versionId) => (await scope.Api.GetAsync($"/api/v2/templateversions/{versionId}")).Body!;

    private static (int Count, int Available) Matched(JsonNode version) =>
        (version["matched_provisioners"]!["count"]!.GetValue<int>(), version["matched_provisioners"]!["available"]!.GetValue<int>());

    private static (int Position, int Size) Queue(JsonNode job) => (job["queue_position"]!.GetValue<int>(), job["queue_size"]!.GetValue<int>());

    private async Task<JsonNode> AddDaemonAsync(object body)
    {
        var reply = await _scope.Anonymous.PostAsync("/__double/provisioners", body);
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body?.ToJsonString());
        return reply.Body!;
    }

    private async Task<JsonNode> WaitForStatusAsync(Guid versionId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var version = await VersionAsync(_scope, versionId);
            if (version["job"]!.S("status") == status) return version;
            Assert.True(DateTime.UtcNow < deadline, $"version {versionId} never became {status}: {version.ToJsonString()}");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task A_job_no_daemon_matches_stays_pending_at_queue_zero_until_the_reaper_fails_it_after_30_minutes()
    {
        var (scope, time) = await OnFakeClockAsync();
        await using var _ = scope;

        var created = await scope.PostVersionAsync(await scope.UploadAsync(), tags: Tags(("gpu", "true")));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal((0, 0), Matched(created.Body!));
        Assert.Null(created.Body!["matched_provisioners"]!["most_recently_seen"]);
        Assert.Equal(Tags(("gpu", "true"), ("scope", "organization"), ("owner", "")),
            created.Body["job"]!["tags"]!.AsObject().ToDictionary(t => t.Key, t => t.Value!.GetValue<string>()));
        var versionId = created.Body.Id();

        time.Advance(TimeSpan.FromSeconds(1));
        var waiting = await VersionAsync(scope, versionId);
        Assert.Equal("pending", waiting["job"]!.S("status"));
        Assert.Equal((0, 0), Queue(waiting["job"]!));
        Assert.Equal((0, 0), Matched(waiting));
        Assert.Empty((await scope.Api.GetAsync($"/api/v2/templateversions/{versionId}/logs")).Body!.AsArray());

        time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(2));
        Assert.Equal("pending", (await VersionAsync(scope, versionId))["job"]!.S("status"));

        time.Advance(TimeSpan.FromSeconds(1));
        var reaped = await VersionAsync(scope, versionId);
        var job = reaped["job"]!;
        Assert.Equal("failed", job.S("status"));
        Assert.Equal(Reaped, job.S("error"));
        Assert.Null(job["error_code"]);
        Assert.Equal(job.S("started_at"), job.S("completed_at"));
        Assert.Null(job["worker_id"]);
        Assert.Null(reaped["matched_provisioners"]);
        var logs = (await scope.Api.GetAsync($"/api/v2/templateversions/{versionId}/logs")).Body!.AsArray();
        Assert.Equal(["", "====================", "Coder: Build has been detected as pending for 30 minutes and will be terminated.", "====================", ""],
            logs.Select(l => l!.S("output")));
        Assert.All(logs, l => Assert.Equal(("provisioner_daemon", "error", "Unknown"), (l!.S("log_source"), l!.S("log_level"), l!.S("stage"))));
    }

    [Fact]
    public async Task The_reapers_timeout_is_set_through_the_control_surface_and_a_build_no_daemon_takes_fails_with_its_text()
    {
        var template = await _scope.CreateTemplateAsync("reaped");
        var timing = await _scope.Anonymous.PutAsync("/__double/jobs", new { timing = new { pending_ms = 5, running_ms = 40, cancel_ms = 10, pending_timeout_ms = 300 } });
        Assert.Equal(300, timing.Body!["timing"]!["pending_timeout_ms"]!.GetValue<int>());
        // The daemon disconnects now: for the next 90 seconds coderd still counts it as available, but it takes nothing.
        var gone = await _scope.Anonymous.PutAsync($"/__double/provisioners/{DoubleState.DefaultDaemonName}", new { online = false });
        Assert.False(gone.Body!["online"]!.GetValue<bool>());
        Assert.NotNull(gone.Body["last_seen_at"]);

        var created = await _scope.PostWorkspaceAsync(template.Id(), "stuck");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal((1, 1), Matched(created.Body!["latest_build"]!));
        var build = await _scope.WaitForBuildAsync(Guid.Parse(created.Body["latest_build"]!.S("id")));

        Assert.Equal("failed", build.S("status"));
        Assert.Equal(Reaped, build["job"]!.S("error"));
        Assert.Equal("failed", (await _scope.Api.GetAsync($"/api/v2/workspaces/{created.Body.Id()}")).Body!["latest_build"]!.S("status"));
    }

    [Fact]
    public async Task A_job_runs_only_on_a_daemon_whose_tags_contain_all_of_its_tags_and_an_untagged_job_only_on_an_untagged_daemon()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Anonymous.DeleteAsync("/__double/provisioners")).Status);
        var linux = await AddDaemonAsync(new { name = "linux", tags = Tags(("os", "linux")) });
        var gpu = await AddDaemonAsync(new { name = "linux-gpu", tags = Tags(("os", "linux"), ("gpu", "true")) });
        var fileId = await _scope.UploadAsync();

        var onLinux = await _scope.WaitForVersionAsync((await _scope.PostVersionAsync(fileId, tags: Tags(("os", "linux")))).Body!.Id());
        var onGpu = await _scope.WaitForVersionAsync((await _scope.PostVersionAsync(fileId, tags: Tags(("gpu", "true")))).Body!.Id());
        var untagged = (await _scope.PostVersionAsync(fileId)).Body!;
        var windows = (await _scope.PostVersionAsync(fileId, tags: Tags(("os", "windows")))).Body!;

        // The oldest eligible daemon takes a job both could run.
        Assert.Equal(("succeeded", linux.S("id")), (onLinux["job"]!.S("status"), onLinux["job"]!.S("worker_id")));
        Assert.Equal(("succeeded", gpu.S("id")), (onGpu["job"]!.S("status"), onGpu["job"]!.S("worker_id")));
        Assert.Equal((0, 0), Matched(untagged));
        Assert.Equal((0, 0), Matched(windows));
        await Task.Delay(100);
        Assert.Equal("pending", (await VersionAsync(_scope, untagged.Id()))["job"]!.S("status"));
        Assert.Equal("pending", (await VersionAsync(_scope, windows.Id()))["job"]!.S("status"));

        var jobOfGpu = await _scope.Api.GetAsync($"/api/v2/organizations/{_scope.DefaultOrgId}/provisionerjobs/{onGpu["job"]!.Id()}");
        Assert.Equal("linux-gpu", jobOfGpu.Str("worker_name"));
    }

    [Fact]
    public async Task A_daemon_seen_long_ago_is_matched_but_not_available_and_a_waiting_job_starts_once_a_daemon_takes_it()
    {
        var (scope, time) = await OnFakeClockAsync();
        await using var _ = scope;
        var provisioners = scope.Coder.Control.Provisioners;
        provisioners.Clear();
        var old = provisioners.Add(new ProvisionerDaemonSpec("old", Tags: Tags(("gpu", "true")), Online: false, LastSeenAt: Start.AddMinutes(-5)));
        provisioners.Add(new ProvisionerDaemonSpec("never", Tags: Tags(("gpu", "true")), Online: false));

        var created = await scope.PostVersionAsync(await scope.UploadAsync(), tags: Tags(("gpu", "true")));
        Assert.Equal((1, 0), Matched(created.Body!));
        Assert.Equal(Start.AddMinutes(-5), DateTimeOffset.Parse(created.Body!["matched_provisioners"]!.S("most_recently_seen")));
        var versionId = created.Body.Id();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((0, 0), Queue((await VersionAsync(scope, versionId))["job"]!));

        // Seen 30 seconds ago: available to coderd (within provisionerdserver.StaleInterval), yet it takes nothing.
        provisioners.Add(new ProvisionerDaemonSpec("recent", Tags: Tags(("gpu", "true")), Online: false, LastSeenAt: time.GetUtcNow().AddSeconds(-30)));
        time.Advance(TimeSpan.FromSeconds(1));
        var recent = await VersionAsync(scope, versionId);
        Assert.Equal(("pending", (2, 1)), (recent["job"]!.S("status"), Matched(recent)));
        Assert.Equal((1, 1), Queue(recent["job"]!));

        var backAt = time.GetUtcNow();
        provisioners.SetOnline(old.Id.ToString());
        var running = (await VersionAsync(scope, versionId))["job"]!;
        Assert.Equal(("running", old.Id.ToString()), (running.S("status"), running.S("worker_id")));
        Assert.Equal(backAt, DateTimeOffset.Parse(running.S("started_at")), TimeSpan.FromMilliseconds(1));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal("running", (await VersionAsync(scope, versionId))["job"]!.S("status"));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("succeeded", (await VersionAsync(scope, versionId))["job"]!.S("status"));
    }

    [Fact]
    public async Task A_pending_jobs_queue_counts_the_pending_jobs_the_same_fresh_daemons_could_take()
    {
        var gpu = await AddDaemonAsync(new { name = "gpu", tags = Tags(("gpu", "true")) });
        var fileId = await _scope.UploadAsync();
        _scope.Coder.Control.HoldJobs();
        var first = (await _scope.PostVersionAsync(fileId)).Body!;
        var second = (await _scope.PostVersionAsync(fileId)).Body!;
        var onGpu = (await _scope.PostVersionAsync(fileId, tags: Tags(("gpu", "true")))).Body!;

        Assert.All([first, second, onGpu], created => Assert.Equal((0, 0), Queue(created["job"]!)));
        Assert.Equal((1, 2), Queue((await VersionAsync(_scope, first.Id()))["job"]!));
        Assert.Equal((2, 2), Queue((await VersionAsync(_scope, second.Id()))["job"]!));
        // The gpu daemon's tags are not exactly the untagged ones, so the untagged jobs are not in its queue.
        Assert.Equal((1, 1), Queue((await VersionAsync(_scope, onGpu.Id()))["job"]!));

        var viaOrganization = (await _scope.Api.GetAsync($"/api/v2/organizations/{_scope.DefaultOrgId}/provisionerjobs/{onGpu["job"]!.Id()}")).Body!;
        Assert.Equal((3, 3), Queue(viaOrganization));
        Assert.Equal([gpu.S("id")], viaOrganization["available_workers"]!.AsArray().Select(w => w!.GetValue<string>()));
        _scope.Coder.Control.ReleaseJobs();
    }

    [Fact]
    public async Task Create_responses_report_queue_zero_of_zero_and_later_reads_the_live_queue()
    {
        var template = await _scope.CreateTemplateAsync("queued");
        var versionId = template.S("active_version_id");
        _scope.Coder.Control.HoldJobs();

        var version = await _scope.PostVersionAsync(await _scope.UploadAsync());
        var dryRun = await _scope.Api.PostAsync($"/api/v2/templateversions/{versionId}/dry-run", new { workspace_name = "plan" });
        var workspace = await _scope.PostWorkspaceAsync(template.Id(), "w");
        var other = await _scope.PostWorkspaceAsync(template.Id(), "other");
        Assert.Equal((0, 0), Queue(version.Body!["job"]!));
        Assert.Equal((0, 0), Queue(dryRun.Body!));
        Assert.Equal((0, 0), Queue(workspace.Body!["latest_build"]!["job"]!));
        Assert.Equal((1, 1), Matched(workspace.Body!["latest_build"]!));
        Assert.Equal((0, 0), Queue(other.Body!["latest_build"]!["job"]!));

        Assert.Equal((1, 4), Queue((await VersionAsync(_scope, version.Body!.Id()))["job"]!));
        Assert.Equal((2, 4), Queue((await _scope.Api.GetAsync($"/api/v2/templateversions/{versionId}/dry-run/{dryRun.Body!.Id()}")).Body!));
        var buildId = workspace.Body!["latest_build"]!.S("id");
        Assert.Equal((3, 4), Queue((await _scope.Api.GetAsync($"/api/v2/workspacebuilds/{buildId}")).Body!["job"]!));
        Assert.Equal((3, 4), Queue((await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Body.Id()}")).Body!["latest_build"]!["job"]!));

        _scope.Coder.Control.ReleaseJobs();
        var built = await _scope.WaitForBuildAsync(Guid.Parse(buildId));
        Assert.Equal((0, 0), Queue(built["job"]!));
        // A build counts the daemons of a pending job only.
        Assert.Equal((0, 0), Matched(built));

        var stop = await _scope.PostBuildAsync(workspace.Body.Id(), "stop");
        Assert.Equal((0, 0), Queue(stop.Body!["job"]!));
    }

    [Fact]
    public async Task A_required_variable_sent_empty_is_missing_the_first_value_of_a_name_counts_and_a_failed_import_lists_its_variables()
    {
        const string declaration = """{"variables": [{"name": "region"}, {"name": "image", "default": "ubuntu"}]}""";
        var fileId = await _scope.UploadAsync(declaration);

        var empty = await _scope.WaitForVersionAsync((await _scope.PostVersionAsync(fileId, variables: new[] { new { name = "region", value = "" } })).Body!.Id());
        Assert.Equal(("failed", "REQUIRED_TEMPLATE_VARIABLES"), (empty["job"]!.S("status"), empty["job"]!.S("error_code")));
        Assert.Equal("update job: required template variables need values: region", empty["job"]!.S("error"));
        var listed = (await _scope.Api.GetAsync($"/api/v2/templateversions/{empty.Id()}/variables")).Body!.AsArray();
        Assert.Equal([("region", true, ""), ("image", false, "ubuntu")], listed.Select(v => (v!.S("name"), v!["required"]!.GetValue<bool>(), v!.S("value"))));

        var firstEmpty = await _scope.WaitForVersionAsync((await _scope.PostVersionAsync(fileId,
            variables: new[] { new { name = "region", value = "" }, new { name = "region", value = "eu" } })).Body!.Id());
        Assert.Equal("failed", firstEmpty["job"]!.S("status"));

        var firstWins = await _scope.WaitForVersionAsync((await _scope.PostVersionAsync(fileId, variables: new[]
        {
            new { name = "region", value = "eu" }, new { name = "image", value = "debian" }, new { name = "image", value = "alpine" },
        })).Body!.Id());
        Assert.Equal("succeeded", firstWins["job"]!.S("status"));
        var values = (await _scope.Api.GetAsync($"/api/v2/templateversions/{firstWins.Id()}/variables")).Body!.AsArray();
        Assert.Equal([("region", "eu"), ("image", "debian")], values.Select(v => (v!.S("name"), v!.S("value"))));

        var planFails = await _scope.ImportAsync("""{"variables": [{"name": "image", "default": "ubuntu"}], "import": {"fail": {"error": "terraform plan: exit status 1"}}}""");
        Assert.Equal("failed", planFails["job"]!.S("status"));
        Assert.Equal(["image"], (await _scope.Api.GetAsync($"/api/v2/templateversions/{planFails.Id()}/variables")).Body!.AsArray().Select(v => v!.S("name")));
    }

    [Fact]
    public async Task Listing_daemons_shows_online_ones_unless_offline_ones_are_asked_for_and_filters_as_coderd()
    {
        await AddDaemonAsync(new { name = "gpu", tags = Tags(("gpu", "true")) });
        await AddDaemonAsync(new { name = "old", last_seen_at = DateTimeOffset.UtcNow.AddMinutes(-10) });
        await AddDaemonAsync(new { name = "never", online = false });
        var team = await _scope.CreateOrganizationAsync("team");
        var path = $"/api/v2/organizations/{_scope.DefaultOrgId}/provisionerdaemons";
        async Task<List<string>> Names(string query) =>
            (await _scope.Api.GetAsync(path + query)).Body!.AsArray().Select(d => d!.S("name")).ToList();

        var online = (await _scope.Api.GetAsync(path)).Body!.AsArray();
        Assert.Equal(["gpu", DoubleState.DefaultDaemonName], online.Select(d => d!.S("name")));
        var standard = online[1]!;
        Assert.Equal(DoubleState.DefaultDaemonId.ToString(), standard.S("id"));
        Assert.Equal(("idle", "built-in", "00000000-0000-0000-0000-000000000001"), (standard.S("status"), standard.S("key_name"), standard.S("key_id")));
        Assert.Equal(["terraform"], standard["provisioners"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(Tags(("scope", "organization"), ("owner", "")), standard["tags"]!.AsObject().ToDictionary(t => t.Key, t => t.Value!.GetValue<string>()));
        Assert.NotNull(standard["last_seen_at"]);
        Assert.Null(standard["current_job"]);

        Assert.Equal(["never", "old", "gpu", DoubleState.DefaultDaemonName], await Names("?offline=true"));
        var offline = (await _scope.Api.GetAsync(path + "?status=offline")).Body!.AsArray();
        Assert.Equal([("never", "offline"), ("old", "offline")], offline.Select(d => (d!.S("name"), d!.S("status"))));
        Assert.Null(offline[0]!["last_seen_at"]);
        Assert.Equal(["gpu"], await Names("?tags=" + Uri.EscapeDataString("""{"gpu":"true"}""")));
        Assert.Equal([DoubleState.DefaultDaemonName], await Names("?tags=" + Uri.EscapeDataString("""{"scope":"organization","owner":""}""")));
        Assert.Equal(["gpu"], await Names("?limit=1"));
        Assert.Equal([DoubleState.DefaultDaemonName], await Names($"?ids={DoubleState.DefaultDaemonId}"));
        Assert.Equal(["never", "gpu", DoubleState.DefaultDaemonName], await Names("?offline=true&max_age=5m"));
        Assert.Equal([DoubleState.DefaultDaemonName], (await _scope.Api.GetAsync($"/api/v2/organizations/{team.Id()}/provisionerdaemons")).Body!.AsArray().Select(d => d!.S("name")));

        var bad = await _scope.Api.GetAsync(path + "?limit=-1&tags=%5B1%5D&max_age=soon&nope=1");
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid query parameters."), (bad.Status, bad.Message));
        Assert.Equal([
            ("limit", "Query param \"limit\" must be a valid 32-bit positive integer: value is negative"),
            ("tags", "Query param \"tags\" must be a valid JSON object: json: cannot unmarshal array into Go value of type map[string]string"),
            ("max_age", "Query param \"max_age\" must be a valid duration (e.g., '24h', '30m', '1h30m'): time: invalid duration \"soon\""),
            ("nope", "\"nope\" is not a valid query param"),
        ], bad.Validations);
        var unknownStatus = await _scope.Api.GetAsync(path + "?status=sleeping");
        Assert.Equal(HttpStatusCode.InternalServerError, unknownStatus.Status);
        Assert.Equal("Internal error fetching provisioner daemons.", unknownStatus.Message);
    }

    [Fact]
    public async Task A_daemon_running_a_job_is_busy_with_it_and_remembers_it_afterwards()
    {
        var template = await _scope.CreateTemplateAsync("busy");
        _scope.Coder.Control.Jobs.Enqueue("workspace_build", new JobOutcome(DurationMs: 60_000));
        var workspace = (await _scope.PostWorkspaceAsync(template.Id(), "w")).Body!;
        var job = workspace["latest_build"]!["job"]!;
        var path = $"/api/v2/organizations/{_scope.DefaultOrgId}/provisionerdaemons";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonNode daemon;
        while ((daemon = (await _scope.Api.GetAsync(path)).Body!.AsArray().Single()!).S("status") != "busy")
        {
            Assert.True(DateTime.UtcNow < deadline, daemon.ToJsonString());
            await Task.Delay(5);
        }

        Assert.Equal((job.S("id"), "running", "busy"), (daemon["current_job"]!.S("id"), daemon["current_job"]!.S("status"), daemon["current_job"]!.S("template_name")));
        Assert.Equal(["busy"], (await _scope.Api.GetAsync(path + "?status=busy")).Body!.AsArray().Select(d => d!["current_job"]!["template_name"]!.GetValue<string>()));
        Assert.Empty((await _scope.Api.GetAsync(path + "?status=idle")).Body!.AsArray());

        await _scope.Api.PatchAsync($"/api/v2/workspacebuilds/{workspace["latest_build"]!.S("id")}/cancel");
        await _scope.WaitForBuildAsync(Guid.Parse(workspace["latest_build"]!.S("id")));
        var idle = (await _scope.Api.GetAsync(path)).Body!.AsArray().Single()!;
        Assert.Equal(("idle", job.S("id"), "failed"), (idle.S("status"), idle["previous_job"]!.S("id"), idle["previous_job"]!.S("status")));
        Assert.Null(idle["current_job"]);
    }

    [Fact]
    public async Task An_orphan_delete_with_no_available_daemon_completes_at_once_without_a_provisioner()
    {
        var template = await _scope.CreateTemplateAsync("decommissioned");
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        _scope.Coder.Control.Provisioners.Clear();

        var plain = await _scope.PostBuildAsync(workspace.Id(), "stop");
        Assert.Equal("pending", plain.Body!["job"]!.S("status"));
        await _scope.Api.PatchAsync($"/api/v2/workspacebuilds/{plain.Body.Id()}/cancel");
        var orphan = await _scope.Api.PostAsync($"/api/v2/workspaces/{workspace.Id()}/builds", new { transition = "delete", orphan = true });

        Assert.Equal(HttpStatusCode.Created, orphan.Status);
        Assert.Equal(("succeeded", "deleted"), (orphan.Body!["job"]!.S("status"), orphan.Body.S("status")));
        Assert.Equal(HttpStatusCode.Gone, (await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Status);
    }

    [Fact]
    public async Task A_new_organization_gets_its_own_daemon_which_can_be_taken_away()
    {
        var team = await _scope.CreateOrganizationAsync("team");
        var daemons = _scope.Coder.Control.Provisioners.List();
        var teams = Assert.Single(daemons, d => d.OrganizationId == team.Id());
        Assert.Equal(DoubleState.DefaultDaemonName, teams.Name);

        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Anonymous.DeleteAsync($"/__double/provisioners/{teams.Id}")).Status);
        var version = await _scope.Api.PostAsync($"/api/v2/organizations/{team.Id()}/templateversions",
            new { storage_method = "file", provisioner = "terraform", file_id = await _scope.UploadAsync() });
        Assert.Equal((0, 0), Matched(version.Body!));
        await Task.Delay(100);
        Assert.Equal("pending", (await VersionAsync(_scope, version.Body!.Id()))["job"]!.S("status"));
    }

    [Fact]
    public async Task User_scoped_tags_are_owned_by_the_creator_and_builds_by_the_workspace_owner()
    {
        var admin = _scope.Coder.Seed.AdminId.ToString();
        var userScoped = await AddDaemonAsync(new { name = "mine", tags = Tags(("scope", "user"), ("owner", admin)) });
        Assert.Equal(admin, userScoped["tags"]!.S("owner"));

        var version = await _scope.WaitForVersionAsync((await _scope.PostVersionAsync(await _scope.UploadAsync(), tags: Tags(("scope", "user")))).Body!.Id());
        Assert.Equal((admin, userScoped.S("id")), (version["job"]!["tags"]!.S("owner"), version["job"]!.S("worker_id")));
    }

    [Fact]
    public async Task The_control_surface_refuses_bad_daemons_and_a_reset_brings_back_the_default_one()
    {
        async Task<string> Refused(HttpStatusCode status, Func<Task<ApiReply>> call)
        {
            var reply = await call();
            Assert.True(reply.Status == status, reply.Body?.ToJsonString());
            return reply.Message;
        }

        var api = _scope.Anonymous;
        Assert.Equal("last_seen_at is only for a daemon that is not online: an online daemon is seen continuously.",
            await Refused(HttpStatusCode.BadRequest, () => api.PostAsync("/__double/provisioners", new { online = true, last_seen_at = "2026-01-05T10:00:00Z" })));
        Assert.Equal("A daemon with tag scope \"user\" needs an \"owner\" tag: the id of the user it runs jobs for.",
            await Refused(HttpStatusCode.BadRequest, () => api.PostAsync("/__double/provisioners", new { tags = Tags(("scope", "user")) })));
        Assert.Equal("A provisioner daemon named \"coder-double-provisioner\" already exists in organization \"coder\".",
            await Refused(HttpStatusCode.BadRequest, () => api.PostAsync("/__double/provisioners", new { name = DoubleState.DefaultDaemonName })));
        Assert.Equal("No organization \"nowhere\".", await Refused(HttpStatusCode.BadRequest, () => api.PostAsync("/__double/provisioners", new { organization = "nowhere" })));
        Assert.StartsWith("last_seen_at must be a time", await Refused(HttpStatusCode.BadRequest, () => api.PostAsync("/__double/provisioners", new { last_seen_at = "yesterday" })));
        Assert.Equal("No provisioner daemon \"ghost\".", await Refused(HttpStatusCode.NotFound, () => api.PutAsync("/__double/provisioners/ghost", new { online = true })));
        Assert.Equal("No provisioner daemon \"ghost\".", await Refused(HttpStatusCode.NotFound, () => api.DeleteAsync("/__double/provisioners/ghost")));
        Assert.StartsWith("A daemon's name and organization cannot change",
            await Refused(HttpStatusCode.BadRequest, () => api.PutAsync($"/__double/provisioners/{DoubleState.DefaultDaemonName}", new { name = "renamed" })));

        var added = await AddDaemonAsync(new { tags = Tags(("os", "linux")), last_seen_at = (string?)null });
        Assert.Equal(("provisioner-2", false), (added.S("name"), added["online"]!.GetValue<bool>()));
        var retagged = await api.PutAsync($"/__double/provisioners/{added.S("id")}", new { tags = Tags(("os", "windows")), online = true });
        Assert.Equal(("windows", true), (retagged.Body!["tags"]!.S("os"), retagged.Body["online"]!.GetValue<bool>()));

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/__double/reset")).Status);
        var listed = (await api.GetAsync("/__double/provisioners")).Body!.AsArray();
        var only = Assert.Single(listed)!;
        Assert.Equal((DoubleState.DefaultDaemonId.ToString(), DoubleState.DefaultDaemonName, true), (only.S("id"), only.S("name"), only["online"]!.GetValue<bool>()));
    }
}

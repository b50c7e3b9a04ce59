using System.Net;
using System.Text.Json.Nodes;
using Coder.Double.Control;

namespace Coder.Double.Tests;

public sealed class WorkspaceTests(ProvisioningFixture fixture) : IClassFixture<ProvisioningFixture>
{
    private readonly DoubleScope _scope = fixture.Fresh();

    private const string Parameters = """
        {"parameters": [
          {"name": "region", "display_name": "Region", "default": "eu", "options": [{"name": "Europe", "value": "eu"}, {"name": "US", "value": "us"}]},
          {"name": "cpus", "type": "number", "default": "2", "mutable": true, "validation": {"min": 1, "max": 8, "monotonic": "increasing"}},
          {"name": "project", "mutable": true, "validation": {"regex": "^[a-z]+$", "error": "lowercase letters only"}},
          {"name": "gpu", "type": "bool", "default": "false", "mutable": true}
        ]}
        """;

    [Fact]
    public async Task Create_ValidatesLikeCoderd()
    {
        var template = await _scope.CreateTemplateAsync("basic", settings: new { default_ttl_ms = 7_200_000 });
        var post = (object body) => _scope.Api.PostAsync("/api/v2/users/me/workspaces", body);

        var tags = await post(new { name = "Bad_Name" });
        Assert.Equal([
            ("template_id", $"Validation failed for tag \"required_without\" with value: \"{Guid.Empty}\""),
            ("template_version_id", $"Validation failed for tag \"required_without\" with value: \"{Guid.Empty}\""),
            ("name", "Validation failed for tag \"workspace_name\" with value: \"Bad_Name\""),
        ], tags.Validations);
        var both = await post(new { name = "w", template_id = template.Id(), template_version_id = template.S("active_version_id") });
        Assert.Equal(["excluded_with", "excluded_with"], both.Validations.Select(v => v.Detail.Split('"')[1]));

        var unknownTemplate = Guid.NewGuid();
        var noTemplate = await post(new { name = "w", template_id = unknownTemplate });
        Assert.Equal($"Template \"{unknownTemplate}\" doesn't exist.", noTemplate.Message);
        Assert.Equal([("template_id", "template not found")], noTemplate.Validations);
        Assert.Equal([("template_version_id", "template not found")], (await post(new { name = "w", template_version_id = Guid.NewGuid() })).Validations);

        Assert.Equal([("ttl_ms", "time until shutdown must be at least one minute")], (await post(new { name = "w", template_id = template.Id(), ttl_ms = 30_000 })).Validations);
        Assert.Equal([("ttl_ms", "time until shutdown must be less than 30 days")], (await post(new { name = "w", template_id = template.Id(), ttl_ms = 31L * 24 * 3_600_000 })).Validations);
        var schedule = (string s) => post(new { name = "w", template_id = template.Id(), autostart_schedule = s });
        Assert.Equal("Invalid Autostart Schedule.", (await schedule("soon")).Message);
        Assert.Equal([("schedule", "validate weekly schedule: expected day-of-month and month to be *")], (await schedule("30 8 1 * *")).Validations);
        Assert.Equal([("schedule", "parse schedule: provided bad location Mars/Base: unknown time zone Mars/Base")], (await schedule("CRON_TZ=Mars/Base 0 9 * * *")).Validations);
        Assert.Equal([("schedule", "parse schedule: end of range (61) above maximum (59): 61")], (await schedule("61 9 * * *")).Validations);
        Assert.Equal([("automatic_updates", "Automatic updates must be always or never")],
            (await post(new { name = "w", template_id = template.Id(), automatic_updates = "sometimes" })).Validations);

        var created = await post(new { name = "w", template_id = template.Id(), autostart_schedule = "CRON_TZ=Europe/Berlin 30 8 * * 1-5" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(7_200_000, created.Body!["ttl_ms"]!.GetValue<long>()); // the template's default
        Assert.True(DateTimeOffset.Parse(created.Str("next_start_at")) > DateTimeOffset.UtcNow);
        Assert.Equal("never", created.Str("automatic_updates"));
        var taken = await post(new { name = "W", template_id = template.Id() });
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal("Workspace \"W\" already exists.", taken.Message);

        // Another user, through the deprecated organization-member route.
        var bob = await _scope.CreateUserAsync("bob");
        var forBob = await _scope.Api.PostAsync($"/api/v2/organizations/{_scope.DefaultOrgId}/members/bob/workspaces", new { name = "w", template_id = template.Id() });
        Assert.Equal(HttpStatusCode.Created, forBob.Status);
        Assert.Equal(bob.Id().ToString(), forBob.Str("owner_id"));
        Assert.Equal(HttpStatusCode.NotFound, (await _scope.Api.PostAsync("/api/v2/users/nobody/workspaces", new { name = "w", template_id = template.Id() })).Status);
    }

    [Fact]
    public async Task Create_NeedsAnImportedVersion_OfALiveTemplate()
    {
        var template = await _scope.CreateTemplateAsync("imports");
        _scope.Coder.Control.HoldJobs();
        var pending = (await _scope.PostVersionAsync(await _scope.UploadAsync(), template.Id(), "pending")).Body!.Id();
        var notYet = await _scope.Api.PostAsync("/api/v2/users/me/workspaces", new { name = "w", template_version_id = pending });
        Assert.Equal(HttpStatusCode.NotAcceptable, notYet.Status);
        Assert.Equal("The provided template version is pending. Wait for it to complete importing!", notYet.Message);
        _scope.Coder.Control.ReleaseJobs();

        var failed = await _scope.ImportAsync("""{"import": {"fail": {"error": "no provider"}}}""", template.Id(), "failed");
        var broken = await _scope.Api.PostAsync("/api/v2/users/me/workspaces", new { name = "w", template_version_id = failed.Id() });
        Assert.Equal("The provided template version \"failed\" has failed to import: \"no provider\". You cannot build workspaces with it!", broken.Message);
        Assert.Empty((await _scope.Api.GetAsync("/api/v2/workspaces")).Body!["workspaces"]!.AsArray());

        var foreign = await _scope.ImportAsync();
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        var mismatch = await _scope.PostBuildAsync(workspace.Id(), "start", versionId: foreign.Id());
        Assert.Equal("template version doesn't match template", mismatch.Message);

        await _scope.BuildAsync(workspace.Id(), "delete");
        Assert.Equal(HttpStatusCode.OK, (await _scope.Api.DeleteAsync($"/api/v2/templates/{template.Id()}")).Status);
        var deleted = await _scope.PostWorkspaceAsync(template.Id(), "late");
        Assert.Equal(HttpStatusCode.NotFound, deleted.Status);
        Assert.Equal("Template \"imports\" has been deleted!", deleted.Message);
    }

    [Fact]
    public async Task Parameters_AreValidatedByTheDynamicFlow_ReportingEveryParameterByName()
    {
        var template = await _scope.CreateTemplateAsync("dynamic", Parameters);

        var missing = await _scope.PostWorkspaceAsync(template.Id(), "w");
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("Unable to validate parameters", missing.Message);
        Assert.Equal([("project", "Required parameter not provided; parameter value is null")], missing.Validations);

        var wrong = await _scope.PostWorkspaceAsync(template.Id(), "w", Provisioning.Values(("region", "mars"), ("cpus", "9"), ("project", "ABC"), ("gpu", "maybe")));
        Assert.Equal([
            ("cpus", "Invalid parameter value according to 'validation' block; value 9 is more than the maximum 8"),
            ("gpu", "Parameter value is not of type \"bool\"; \"maybe\" is not a bool"),
            ("project", "Invalid parameter value according to 'validation' block; lowercase letters only (value \"ABC\" does not match \"^[a-z]+$\")"),
            ("region", "Value must be a valid option; the value \"mars\" must be defined as one of options"),
        ], wrong.Validations);
        Assert.Empty((await _scope.Api.GetAsync("/api/v2/workspaces")).Body!["workspaces"]!.AsArray());

        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w", Provisioning.Values(("region", "us"), ("project", "abc"), ("unknown", "dropped")));
        var buildId = workspace["latest_build"]!.Id();
        var stored = (await _scope.Api.GetAsync($"/api/v2/workspacebuilds/{buildId}/parameters")).Body!.AsArray();
        Assert.Equal([("cpus", "2"), ("gpu", "false"), ("project", "abc"), ("region", "us")], stored.Select(p => (p!.S("name"), p!.S("value"))));

        var changed = await _scope.PostBuildAsync(workspace.Id(), "start", Provisioning.Values(("region", "eu"), ("cpus", "1")));
        Assert.Equal([
            ("cpus", "Parameter \"cpus\" monotonicity; parameter value '1' must be equal or greater than previous value: 2"),
            ("region", "Immutable parameter changed; Parameter \"region\" is not mutable, so it can't be updated after creating a workspace."),
        ], changed.Validations);

        var next = await _scope.BuildAsync(workspace.Id(), "start", Provisioning.Values(("cpus", "4")));
        var nextValues = (await _scope.Api.GetAsync($"/api/v2/workspacebuilds/{next.Id()}/parameters")).Body!.AsArray();
        Assert.Equal([("cpus", "4"), ("gpu", "false"), ("project", "abc"), ("region", "us")], nextValues.Select(p => (p!.S("name"), p!.S("value"))));
    }

    [Fact]
    public async Task Parameters_AreValidatedByTheClassicFlow_ReportingTheFirstFailure()
    {
        var template = await _scope.CreateTemplateAsync("classic", Parameters, new { template_use_classic_parameter_flow = true });
        Assert.True(template["use_classic_parameter_flow"]!.GetValue<bool>());

        var missing = await _scope.PostWorkspaceAsync(template.Id(), "w");
        Assert.Equal("Unable to validate parameter \"project\"", missing.Message);
        Assert.Equal("parameter validation failed\nParameter \"project\" is required but not provided", missing.Detail);
        Assert.Empty(missing.Validations);

        var wrong = await _scope.PostWorkspaceAsync(template.Id(), "w", Provisioning.Values(("region", "mars"), ("cpus", "9"), ("project", "ABC")));
        Assert.Equal("Unable to validate parameter \"cpus\"", wrong.Message);
        Assert.Equal("parameter validation failed\ncan't validate build parameter \"cpus\": value 9 is more than the maximum 8", wrong.Detail);
        var option = await _scope.PostWorkspaceAsync(template.Id(), "w", Provisioning.Values(("region", "mars"), ("project", "abc")));
        Assert.Equal("parameter validation failed\ncan't validate build parameter \"Region\": parameter value must match one of options: [eu us]", option.Detail);

        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w", Provisioning.Values(("project", "abc")));
        var immutable = await _scope.PostBuildAsync(workspace.Id(), "stop", Provisioning.Values(("region", "us")));
        Assert.Equal("Unable to validate parameter \"region\"", immutable.Message);
        Assert.Equal("parameter validation failed\nParameter \"region\" is not mutable, so it can't be updated after creating a workspace.", immutable.Detail);
        var smaller = await _scope.PostBuildAsync(workspace.Id(), "stop", Provisioning.Values(("cpus", "1")));
        Assert.Equal("parameter validation failed\ncan't validate build parameter \"cpus\": parameter value '1' must be equal or greater than previous value: 2", smaller.Detail);
    }

    [Fact]
    public async Task Rename_FollowsTheDeploymentSetting_AndNameRules()
    {
        var template = await _scope.CreateTemplateAsync("renames");
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "first");
        await _scope.CreateWorkspaceAsync(template.Id(), "second");
        var path = $"/api/v2/workspaces/{workspace.Id()}";

        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Api.PatchAsync(path, new { name = "first" })).Status);
        Assert.Equal("Workspace renames are not allowed.", (await _scope.Api.PatchAsync(path, new { name = "renamed" })).Message);
        Assert.False((await _scope.Api.GetAsync(path)).Body!["allow_renames"]!.GetValue<bool>());
        Assert.Equal([("name", "Validation failed for tag \"username\" with value: \"\"")], (await _scope.Api.PatchAsync(path, new { })).Validations);

        _scope.Coder.Control.Deployment.AllowWorkspaceRenames = true;
        var conflict = await _scope.Api.PatchAsync(path, new { name = "SECOND" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("Workspace \"SECOND\" already exists.", conflict.Message);
        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Api.PatchAsync(path, new { name = "renamed" })).Status);
        var renamed = (await _scope.Api.GetAsync("/api/v2/users/admin/workspace/renamed")).Body!;
        Assert.Equal(workspace.Id(), renamed.Id());
        Assert.True(renamed["allow_renames"]!.GetValue<bool>());
        Assert.Equal("renamed", renamed["latest_build"]!.S("workspace_name"));

        // The same switch over the control surface, per test.
        var off = await _scope.Anonymous.PutAsync("/__double/deployment", new { allow_workspace_renames = false });
        Assert.False(off.Body!["allow_workspace_renames"]!.GetValue<bool>());
        Assert.Equal("Workspace renames are not allowed.", (await _scope.Api.PatchAsync(path, new { name = "again" })).Message);
    }

    [Fact]
    public async Task ScheduleAndDormancySettings_FollowCodersRules()
    {
        var template = await _scope.CreateTemplateAsync("schedules", settings: new { allow_user_autostart = false, allow_user_autostop = false, default_ttl_ms = 3_600_000 });
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        var path = $"/api/v2/workspaces/{workspace.Id()}";

        var autostart = await _scope.Api.PutAsync($"{path}/autostart", new { schedule = "0 9 * * *" });
        Assert.Equal("Autostart is not allowed for workspaces using this template.", autostart.Message);
        var ttl = await _scope.Api.PutAsync($"{path}/ttl", new { ttl_ms = 7_200_000 });
        Assert.Equal([("ttl_ms", "Custom autostop TTL is not allowed for workspaces using this template.")], ttl.Validations);
        Assert.Equal(3_600_000, (await _scope.Api.GetAsync(path)).Body!["ttl_ms"]!.GetValue<long>()); // the template's value shows

        await _scope.Api.PatchAsync($"/api/v2/templates/{template.Id()}", new { allow_user_autostart = true, allow_user_autostop = true });
        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Api.PutAsync($"{path}/autostart", new { schedule = "CRON_TZ=UTC 0 9 * * *" })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Api.PutAsync($"{path}/ttl", new { ttl_ms = 90_500 })).Status);
        var scheduled = (await _scope.Api.GetAsync(path)).Body!;
        Assert.Equal("CRON_TZ=UTC 0 9 * * *", scheduled.S("autostart_schedule"));
        Assert.Equal(9, DateTimeOffset.Parse(scheduled.S("next_start_at")).UtcDateTime.Hour);
        Assert.Equal(60_000, scheduled["ttl_ms"]!.GetValue<long>()); // whole minutes
        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Api.PutAsync($"{path}/autostart", new { })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Api.PutAsync($"{path}/ttl", new { ttl_ms = (long?)null })).Status);
        var cleared = (await _scope.Api.GetAsync(path)).Body!.AsObject();
        Assert.False(cleared.ContainsKey("autostart_schedule"));
        Assert.False(cleared.ContainsKey("ttl_ms"));
        Assert.Null(cleared["next_start_at"]);

        Assert.Equal([("automatic_updates", "must be always or never")], (await _scope.Api.PutAsync($"{path}/autoupdates", new { automatic_updates = "" })).Validations);
        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Api.PutAsync($"{path}/autoupdates", new { automatic_updates = "always" })).Status);
        Assert.Equal("always", (await _scope.Api.GetAsync(path)).Str("automatic_updates"));

        var dormant = await _scope.Api.PutAsync($"{path}/dormant", new { dormant = true });
        Assert.Equal(HttpStatusCode.OK, dormant.Status);
        Assert.NotNull(dormant.Body!["dormant_at"]);
        Assert.Equal(HttpStatusCode.NotModified, (await _scope.Api.PutAsync($"{path}/dormant", new { dormant = true })).Status);
        await _scope.BuildAsync(workspace.Id(), "start");
        Assert.Null((await _scope.Api.GetAsync(path)).Body!["dormant_at"]); // starting wakes it
    }

    [Fact]
    public async Task ARejectedStart_LeavesADormantWorkspaceDormant_AndOnlyAStartThatIsMadeWakesIt()
    {
        // coderd wakes a dormant workspace inside the transaction that inserts the start build, so a start it refuses
        // rolls the wake-up back with everything else.
        var template = await _scope.CreateTemplateAsync("sleepy", Parameters);
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w", Provisioning.Values(("project", "abc")));
        var path = $"/api/v2/workspaces/{workspace.Id()}";
        var dormant = await _scope.Api.PutAsync($"{path}/dormant", new { dormant = true });
        var dormantAt = dormant.Str("dormant_at");
        var usedAt = dormant.Str("last_used_at");

        var orphan = await _scope.Api.PostAsync($"{path}/builds", new { transition = "start", orphan = true });
        Assert.Equal("Orphan is only permitted when deleting a workspace.", orphan.Message);
        var immutable = await _scope.PostBuildAsync(workspace.Id(), "start", Provisioning.Values(("region", "us")));
        Assert.Equal("Unable to validate parameters", immutable.Message);
        var debug = await _scope.Api.PostAsync($"{path}/builds", new { transition = "start", log_level = "debug" });
        Assert.Equal("Terraform debug mode is disabled in the deployment configuration.", debug.Message);
        var still = (await _scope.Api.GetAsync(path)).Body!;
        Assert.Equal(dormantAt, still.S("dormant_at"));
        Assert.Equal(usedAt, still.S("last_used_at"));
        Assert.Single((await _scope.Api.GetAsync($"{path}/builds")).Body!.AsArray());

        // UpdateWorkspaceDormantDeletingAt marks a woken workspace used, so that it does not fall dormant again at once.
        await _scope.BuildAsync(workspace.Id(), "start");
        var awake = (await _scope.Api.GetAsync(path)).Body!;
        Assert.Null(awake["dormant_at"]);
        Assert.True(DateTimeOffset.Parse(awake.S("last_used_at")) > DateTimeOffset.Parse(usedAt));
        await _scope.Api.PutAsync($"{path}/dormant", new { dormant = true });
        var woken = await _scope.Api.PutAsync($"{path}/dormant", new { dormant = false });
        Assert.Null(woken.Body!["dormant_at"]);
        Assert.True(DateTimeOffset.Parse(woken.Str("last_used_at")) > DateTimeOffset.Parse(awake.S("last_used_at")));
    }

    [Fact]
    public async Task ADormantWorkspace_HasNoNextStart_UntilABuildSucceedsAfterItWoke()
    {
        // The workspaces table's trigger nulls next_start_at on any update of a dormant workspace; provisionerdserver
        // computes it again when a build of a workspace with an autostart schedule succeeds.
        var template = await _scope.CreateTemplateAsync("autostart");
        var created = (await _scope.PostWorkspaceAsync(template.Id(), "w")).Body!;
        var workspaceId = created.Id();
        var path = $"/api/v2/workspaces/{workspaceId}";
        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Api.PutAsync($"{path}/autostart", new { schedule = "CRON_TZ=UTC 0 9 * * *" })).Status);
        await _scope.WaitForBuildAsync(created["latest_build"]!.Id());
        Assert.NotNull((await _scope.Api.GetAsync(path)).Body!["next_start_at"]);

        var dormant = (await _scope.Api.PutAsync($"{path}/dormant", new { dormant = true })).Body!;
        Assert.Null(dormant["next_start_at"]);
        Assert.Equal("CRON_TZ=UTC 0 9 * * *", dormant.S("autostart_schedule"));
        Assert.Equal(HttpStatusCode.NoContent, (await _scope.Api.PutAsync($"{path}/autostart", new { schedule = "CRON_TZ=UTC 0 10 * * *" })).Status);
        var rescheduled = (await _scope.Api.GetAsync(path)).Body!;
        Assert.Equal("CRON_TZ=UTC 0 10 * * *", rescheduled.S("autostart_schedule"));
        Assert.Null(rescheduled["next_start_at"]);
        await _scope.BuildAsync(workspaceId, "stop");
        Assert.Null((await _scope.Api.GetAsync(path)).Body!["next_start_at"]);

        Assert.Null((await _scope.Api.PutAsync($"{path}/dormant", new { dormant = false })).Body!["next_start_at"]);
        await _scope.BuildAsync(workspaceId, "start");
        var next = DateTimeOffset.Parse((await _scope.Api.GetAsync(path)).Body!.S("next_start_at"));
        Assert.Equal((10, 0), (next.UtcDateTime.Hour, next.UtcDateTime.Minute));
    }

    [Fact]
    public async Task List_SearchesAndOrdersLikeCoderd()
    {
        var template = await _scope.CreateTemplateAsync("listed");
        var other = await _scope.CreateTemplateAsync("other");
        await _scope.CreateUserAsync("bob");
        var stopped = await _scope.CreateWorkspaceAsync(template.Id(), "alpha");
        await _scope.BuildAsync(stopped.Id(), "stop");
        await _scope.CreateWorkspaceAsync(template.Id(), "beta");
        await _scope.CreateWorkspaceAsync(other.Id(), "gamma");
        var forBob = await _scope.Api.PostAsync("/api/v2/users/bob/workspaces", new { name = "delta", template_id = template.Id() });
        await _scope.WaitForBuildAsync(Guid.Parse(forBob.Body!["latest_build"]!.S("id")));

        var names = async (string query) =>
        {
            var reply = await _scope.Api.GetAsync($"/api/v2/workspaces?q={Uri.EscapeDataString(query)}");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            return reply.Body!["workspaces"]!.AsArray().Select(w => w!.S("name")).ToList();
        };
        // Running workspaces first, then by owner and name.
        Assert.Equal(["beta", "gamma", "delta", "alpha"], await names(""));
        Assert.Equal(["beta", "gamma", "alpha"], await names("owner:me"));
        Assert.Equal(["delta"], await names("bob/"));
        Assert.Equal(["beta", "delta", "alpha"], await names("template:LISTED"));
        Assert.Equal(["alpha"], await names("status:stopped"));
        Assert.Equal(["gamma"], await names("gam"));
        Assert.Equal(["beta", "gamma", "delta"], await names("status:running"));
        var page = (await _scope.Api.GetAsync("/api/v2/workspaces?limit=1&offset=1")).Body!;
        Assert.Equal(4, page["count"]!.GetValue<int>());
        Assert.Equal("gamma", Assert.Single(page["workspaces"]!.AsArray())!.S("name"));

        var bad = await _scope.Api.GetAsync("/api/v2/workspaces?q=status:sleeping");
        Assert.Equal("Invalid workspace search query.", bad.Message);
        Assert.Equal([("status", "Query param \"status\" has invalid value: \"sleeping\" is not a valid value")], bad.Validations);
    }

    [Fact]
    public async Task Builds_UseThePreviousVersion_UnlessAskedForAnother()
    {
        var template = await _scope.CreateTemplateAsync("versioned");
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        var v2 = await _scope.ImportAsync(templateId: template.Id(), name: "v2");
        await _scope.Api.PatchAsync($"/api/v2/templates/{template.Id()}/versions", new { id = v2.Id() });

        var restart = await _scope.BuildAsync(workspace.Id(), "start");
        Assert.Equal(template.S("active_version_id"), restart.S("template_version_id"));
        Assert.True((await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Body!["outdated"]!.GetValue<bool>());

        var updated = await _scope.PostBuildAsync(workspace.Id(), "start", versionId: v2.Id());
        Assert.Equal(HttpStatusCode.Created, updated.Status);
        var done = await _scope.WaitForBuildAsync(updated.Body!.Id());
        Assert.Equal("v2", done.S("template_version_name"));
        Assert.False((await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Body!["outdated"]!.GetValue<bool>());

        Assert.Equal("Terraform debug mode is disabled in the deployment configuration.",
            (await _scope.Api.PostAsync($"/api/v2/workspaces/{workspace.Id()}/builds", new { transition = "stop", log_level = "debug" })).Message);
        Assert.Equal("Orphan is only permitted when deleting a workspace.",
            (await _scope.Api.PostAsync($"/api/v2/workspaces/{workspace.Id()}/builds", new { transition = "stop", orphan = true })).Message);
        Assert.Equal([("transition", "Validation failed for tag \"oneof\" with value: \"restart\"")],
            (await _scope.Api.PostAsync($"/api/v2/workspaces/{workspace.Id()}/builds", new { transition = "restart" })).Validations);
        var orphaned = await _scope.Api.PostAsync($"/api/v2/workspaces/{workspace.Id()}/builds", new { transition = "delete", orphan = true });
        Assert.Equal("deleted", (await _scope.WaitForBuildAsync(orphaned.Body!.Id())).S("status"));
    }

    [Fact]
    public async Task UsersWithWorkspaces_AndOrganizationsWithTemplates_CannotBeDeleted()
    {
        var template = await _scope.CreateTemplateAsync("owned");
        await _scope.CreateUserAsync("carol");
        var created = await _scope.Api.PostAsync("/api/v2/users/carol/workspaces", new { name = "w", template_id = template.Id() });
        await _scope.WaitForBuildAsync(Guid.Parse(created.Body!["latest_build"]!.S("id")));
        var refused = await _scope.Api.DeleteAsync("/api/v2/users/carol");
        Assert.Equal(HttpStatusCode.ExpectationFailed, refused.Status);
        await _scope.BuildAsync(created.Body!.Id(), "delete");
        Assert.Equal(HttpStatusCode.OK, (await _scope.Api.DeleteAsync("/api/v2/users/carol")).Status);

        var team = await _scope.CreateOrganizationAsync("team");
        var version = await _scope.Api.PostAsync($"/api/v2/organizations/{team.Id()}/templateversions",
            new { storage_method = "file", provisioner = "terraform", file_id = await _scope.UploadAsync() });
        await _scope.WaitForVersionAsync(version.Body!.Id());
        Assert.Equal(HttpStatusCode.Created, (await _scope.Api.PostAsync($"/api/v2/organizations/team/templates", new { name = "t", template_version_id = version.Body!.Id() })).Status);
        var orgRefused = await _scope.Api.DeleteAsync($"/api/v2/organizations/{team.Id()}");
        Assert.Equal(HttpStatusCode.InternalServerError, orgRefused.Status);
        Assert.Equal("This organization has 1 template that must be deleted first.", orgRefused.Detail);
    }
}

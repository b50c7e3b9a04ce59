using System.Net;

namespace Coder.Double.Tests;

/// <summary>One pass over every implemented endpoint, successes and coderd's error answers alike.</summary>
public static class Scenario
{
    /// <summary>All calls whose coderd answers agree with swagger (so a recording of them must check clean).</summary>
    public static async Task ExerciseEverythingCheckerCleanAsync(DoubleScope scope)
    {
        var api = scope.Api;
        var org = scope.DefaultOrgId;

        await Expect(HttpStatusCode.OK, scope.Anonymous.GetAsync("/api/v2/buildinfo"));
        await Expect(HttpStatusCode.Unauthorized, scope.Anonymous.GetAsync("/api/v2/users"));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/entitlements"));

        // users
        var alice = await scope.CreateUserAsync("alice");
        var aliceId = alice.Id();
        await Expect(HttpStatusCode.BadRequest, api.PostAsync("/api/v2/users", new { username = "Bad_Name", email = "x", organization_ids = new[] { org } }));
        await Expect(HttpStatusCode.Conflict, api.PostAsync("/api/v2/users", new { username = "alice", email = "other@example.com", password = DoubleScope.GoodPassword, organization_ids = new[] { org } }));
        await Expect(HttpStatusCode.Created, api.PostAsync("/api/v2/users", new { username = "gh-user", email = "gh@example.com", login_type = "github", user_status = "active", organization_ids = new[] { org } }));
        await Expect(HttpStatusCode.Created, api.PostAsync("/api/v2/users", new { username = "robot", service_account = true, user_status = "active", organization_ids = new[] { org } }));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/users?q=alice&limit=10&offset=0"));
        await Expect(HttpStatusCode.BadRequest, api.GetAsync("/api/v2/users?q=foo:bar"));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/users/alice"));
        await Expect(HttpStatusCode.NotFound, api.GetAsync("/api/v2/users/nobody"));
        await Expect(HttpStatusCode.OK, api.PutAsync($"/api/v2/users/{aliceId}/profile", new { username = "alice", name = "Alice A" }));
        await Expect(HttpStatusCode.OK, api.PutAsync($"/api/v2/users/{aliceId}/roles", new { roles = new[] { "template-admin" } }));
        await Expect(HttpStatusCode.BadRequest, api.PutAsync("/api/v2/users/me/roles", new { roles = Array.Empty<string>() }));
        await Expect(HttpStatusCode.OK, api.PutAsync($"/api/v2/users/{aliceId}/status/suspend"));
        await Expect(HttpStatusCode.OK, api.PutAsync($"/api/v2/users/{aliceId}/status/activate"));
        await Expect(HttpStatusCode.NoContent, api.PutAsync($"/api/v2/users/{aliceId}/password", new { password = "An0ther-Secure-Passw0rd!" }));
        await Expect(HttpStatusCode.BadRequest, api.PutAsync($"/api/v2/users/{aliceId}/password", new { password = "weak" }));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/users/me/login-type"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/users/{aliceId}/organizations"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/users/{aliceId}/organizations/coder"));

        // organizations and members
        var team = await scope.CreateOrganizationAsync("team");
        var teamId = team.Id();
        await Expect(HttpStatusCode.Conflict, api.PostAsync("/api/v2/organizations", new { name = "TEAM" }));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/organizations"));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/organizations/team"));
        await Expect(HttpStatusCode.NotFound, api.GetAsync("/api/v2/organizations/nope"));
        await Expect(HttpStatusCode.OK, api.PatchAsync($"/api/v2/organizations/{teamId}", new { display_name = "The Team", description = "d", icon = "/icon.svg" }));
        await Expect(HttpStatusCode.OK, api.PostAsync($"/api/v2/organizations/{teamId}/members/{aliceId}"));
        await Expect(HttpStatusCode.BadRequest, api.PostAsync($"/api/v2/organizations/{teamId}/members/{aliceId}"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{teamId}/members"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{teamId}/members/alice"));
        await Expect(HttpStatusCode.OK, api.PutAsync($"/api/v2/organizations/{teamId}/members/{aliceId}/roles", new { roles = new[] { "organization-admin" } }));
        await Expect(HttpStatusCode.BadRequest, api.PutAsync($"/api/v2/organizations/{teamId}/members/{aliceId}/roles", new { roles = new[] { "owner" } }));

        // groups
        var devs = await scope.CreateGroupAsync("devs", teamId);
        var devsId = devs.Id();
        await Expect(HttpStatusCode.Conflict, api.PostAsync($"/api/v2/organizations/{teamId}/groups", new { name = "devs" }));
        await Expect(HttpStatusCode.OK, api.PatchAsync($"/api/v2/groups/{devsId}", new { add_users = new[] { aliceId.ToString() }, display_name = "Developers", quota_allowance = 3 }));
        await Expect(HttpStatusCode.BadRequest, api.PatchAsync($"/api/v2/groups/{devsId}", new { add_users = new[] { "not-a-uuid" } }));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/groups/{devsId}"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/groups/{devsId}/members"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/groups?organization={teamId}"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{teamId}/groups"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{teamId}/groups/devs"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{teamId}/groups/devs/members"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{teamId}/paginated-groups?limit=1"));
        await Expect(HttpStatusCode.BadRequest, api.DeleteAsync($"/api/v2/groups/{teamId}"));
        await Expect(HttpStatusCode.OK, api.DeleteAsync($"/api/v2/groups/{devsId}"));

        // files
        var tar = FileTests.Tar(("main.tf", "terraform {}"));
        var (uploaded, upload) = await FileTests.UploadAsync(scope.Api.Client, tar);
        Assert.Equal(HttpStatusCode.Created, uploaded);
        Assert.Equal(HttpStatusCode.OK, (await FileTests.UploadAsync(scope.Api.Client, tar)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await FileTests.UploadAsync(scope.Api.Client, tar, "text/plain")).Status);
        using (var download = await api.Client.GetAsync($"/api/v2/files/{upload!["hash"]}")) Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        await Expect(HttpStatusCode.NotFound, api.GetAsync($"/api/v2/files/{Guid.NewGuid()}"));

        await ExerciseProvisioningAsync(scope);

        // clean-up paths
        await Expect(HttpStatusCode.InternalServerError, api.DeleteAsync($"/api/v2/organizations/{teamId}"));
        await Expect(HttpStatusCode.NoContent, api.DeleteAsync($"/api/v2/organizations/{teamId}/members/{aliceId}"));
        await Expect(HttpStatusCode.OK, api.DeleteAsync($"/api/v2/organizations/{teamId}"));
        await Expect(HttpStatusCode.BadRequest, api.DeleteAsync($"/api/v2/organizations/{org}"));
        await Expect(HttpStatusCode.Forbidden, api.DeleteAsync("/api/v2/users/me"));
        await Expect(HttpStatusCode.OK, api.DeleteAsync($"/api/v2/users/{aliceId}"));

        // licensing
        scope.Coder.Control.License.SetPremium(false);
        await Expect(HttpStatusCode.Forbidden, api.PostAsync("/api/v2/organizations", new { name = "blocked" }));
        await Expect(HttpStatusCode.Forbidden, api.GetAsync($"/api/v2/organizations/{org}/groups"));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/entitlements"));
    }

    /// <summary>
    /// Calls where coderd and its swagger disagree (the double follows coderd): the exchange is recorded, and the traffic
    /// checker flags it. Matched by method, path pattern (a regex over the path without the query) and status.
    /// </summary>
    public static readonly IReadOnlyList<(string Method, string PathPattern, int Status, string Why)> KnownDisagreements =
    [
        ("POST", "^/api/v2/organizations/[^/]+/templates$", 201, "coderd answers 201 Created; swagger documents 200"),
        ("GET", "^/api/v2/templates/[^/]+/versions/(?!archive$)[^/]+$", 200, "coderd answers one TemplateVersion; swagger documents an array"),
        ("POST", "^/api/v2/templateversions/[^/]+/(archive|unarchive)$", 200, "coderd answers a bare JSON string; swagger documents codersdk.Response"),
        ("GET", "^/api/v2/templateversions/[^/]+/presets$", 200, "coderd answers null for a version without presets; swagger documents an array"),
    ];

    public static bool IsKnownDisagreement(string method, string path, int status) =>
        KnownDisagreements.Any(k => k.Method == method && k.Status == status &&
                                    System.Text.RegularExpressions.Regex.IsMatch(path.Split('?')[0], k.PathPattern));

    private const string ScenarioTemplate = """
        {
          "parameters": [
            {"name": "region", "display_name": "Region", "type": "string", "default": "eu", "mutable": true,
             "options": [{"name": "Europe", "value": "eu"}, {"name": "America", "value": "us"}]},
            {"name": "cpus", "type": "number", "default": "2", "mutable": true, "validation": {"min": 1, "max": 8}},
            {"name": "gpu", "type": "bool", "default": "false"}
          ],
          "variables": [{"name": "image", "default": "ubuntu"}],
          "resources": [
            {"name": "dev", "type": "docker_container", "agents": [{"name": "main"}], "metadata": [{"key": "image", "value": "ubuntu"}]},
            {"name": "home", "type": "docker_volume", "persistent": true}
          ]
        }
        """;

    /// <summary>Templates, versions, jobs, workspaces and builds: successes and coderd's error answers.</summary>
    private static async Task ExerciseProvisioningAsync(DoubleScope scope)
    {
        var api = scope.Api;
        var org = scope.DefaultOrgId;

        // template versions and their import job
        var fileId = await scope.UploadAsync(ScenarioTemplate, readme: "# Docker");
        scope.Coder.Control.HoldJobs();
        var created = await scope.PostVersionAsync(fileId);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var versionId = created.Body!.Id();
        await Expect(HttpStatusCode.NotFound, scope.PostVersionAsync(Guid.NewGuid()));
        await Expect(HttpStatusCode.BadRequest, api.PostAsync($"/api/v2/organizations/{org}/templateversions", new { storage_method = "file", provisioner = "terraform" }));
        await Expect(HttpStatusCode.BadRequest, api.PostAsync($"/api/v2/organizations/{org}/templateversions",
            new { storage_method = "file", provisioner = "terraform", example_id = "docker" }));
        await Expect((HttpStatusCode)425, api.GetAsync($"/api/v2/templateversions/{versionId}/rich-parameters"));
        scope.Coder.Control.ReleaseJobs();
        var imported = await scope.WaitForVersionAsync(versionId);
        Assert.Equal("succeeded", imported["job"]!.S("status"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templateversions/{versionId}"));
        await Expect(HttpStatusCode.BadRequest, api.GetAsync("/api/v2/templateversions/not-a-uuid"));
        await Expect(HttpStatusCode.NotFound, api.GetAsync($"/api/v2/templateversions/{Guid.NewGuid()}"));
        await Expect(HttpStatusCode.OK, api.PatchAsync($"/api/v2/templateversions/{versionId}", new { message = "first" }));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templateversions/{versionId}/logs"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templateversions/{versionId}/logs?after=1&format=json"));
        await Expect(HttpStatusCode.BadRequest, api.GetAsync($"/api/v2/templateversions/{versionId}/logs?after=x"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templateversions/{versionId}/rich-parameters"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templateversions/{versionId}/variables"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templateversions/{versionId}/external-auth"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templateversions/{versionId}/resources"));
        await Expect(HttpStatusCode.BadRequest, api.PatchAsync($"/api/v2/templateversions/{versionId}/cancel"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{org}/provisionerjobs/{imported["job"]!.Id()}"));

        // provisioner daemons: the default one (with its previous job), an offline one never seen, filters
        scope.Coder.Control.Provisioners.Add(new Control.ProvisionerDaemonSpec("gpu", Tags: new Dictionary<string, string> { ["gpu"] = "true" }, Online: false));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{org}/provisionerdaemons"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{org}/provisionerdaemons?offline=true&limit=0&tags=%7B%22gpu%22%3A%22true%22%7D"));
        await Expect(HttpStatusCode.BadRequest, api.GetAsync($"/api/v2/organizations/{org}/provisionerdaemons?limit=many"));

        // dry runs
        scope.Coder.Control.HoldJobs();
        var dryRun = await api.PostAsync($"/api/v2/templateversions/{versionId}/dry-run", new { workspace_name = "plan", rich_parameter_values = Provisioning.Values(("region", "us")) });
        Assert.Equal(HttpStatusCode.Created, dryRun.Status);
        var dryRunPath = $"/api/v2/templateversions/{versionId}/dry-run/{dryRun.Body!.Id()}";
        await Expect(HttpStatusCode.BadRequest, api.GetAsync($"{dryRunPath}/resources"));
        await Expect(HttpStatusCode.OK, api.PatchAsync($"{dryRunPath}/cancel"));
        await Expect(HttpStatusCode.BadRequest, api.PatchAsync($"{dryRunPath}/cancel"));
        scope.Coder.Control.ReleaseJobs();
        await Expect(HttpStatusCode.OK, api.GetAsync(dryRunPath));
        await Expect(HttpStatusCode.OK, api.GetAsync($"{dryRunPath}/logs"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"{dryRunPath}/matched-provisioners"));
        await Expect(HttpStatusCode.InternalServerError, api.GetAsync($"/api/v2/templateversions/{versionId}/dry-run/{Guid.NewGuid()}"));

        // templates
        var template = (await api.PostAsync($"/api/v2/organizations/{org}/templates", new { name = "docker", display_name = "Docker", template_version_id = versionId })).Body!;
        var templateId = template.Id();
        await Expect(HttpStatusCode.Conflict, api.PostAsync($"/api/v2/organizations/{org}/templates", new { name = "DOCKER", template_version_id = versionId }));
        await Expect(HttpStatusCode.BadRequest, api.PostAsync($"/api/v2/organizations/{org}/templates", new { name = "other", template_version_id = versionId }));
        await Expect(HttpStatusCode.BadRequest, api.PostAsync($"/api/v2/organizations/{org}/templates", new { name = "Bad Name!", template_version_id = versionId }));
        await Expect(HttpStatusCode.NotFound, api.PostAsync($"/api/v2/organizations/{org}/templates", new { name = "missing", template_version_id = Guid.NewGuid() }));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/templates"));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/templates?q=docker%20deprecated:false"));
        await Expect(HttpStatusCode.BadRequest, api.GetAsync("/api/v2/templates?q=nope:1"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{org}/templates"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{org}/templates/docker"));
        await Expect(HttpStatusCode.NotFound, api.GetAsync($"/api/v2/organizations/{org}/templates/nothing"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templates/{templateId}"));
        await Expect(HttpStatusCode.OK, api.PatchAsync($"/api/v2/templates/{templateId}", new { description = "Docker workspaces", default_ttl_ms = 3_600_000, allow_user_cancel_workspace_jobs = true }));
        await Expect(HttpStatusCode.BadRequest, api.PatchAsync($"/api/v2/templates/{templateId}", new { failure_ttl_ms = 5 }));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templates/{templateId}/acl"));
        await Expect(HttpStatusCode.OK, api.PatchAsync($"/api/v2/templates/{templateId}/acl", new { user_perms = new Dictionary<string, string> { [scope.Coder.Seed.AdminId.ToString()] = "admin" } }));
        await Expect(HttpStatusCode.BadRequest, api.PatchAsync($"/api/v2/templates/{templateId}/acl", new { group_perms = new Dictionary<string, string> { ["not-a-uuid"] = "use" } }));

        // a second version, promoted
        var second = await scope.ImportAsync(ScenarioTemplate, templateId, name: "v2");
        var secondId = second.Id();
        await Expect(HttpStatusCode.Conflict, scope.PostVersionAsync(fileId, templateId, name: "v2"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templates/{templateId}/versions?limit=5"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/organizations/{org}/templates/docker/versions/v2"));
        await Expect(HttpStatusCode.NotFound, api.GetAsync($"/api/v2/organizations/{org}/templates/docker/versions/v9"));
        await Expect(HttpStatusCode.NotFound, api.PatchAsync($"/api/v2/templates/{templateId}/versions", new { id = Guid.NewGuid() }));
        await Expect(HttpStatusCode.OK, api.PatchAsync($"/api/v2/templates/{templateId}/versions", new { id = secondId }));
        await Expect(HttpStatusCode.OK, api.PostAsync($"/api/v2/templates/{templateId}/versions/archive", new { all = false }));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templates/{templateId}/versions/v2"));
        await Expect(HttpStatusCode.NotFound, api.GetAsync($"/api/v2/templates/{templateId}/versions/v9"));
        await Expect(HttpStatusCode.OK, api.PostAsync($"/api/v2/templateversions/{versionId}/archive"));
        await Expect(HttpStatusCode.BadRequest, api.PostAsync($"/api/v2/templateversions/{versionId}/archive"));
        await Expect(HttpStatusCode.OK, api.PostAsync($"/api/v2/templateversions/{versionId}/unarchive"));

        // workspaces and builds (the first build runs until it is canceled)
        scope.Coder.Control.Jobs.Enqueue("workspace_build", new Control.JobOutcome(DurationMs: 60_000));
        var createdWorkspace = await scope.PostWorkspaceAsync(templateId, "dev", Provisioning.Values(("region", "us"), ("cpus", "4")));
        Assert.Equal(HttpStatusCode.Created, createdWorkspace.Status);
        var workspaceId = createdWorkspace.Body!.Id();
        var firstBuildId = Guid.Parse(createdWorkspace.Body!["latest_build"]!.S("id"));
        await Expect(HttpStatusCode.Conflict, scope.PostWorkspaceAsync(templateId, "DEV"));
        await Expect(HttpStatusCode.BadRequest, scope.PostWorkspaceAsync(templateId, "cpu-hog", Provisioning.Values(("cpus", "99"))));
        await Expect(HttpStatusCode.BadRequest, api.PostAsync("/api/v2/users/me/workspaces", new { name = "nothing" }));
        await Expect(HttpStatusCode.BadRequest, api.PostAsync("/api/v2/users/me/workspaces", new { name = "short", template_id = templateId, ttl_ms = 1000 }));
        await Expect(HttpStatusCode.Conflict, scope.PostBuildAsync(workspaceId, "stop"));
        await Expect(HttpStatusCode.OK, api.PatchAsync($"/api/v2/workspacebuilds/{firstBuildId}/cancel"));
        await Expect(HttpStatusCode.BadRequest, api.PatchAsync($"/api/v2/workspacebuilds/{firstBuildId}/cancel"));
        await scope.WaitForBuildAsync(firstBuildId);
        var restart = await scope.PostBuildAsync(workspaceId, "start");
        Assert.Equal(HttpStatusCode.Created, restart.Status);
        await scope.WaitForBuildAsync(restart.Body!.Id());
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/workspaces/{workspaceId}"));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/users/me/workspace/dev"));
        await Expect(HttpStatusCode.NotFound, api.GetAsync("/api/v2/users/me/workspace/nothing"));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/workspaces?q=owner:me%20template:docker&limit=10"));
        await Expect(HttpStatusCode.BadRequest, api.GetAsync("/api/v2/workspaces?q=status:sleeping"));
        await Expect(HttpStatusCode.BadRequest, api.PatchAsync($"/api/v2/workspaces/{workspaceId}", new { name = "renamed" }));
        await Expect(HttpStatusCode.NoContent, api.PutAsync($"/api/v2/workspaces/{workspaceId}/autostart", new { schedule = "CRON_TZ=Europe/Berlin 30 8 * * 1-5" }));
        await Expect(HttpStatusCode.BadRequest, api.PutAsync($"/api/v2/workspaces/{workspaceId}/autostart", new { schedule = "30 8 1 * *" }));
        await Expect(HttpStatusCode.NoContent, api.PutAsync($"/api/v2/workspaces/{workspaceId}/ttl", new { ttl_ms = 7_200_000 }));
        await Expect(HttpStatusCode.BadRequest, api.PutAsync($"/api/v2/workspaces/{workspaceId}/ttl", new { ttl_ms = 59_000 }));
        await Expect(HttpStatusCode.NoContent, api.PutAsync($"/api/v2/workspaces/{workspaceId}/autoupdates", new { automatic_updates = "always" }));
        await Expect(HttpStatusCode.OK, api.PutAsync($"/api/v2/workspaces/{workspaceId}/dormant", new { dormant = true }));
        await Expect(HttpStatusCode.OK, api.PutAsync($"/api/v2/workspaces/{workspaceId}/dormant", new { dormant = false }));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/workspacebuilds/{firstBuildId}"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/workspacebuilds/{firstBuildId}/logs?after=0"));
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/workspacebuilds/{firstBuildId}/parameters"));
        await Expect(HttpStatusCode.BadRequest, api.PatchAsync($"/api/v2/workspacebuilds/{firstBuildId}/cancel"));
        await Expect(HttpStatusCode.OK, api.GetAsync("/api/v2/users/me/workspace/dev/builds/2"));
        await Expect(HttpStatusCode.NotFound, api.GetAsync("/api/v2/users/me/workspace/dev/builds/7"));
        var stop = await scope.PostBuildAsync(workspaceId, "stop");
        Assert.Equal(HttpStatusCode.Created, stop.Status);
        await scope.WaitForBuildAsync(stop.Body!.Id());
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/workspaces/{workspaceId}/builds"));
        await Expect(HttpStatusCode.BadRequest, api.DeleteAsync($"/api/v2/templates/{templateId}"));
        var delete = await scope.PostBuildAsync(workspaceId, "delete");
        await scope.WaitForBuildAsync(delete.Body!.Id());
        await Expect(HttpStatusCode.Gone, api.GetAsync($"/api/v2/workspaces/{workspaceId}"));
        await Expect(HttpStatusCode.OK, api.DeleteAsync($"/api/v2/templates/{templateId}"));
        await Expect(HttpStatusCode.NotFound, api.GetAsync($"/api/v2/templates/{templateId}"));

        // calls whose coderd answers swagger does not describe (see KnownDisagreements)
        await Expect(HttpStatusCode.OK, api.GetAsync($"/api/v2/templateversions/{versionId}/presets"));
    }

    private static async Task Expect(HttpStatusCode status, Task<ApiReply> call)
    {
        var reply = await call;
        Assert.True(reply.Status == status, $"expected {status}, got {reply.Status}: {reply.Body?.ToJsonString()}");
    }
}

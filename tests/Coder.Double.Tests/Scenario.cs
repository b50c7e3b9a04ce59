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

    private static async Task Expect(HttpStatusCode status, Task<ApiReply> call)
    {
        var reply = await call;
        Assert.True(reply.Status == status, $"expected {status}, got {reply.Status}: {reply.Body?.ToJsonString()}");
    }
}

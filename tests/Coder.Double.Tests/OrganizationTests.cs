using System.Net;

namespace Coder.Double.Tests;

public sealed class OrganizationTests
{
    [Fact]
    public async Task Create_DefaultsDisplayName_MakesTheCreatorAMember_AndAddsEveryone()
    {
        await using var scope = await DoubleScope.StartAsync();
        var reply = await scope.Api.PostAsync("/api/v2/organizations", new { name = "team", description = "Team org", icon = "/emojis/1f680.png" });

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("team", reply.Str("display_name"));
        Assert.Equal("Team org", reply.Str("description"));
        Assert.False(reply.Body!["is_default"]!.GetValue<bool>());
        Assert.Equal(["organization-workspace-access"], reply.Body["default_org_member_roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        var id = reply.Body.Id();
        var members = await scope.Api.GetAsync($"/api/v2/organizations/{id}/members");
        var admin = Assert.Single(members.Body!.AsArray())!;
        Assert.Equal("admin", admin.S("username"));
        Assert.Empty(admin["roles"]!.AsArray());

        var everyone = await scope.Api.GetAsync($"/api/v2/groups/{id}");
        Assert.Equal("Everyone", everyone.Str("name"));
        Assert.Equal(1, everyone.Body!["total_member_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Create_Validates_ReservesDefault_AndConflictsCaseInsensitively()
    {
        await using var scope = await DoubleScope.StartAsync();
        await scope.CreateOrganizationAsync("team");

        var conflict = await scope.Api.PostAsync("/api/v2/organizations", new { name = "TEAM" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("Organization already exists with that name.", conflict.Message);

        var reserved = await scope.Api.PostAsync("/api/v2/organizations", new { name = "default" });
        Assert.Equal("Organization name \"default\" is reserved.", reserved.Message);

        var invalid = await scope.Api.PostAsync("/api/v2/organizations", new { name = "has space", display_name = " padded" });
        Assert.Equal(
            [("name", "Validation failed for tag \"organization_name\" with value: \"has space\""),
             ("display_name", "Validation failed for tag \"organization_display_name\" with value: \" padded\"")],
            invalid.Validations);

        var missing = await scope.Api.PostAsync("/api/v2/organizations", new { });
        Assert.Equal(("name", "Validation failed for tag \"required\" with value: \"\""), Assert.Single(missing.Validations));
    }

    [Fact]
    public async Task Get_ByIdNameOrDefault()
    {
        await using var scope = await DoubleScope.StartAsync();
        var team = await scope.CreateOrganizationAsync("team");

        Assert.Equal("team", (await scope.Api.GetAsync($"/api/v2/organizations/{team.Id()}")).Str("name"));
        Assert.Equal("team", (await scope.Api.GetAsync("/api/v2/organizations/TEAM")).Str("name"));
        Assert.Equal("coder", (await scope.Api.GetAsync("/api/v2/organizations/default")).Str("name"));
        Assert.Equal("coder", (await scope.Api.GetAsync($"/api/v2/organizations/{Guid.Empty}")).Str("name"));
        var missing = await scope.Api.GetAsync("/api/v2/organizations/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("Resource not found or you do not have access to this resource", missing.Message);
    }

    [Fact]
    public async Task Patch_UpdatesOnlyWhatIsSent_AndRejectsTakenNames()
    {
        await using var scope = await DoubleScope.StartAsync();
        var team = await scope.CreateOrganizationAsync("team");
        await scope.CreateOrganizationAsync("other");
        var path = $"/api/v2/organizations/{team.Id()}";

        var renamed = await scope.Api.PatchAsync(path, new { name = "squad", display_name = "The Squad", icon = "/i.png" });
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Equal("squad", renamed.Str("name"));
        Assert.Equal("The Squad", renamed.Str("display_name"));
        Assert.Equal("/i.png", renamed.Str("icon"));

        var cleared = await scope.Api.PatchAsync(path, new { description = "" });
        Assert.Equal("squad", cleared.Str("name"));
        Assert.Equal("/i.png", cleared.Str("icon"));

        var taken = await scope.Api.PatchAsync(path, new { name = "Other" });
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal("Organization already exists with the name \"Other\".", taken.Message);
        Assert.Equal(("name", "This value is already in use and should be unique."), Assert.Single(taken.Validations));

        Assert.Equal("Organization name \"default\" is reserved.", (await scope.Api.PatchAsync(path, new { name = "default" })).Message);

        var badRoles = await scope.Api.PatchAsync(path, new { default_org_member_roles = new[] { "organization-member" } });
        Assert.Equal("Invalid default_org_member_roles entry.", badRoles.Message);
        Assert.Equal("default_org_member_roles", Assert.Single(badRoles.Validations).Field);
        var roles = await scope.Api.PatchAsync(path, new { default_org_member_roles = Array.Empty<string>() });
        Assert.Empty(roles.Body!["default_org_member_roles"]!.AsArray());
    }

    [Fact]
    public async Task Delete_ProtectsTheDefault_AndOrganizationsThatStillHaveMembersOrGroups()
    {
        await using var scope = await DoubleScope.StartAsync();
        var team = await scope.CreateOrganizationAsync("team");
        var bob = await scope.CreateUserAsync("bob", team.Id());
        var group = await scope.CreateGroupAsync("devs", team.Id());

        var defaultOrg = await scope.Api.DeleteAsync($"/api/v2/organizations/{scope.DefaultOrgId}");
        Assert.Equal(HttpStatusCode.BadRequest, defaultOrg.Status);
        Assert.Equal("Default organization cannot be deleted.", defaultOrg.Message);

        var busy = await scope.Api.DeleteAsync("/api/v2/organizations/team");
        Assert.Equal(HttpStatusCode.InternalServerError, busy.Status);
        Assert.Equal("Error deleting organization.", busy.Message);
        Assert.Equal("This organization has 1 member, 1 group that must be deleted first.", busy.Detail);

        await scope.Api.DeleteAsync($"/api/v2/groups/{group.Id()}");
        await scope.Api.DeleteAsync($"/api/v2/organizations/team/members/{bob.Id()}");
        var deleted = await scope.Api.DeleteAsync("/api/v2/organizations/team");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("Organization has been deleted.", deleted.Message);

        Assert.DoesNotContain((await scope.Api.GetAsync("/api/v2/organizations")).Body!.AsArray(), o => o!.S("name") == "team");
        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.GetAsync("/api/v2/organizations/team")).Status);
        // coderd still finds a soft-deleted organization by id.
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync($"/api/v2/organizations/{team.Id()}")).Status);
        // ...and its name is free again.
        await scope.CreateOrganizationAsync("team");
    }

    [Fact]
    public async Task Members_AddGetRemove_WithCodersRules()
    {
        await using var scope = await DoubleScope.StartAsync();
        var team = await scope.CreateOrganizationAsync("team");
        var bob = await scope.CreateUserAsync("bob");
        var path = $"/api/v2/organizations/{team.Id()}/members";

        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.GetAsync($"{path}/bob")).Status);

        var added = await scope.Api.PostAsync($"{path}/bob");
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal(bob.Id().ToString(), added.Str("user_id"));
        Assert.Equal(team.Id().ToString(), added.Str("organization_id"));

        var again = await scope.Api.PostAsync($"{path}/{bob.Id()}");
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("User is already an organization member", again.Message);
        Assert.Equal("bob is already a member of team", again.Detail);

        var member = await scope.Api.GetAsync($"{path}/bob");
        Assert.Equal("bob", member.Str("username"));
        Assert.Equal("bob@example.com", member.Str("email"));

        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.PostAsync($"{path}/nobody")).Status);
        Assert.Equal("cannot remove self from an organization", (await scope.Api.DeleteAsync($"{path}/me")).Message);
        Assert.Equal(HttpStatusCode.NoContent, (await scope.Api.DeleteAsync($"{path}/bob")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.DeleteAsync($"{path}/bob")).Status);
    }

    [Fact]
    public async Task MemberRoles_AreOrganizationRoles_WithDisplayNames()
    {
        await using var scope = await DoubleScope.StartAsync();
        var bob = await scope.CreateUserAsync("bob");
        var path = $"/api/v2/organizations/{scope.DefaultOrgId}/members/{bob.Id()}/roles";

        var updated = await scope.Api.PutAsync(path, new { roles = new[] { "organization-template-admin", "organization-admin" } });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var roles = updated.Body!["roles"]!.AsArray();
        Assert.Equal(["organization-admin", "organization-template-admin"], roles.Select(r => r!.S("name")));
        Assert.Equal("Organization Admin", roles[0]!.S("display_name"));
        Assert.Equal(scope.DefaultOrgId.ToString(), roles[0]!.S("organization_id"));

        var siteRole = await scope.Api.PutAsync(path, new { roles = new[] { "owner" } });
        Assert.Equal(HttpStatusCode.BadRequest, siteRole.Status);
        Assert.Equal($"\"owner:{scope.DefaultOrgId}\" is not a supported role", siteRole.Message);

        var scoped = await scope.Api.PutAsync(path, new { roles = new[] { $"organization-admin:{scope.DefaultOrgId}" } });
        Assert.StartsWith("attempt to assign a role", scoped.Message);

        var own = await scope.Api.PutAsync($"/api/v2/organizations/{scope.DefaultOrgId}/members/me/roles", new { roles = Array.Empty<string>() });
        Assert.Equal("You cannot change your own organization roles.", own.Message);

        var listed = await scope.Api.GetAsync($"/api/v2/organizations/{scope.DefaultOrgId}/members/bob");
        Assert.Equal(2, listed.Body!["roles"]!.AsArray().Count);
    }

    [Fact]
    public async Task MemberLists_PlainAndPaginated()
    {
        await using var scope = await DoubleScope.StartAsync();
        foreach (var name in new[] { "zed", "amy", "kim" }) await scope.CreateUserAsync(name);
        var org = scope.DefaultOrgId;

        var plain = await scope.Api.GetAsync($"/api/v2/organizations/{org}/members");
        Assert.Equal(4, plain.Body!.AsArray().Count);
        var amyId = (await scope.Api.GetAsync("/api/v2/users/amy")).Body!.Id();
        var filtered = await scope.Api.GetAsync($"/api/v2/organizations/{org}/members?q=user_id:{amyId}");
        Assert.Equal("amy", Assert.Single(filtered.Body!.AsArray())!.S("username"));
        var badQuery = await scope.Api.GetAsync($"/api/v2/organizations/{org}/members?q=someone");
        Assert.Equal(("q", "invalid search term: someone"), Assert.Single(badQuery.Validations));

        var paginated = await scope.Api.GetAsync($"/api/v2/organizations/{org}/paginated-members?limit=2");
        Assert.Equal(4, paginated.Body!["count"]!.GetValue<int>());
        Assert.Equal(["admin", "amy"], paginated.Body["members"]!.AsArray().Select(m => m!.S("username")));
        var searched = await scope.Api.GetAsync($"/api/v2/organizations/{org}/paginated-members?q=ki");
        Assert.Equal("kim", Assert.Single(searched.Body!["members"]!.AsArray())!.S("username"));
    }
}

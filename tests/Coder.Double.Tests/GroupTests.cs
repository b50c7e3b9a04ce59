using System.Net;

namespace Coder.Double.Tests;

public sealed class GroupTests
{
    [Fact]
    public async Task Create_ReturnsTheGroup_WithItsOrganization()
    {
        await using var scope = await DoubleScope.StartAsync();
        var reply = await scope.Api.PostAsync($"/api/v2/organizations/{scope.DefaultOrgId}/groups",
            new { name = "devs", display_name = "Developers", avatar_url = "/a.png", quota_allowance = 5 });

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("devs", reply.Str("name"));
        Assert.Equal("Developers", reply.Str("display_name"));
        Assert.Equal(5, reply.Body!["quota_allowance"]!.GetValue<int>());
        Assert.Equal("user", reply.Str("source"));
        Assert.Equal("coder", reply.Str("organization_name"));
        Assert.Equal("Coder", reply.Str("organization_display_name"));
        Assert.Empty(reply.Body["members"]!.AsArray());
        Assert.Equal(0, reply.Body["total_member_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Create_ReservesEveryone_RejectsDuplicates_AndValidatesNames()
    {
        await using var scope = await DoubleScope.StartAsync();
        var path = $"/api/v2/organizations/{scope.DefaultOrgId}/groups";
        await scope.CreateGroupAsync("devs");

        var everyone = await scope.Api.PostAsync(path, new { name = "Everyone" });
        Assert.Equal(HttpStatusCode.BadRequest, everyone.Status);
        Assert.Equal("Invalid group name.", everyone.Message);
        Assert.Equal(("name", "\"Everyone\" is a reserved group name"), Assert.Single(everyone.Validations));

        var duplicate = await scope.Api.PostAsync(path, new { name = "devs" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal("A group named \"devs\" already exists.", duplicate.Message);
        Assert.Equal(("name", "Group names must be unique"), Assert.Single(duplicate.Validations));

        var invalid = await scope.Api.PostAsync(path, new { name = "bad name" });
        Assert.Equal(("name", "Validation failed for tag \"group_name\" with value: \"bad name\""), Assert.Single(invalid.Validations));

        // Group names may be much longer than user names.
        Assert.Equal(HttpStatusCode.Created, (await scope.Api.PostAsync(path, new { name = new string('g', 200) })).Status);
    }

    [Fact]
    public async Task Get_ByIdOrName_WithCodersParamErrors()
    {
        await using var scope = await DoubleScope.StartAsync();
        var devs = await scope.CreateGroupAsync("devs");

        Assert.Equal("devs", (await scope.Api.GetAsync($"/api/v2/groups/{devs.Id()}")).Str("name"));
        Assert.Equal("devs", (await scope.Api.GetAsync($"/api/v2/organizations/{scope.DefaultOrgId}/groups/DEVS")).Str("name"));
        Assert.Equal("devs", (await scope.Api.GetAsync("/api/v2/organizations/coder/groups/devs")).Str("name"));

        var notUuid = await scope.Api.GetAsync("/api/v2/groups/devs");
        Assert.Equal(HttpStatusCode.BadRequest, notUuid.Status);
        Assert.Equal("Invalid UUID \"devs\".", notUuid.Message);
        Assert.Equal("invalid UUID length: 4", notUuid.Detail);
        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.GetAsync($"/api/v2/groups/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.GetAsync($"/api/v2/organizations/{scope.DefaultOrgId}/groups/nope")).Status);
    }

    [Fact]
    public async Task Patch_AddsAndRemovesMembers_AsReducedUsers()
    {
        await using var scope = await DoubleScope.StartAsync();
        var devs = await scope.CreateGroupAsync("devs");
        var bob = await scope.CreateUserAsync("bob");
        var amy = await scope.CreateUserAsync("amy");
        var path = $"/api/v2/groups/{devs.Id()}";

        var added = await scope.Api.PatchAsync(path, new { add_users = new[] { bob.Id().ToString(), amy.Id().ToString() }, quota_allowance = 2 });
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal(2, added.Body!["total_member_count"]!.GetValue<int>());
        Assert.Equal(2, added.Body["quota_allowance"]!.GetValue<int>());
        var member = added.Body["members"]![0]!;
        Assert.Equal("bob", member.S("username"));
        Assert.Equal("bob@example.com", member.S("email"));
        Assert.Null(member["organization_ids"]); // ReducedUser, not User

        var removed = await scope.Api.PatchAsync(path, new { remove_users = new[] { bob.Id().ToString() } });
        Assert.Equal(["amy"], removed.Body!["members"]!.AsArray().Select(m => m!.S("username")));

        var withoutMembers = await scope.Api.GetAsync($"{path}?exclude_members=true");
        Assert.Empty(withoutMembers.Body!["members"]!.AsArray());
        Assert.Equal(1, withoutMembers.Body["total_member_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_MembersMustBeOrganizationMembers_ValidUuids_AndNotYetInTheGroup()
    {
        await using var scope = await DoubleScope.StartAsync();
        var team = await scope.CreateOrganizationAsync("team");
        var devs = await scope.CreateGroupAsync("devs", team.Id());
        var outsider = await scope.CreateUserAsync("outsider");
        var insider = await scope.CreateUserAsync("insider", team.Id());
        var path = $"/api/v2/groups/{devs.Id()}";

        var notMember = await scope.Api.PatchAsync(path, new { add_users = new[] { outsider.Id().ToString() } });
        Assert.Equal(HttpStatusCode.BadRequest, notMember.Status);
        Assert.Equal("User must be a member of organization \"devs\"", notMember.Message);

        var notUuid = await scope.Api.PatchAsync(path, new { add_users = new[] { "bob" } });
        Assert.Equal("ID \"bob\" must be a valid user UUID.", notUuid.Message);

        await scope.Api.PatchAsync(path, new { add_users = new[] { insider.Id().ToString() } });
        var twice = await scope.Api.PatchAsync(path, new { add_users = new[] { insider.Id().ToString() }, display_name = "changed" });
        Assert.Equal(HttpStatusCode.BadRequest, twice.Status);
        Assert.Equal("Cannot add the same user to a group twice!", twice.Message);
        Assert.Equal("", (await scope.Api.GetAsync(path)).Str("display_name")); // all or nothing
    }

    [Fact]
    public async Task Patch_RenameRules()
    {
        await using var scope = await DoubleScope.StartAsync();
        var devs = await scope.CreateGroupAsync("devs");
        await scope.CreateGroupAsync("ops");
        var path = $"/api/v2/groups/{devs.Id()}";

        Assert.Equal("developers", (await scope.Api.PatchAsync(path, new { name = "developers" })).Str("name"));
        var taken = await scope.Api.PatchAsync(path, new { name = "OPS" });
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal("A group with name \"OPS\" already exists.", taken.Message);
        Assert.Equal("\"Everyone\" is a reserved group name!", (await scope.Api.PatchAsync(path, new { name = "Everyone" })).Message);
        Assert.Equal("Developers", (await scope.Api.PatchAsync(path, new { name = "Developers" })).Str("name")); // case-only rename
    }

    [Fact]
    public async Task Everyone_CannotBeRenamed_Relabelled_Edited_OrDeleted_AndHoldsAllOrganizationMembers()
    {
        await using var scope = await DoubleScope.StartAsync();
        var bob = await scope.CreateUserAsync("bob");
        var path = $"/api/v2/groups/{scope.DefaultOrgId}";

        Assert.Equal("Cannot rename the \"Everyone\" group!", (await scope.Api.PatchAsync(path, new { name = "all" })).Message);
        Assert.Equal("Cannot update the Display Name for the \"Everyone\" group!", (await scope.Api.PatchAsync(path, new { display_name = "All" })).Message);
        var addUsers = await scope.Api.PatchAsync(path, new { add_users = new[] { bob.Id().ToString() } });
        Assert.Equal(HttpStatusCode.Forbidden, addUsers.Status);
        Assert.Equal("Cannot add or remove users from the \"Everyone\" group!", addUsers.Message);
        Assert.Equal(7, (await scope.Api.PatchAsync(path, new { name = "Everyone", quota_allowance = 7 })).Body!["quota_allowance"]!.GetValue<int>());

        var delete = await scope.Api.DeleteAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, delete.Status);
        Assert.Equal("\"Everyone\" is a reserved group and cannot be deleted!", delete.Message);

        var everyone = await scope.Api.GetAsync(path);
        Assert.Equal(["admin", "bob"], everyone.Body!["members"]!.AsArray().Select(m => m!.S("username")).Order());
        await scope.Api.DeleteAsync($"/api/v2/organizations/{scope.DefaultOrgId}/members/bob");
        Assert.Equal(1, (await scope.Api.GetAsync(path)).Body!["total_member_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_AnswersCodersConfirmation()
    {
        await using var scope = await DoubleScope.StartAsync();
        var devs = await scope.CreateGroupAsync("devs");

        var deleted = await scope.Api.DeleteAsync($"/api/v2/groups/{devs.Id()}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("Successfully deleted group!", deleted.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.GetAsync($"/api/v2/groups/{devs.Id()}")).Status);
    }

    [Fact]
    public async Task List_FiltersByOrganization_Member_AndIds_AndRejectsUnknownParameters()
    {
        await using var scope = await DoubleScope.StartAsync();
        var team = await scope.CreateOrganizationAsync("team");
        var devs = await scope.CreateGroupAsync("devs");
        var ops = await scope.CreateGroupAsync("ops", team.Id());
        var bob = await scope.CreateUserAsync("bob");
        await scope.Api.PatchAsync($"/api/v2/groups/{devs.Id()}", new { add_users = new[] { bob.Id().ToString() } });

        Assert.Equal(4, (await scope.Api.GetAsync("/api/v2/groups")).Body!.AsArray().Count);
        Assert.Equal(["Everyone", "ops"], Names(await scope.Api.GetAsync("/api/v2/groups?organization=team")));
        Assert.Equal(["Everyone", "devs"], Names(await scope.Api.GetAsync($"/api/v2/organizations/{scope.DefaultOrgId}/groups")));
        Assert.Equal(["Everyone", "devs"], Names(await scope.Api.GetAsync("/api/v2/groups?has_member=bob")));
        Assert.Equal(["ops"], Names(await scope.Api.GetAsync($"/api/v2/groups?group_ids={ops.Id()}")));

        var unknownOrg = await scope.Api.GetAsync("/api/v2/groups?organization=nope");
        Assert.Equal(("organization", "Query param \"organization\" has invalid value: organization \"nope\" not found"), Assert.Single(unknownOrg.Validations));
        var unknownParam = await scope.Api.GetAsync("/api/v2/groups?colour=red");
        Assert.Equal(("colour", "\"colour\" is not a valid query param"), Assert.Single(unknownParam.Validations));
    }

    [Fact]
    public async Task Members_AndPaginatedGroups()
    {
        await using var scope = await DoubleScope.StartAsync();
        var devs = await scope.CreateGroupAsync("devs");
        await scope.CreateGroupAsync("Apps");
        var ids = new List<string>();
        foreach (var name in new[] { "zed", "amy" }) ids.Add((await scope.CreateUserAsync(name)).Id().ToString());
        await scope.Api.PatchAsync($"/api/v2/groups/{devs.Id()}", new { add_users = ids });

        var members = await scope.Api.GetAsync($"/api/v2/groups/{devs.Id()}/members?limit=1");
        Assert.Equal(2, members.Body!["count"]!.GetValue<int>());
        Assert.Equal("amy", Assert.Single(members.Body["users"]!.AsArray())!.S("username"));
        var none = await scope.Api.GetAsync($"/api/v2/organizations/{scope.DefaultOrgId}/groups/devs/members?q=nobody");
        Assert.Null(none.Body!["users"]); // coderd sends null, not [], for no members
        Assert.Equal(0, none.Body["count"]!.GetValue<int>());

        var page = await scope.Api.GetAsync($"/api/v2/organizations/{scope.DefaultOrgId}/paginated-groups");
        Assert.Equal(["Apps", "devs", "Everyone"], page.Body!["groups"]!.AsArray().Select(g => g!.S("name")));
        Assert.Equal(2, page.Body["groups"]![1]!["total_member_count"]!.GetValue<int>());
        Assert.Null(page.Body["groups"]![1]!["members"]);
        var searched = await scope.Api.GetAsync($"/api/v2/organizations/{scope.DefaultOrgId}/paginated-groups?q=dev");
        Assert.Equal(1, searched.Body!["count"]!.GetValue<int>());
    }

    private static List<string> Names(ApiReply reply) => reply.Body!.AsArray().Select(g => g!.S("name")).ToList();
}

using System.Net.Http.Json;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>Organization, Group and User through the plugin binary in the engine's order, against the Coder double:
/// create → read → update each updatable field → refresh after an out-of-band change → delete, and import.</summary>
[Collection(PluginCollection.Name)]
public sealed class IdentityLifecycleTests(PluginFixture fixture)
{
    private const string Organization = "coder:index:Organization";
    private const string Group = "coder:index:Group";
    private const string User = "coder:index:User";
    private EngineDriver Engine => fixture.Engine;

    private async Task<ResourceState> CreateUserAsync(string username) =>
        await Engine.CreateAsync(User, username, Map(("username", username), ("email", $"{username}@example.com"), ("loginType", "oidc")));

    [Fact]
    public async Task Organization_lifecycle()
    {
        var org = await Engine.CreateAsync(Organization, "acme", Map(("name", "acme"), ("displayName", "Acme"), ("description", "Widgets"), ("icon", "/emojis/1f3e2.png")));
        Assert.Equal(Of(false), org.Outputs["isDefault"]);
        var read = await Engine.RefreshAsync(org);
        Assert.Equal(org.Outputs, read!.Outputs);

        var renamed = await Engine.UpdateAsync(org, Map(("name", "acme-corp"), ("displayName", "Acme Corp"), ("description", "Gadgets"), ("icon", "/emojis/1f680.png")));
        Assert.False(renamed.Replaced);
        Assert.Equal(org.Id, renamed.Resource.Id);
        Assert.Equal(Of("acme-corp"), renamed.Resource.Outputs["name"]);
        Assert.Equal(Of("Gadgets"), renamed.Resource.Outputs["description"]);

        using (var http = fixture.OutOfBand())
            (await http.PatchAsJsonAsync($"/api/v2/organizations/{org.Id}", new { display_name = "Changed elsewhere" })).EnsureSuccessStatusCode();
        var refreshed = await Engine.RefreshAsync(renamed.Resource);
        Assert.Equal(Of("Changed elsewhere"), refreshed!.Inputs["displayName"]);
        Assert.True((await Engine.DiffAsync(refreshed, renamed.Resource.Inputs)).HasChanges, "drift shows as a diff against the program");

        var imported = await Engine.ImportAsync(Organization, "acme-import", "acme-corp");
        Assert.Equal(org.Id, imported.Id);
        Assert.Equal(Of("acme-corp"), imported.Inputs["name"]);

        await Engine.DeleteAsync(refreshed);
        Assert.Null(await Engine.RefreshAsync(refreshed));
    }

    [Fact]
    public async Task The_default_organization_can_be_imported_but_not_deleted()
    {
        var org = await Engine.ImportAsync(Organization, "default", fixture.Coder.Seed.DefaultOrganizationId.ToString());
        Assert.Equal(Of(true), org.Outputs["isDefault"]);
        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.DeleteAsync(org));
        Assert.Contains("default organization", error.Status.Detail);
        Assert.NotNull(await Engine.RefreshAsync(org));
    }

    [Fact]
    public async Task Group_lifecycle_with_members()
    {
        var ada = await CreateUserAsync("ada-g");
        var bob = await CreateUserAsync("bob-g");
        var group = await Engine.CreateAsync(Group, "devs", Map(("name", "developers"), ("members", new[] { ada.Id })));
        Assert.Equal(Of(new[] { ada.Id }), group.Outputs["members"]);
        Assert.Equal(Of("user"), group.Outputs["source"]);
        Assert.Equal(Of(fixture.Coder.Seed.DefaultOrganizationId.ToString()), group.Outputs["organizationId"]);

        var reordered = await Engine.DiffAsync(group, (await Engine.CheckAsync(Group, "devs", Map(("name", "developers"), ("members", new[] { ada.Id })), group.Inputs)).Inputs);
        Assert.False(reordered.HasChanges);

        var updated = await Engine.UpdateAsync(group, Map(("name", "devs"), ("displayName", "Developers"), ("avatarUrl", "https://example.com/a.png"),
            ("quotaAllowance", 7), ("members", new[] { bob.Id, ada.Id })));
        Assert.False(updated.Replaced);
        Assert.Equal(["avatarUrl", "displayName", "members", "name", "quotaAllowance"], updated.Diff.Diffs.Order());
        Assert.Equal(Of(7), updated.Resource.Outputs["quotaAllowance"]);
        Assert.Equal(Of(new[] { ada.Id, bob.Id }.Order(StringComparer.Ordinal)), updated.Resource.Outputs["members"]);

        var sameSetOtherOrder = await Engine.UpdateAsync(updated.Resource, updated.Resource.Inputs.SetItem("members", Of(new[] { ada.Id, bob.Id })));
        Assert.False(sameSetOtherOrder.Diff.HasChanges);

        using (var http = fixture.OutOfBand())
            (await http.PatchAsJsonAsync($"/api/v2/groups/{group.Id}", new { remove_users = new[] { bob.Id } })).EnsureSuccessStatusCode();
        var refreshed = await Engine.RefreshAsync(updated.Resource);
        Assert.Equal(Of(new[] { ada.Id }), refreshed!.Inputs["members"]);
        var repaired = await Engine.UpdateAsync(refreshed, updated.Resource.Inputs);
        Assert.Equal(Of(new[] { ada.Id, bob.Id }.Order(StringComparer.Ordinal)), repaired.Resource.Outputs["members"]);

        var imported = await Engine.ImportAsync(Group, "devs-import", $"coder/devs");
        Assert.Equal(group.Id, imported.Id);

        await Engine.DeleteAsync(repaired.Resource);
        Assert.Null(await Engine.RefreshAsync(repaired.Resource));
    }

    [Fact]
    public async Task Unmanaged_members_are_never_cleared()
    {
        var carol = await CreateUserAsync("carol-g");
        var group = await Engine.CreateAsync(Group, "sync", Map(("name", "synced")));
        using (var http = fixture.OutOfBand())
            (await http.PatchAsJsonAsync($"/api/v2/groups/{group.Id}", new { add_users = new[] { carol.Id } })).EnsureSuccessStatusCode();

        var updated = await Engine.UpdateAsync(group, Map(("name", "synced"), ("quotaAllowance", 3)));

        Assert.Equal(Of(new[] { carol.Id }), updated.Resource.Outputs["members"]);
        await Engine.DeleteAsync(updated.Resource);
    }

    [Fact]
    public async Task The_Everyone_group_is_adopted_for_its_quota_and_left_in_place_on_delete()
    {
        var everyone = await Engine.CreateAsync(Group, "everyone", Map(("name", "Everyone"), ("quotaAllowance", 5)));
        Assert.Equal(fixture.Coder.Seed.DefaultOrganizationId.ToString(), everyone.Id);
        Assert.Equal(Of(5), everyone.Outputs["quotaAllowance"]);

        await Engine.DeleteAsync(everyone);
        Assert.NotNull(await Engine.RefreshAsync(everyone));
        Assert.Contains(fixture.Plugin.Engine.Entries, e => e.Severity == Pulumi.Coder.EngineHarness.Wire.LogSeverity.Warning && e.Message.Contains("Everyone group"));
    }

    [Fact]
    public async Task The_Everyone_group_imports_with_inputs_that_pass_its_own_check()
    {
        var everyoneId = fixture.Coder.Seed.DefaultOrganizationId.ToString();

        // ImportAsync checks the reported inputs as `pulumi import` does, and fails on any check failure: before the
        // fix the Everyone group's members were reported, and Check refuses members on the Everyone group.
        var imported = await Engine.ImportAsync(Group, "everyone-import", everyoneId);

        Assert.Equal(everyoneId, imported.Id);
        Assert.Equal(Of("Everyone"), imported.Inputs["name"]);
        Assert.False(imported.Inputs.ContainsKey("members"), "the Everyone group's members cannot be set, so they are not an input");
        Assert.Contains(fixture.Plugin.Engine.Entries, e => e.Severity == Pulumi.Coder.EngineHarness.Wire.LogSeverity.Warning
            && e.Message.Contains("members is left out of the imported inputs"));
        // `pulumi up` of the program generated from those inputs changes nothing.
        var up = await Engine.UpdateAsync(imported, imported.Inputs);
        Assert.False(up.Diff.HasChanges);
        Assert.Equal(imported.Id, (await Engine.ImportAsync(Group, "everyone-by-name", "coder/Everyone")).Id);
    }

    [Fact]
    public async Task User_lifecycle_through_each_specific_endpoint()
    {
        const string password = "Str0ng-Initial-Passw0rd!";
        var user = await Engine.CreateAsync(User, "grace", Map(("username", "grace"), ("name", "Grace Hopper"), ("email", "grace@example.com"),
            ("loginType", "password"), ("password", Secret(password)), ("roles", new[] { "auditor" })));
        Assert.Equal(Of("active"), user.Outputs["status"]);
        Assert.Equal(Of(new[] { "auditor" }), user.Outputs["roles"]);

        var renamed = await Engine.UpdateAsync(user, user.Inputs.SetItem("username", Of("grace-h")).SetItem("name", Of("Rear Admiral Hopper")));
        Assert.Equal(Of("grace-h"), renamed.Resource.Outputs["username"]);
        var roles = await Engine.UpdateAsync(renamed.Resource, renamed.Resource.Inputs.SetItem("roles", Of(new[] { "template-admin", "user-admin" })));
        Assert.Equal(Of(new[] { "template-admin", "user-admin" }), roles.Resource.Outputs["roles"]);
        var suspended = await Engine.UpdateAsync(roles.Resource, roles.Resource.Inputs.SetItem("suspended", Of(true)));
        Assert.Equal(Of("suspended"), suspended.Resource.Outputs["status"]);
        var newPassword = await Engine.UpdateAsync(suspended.Resource, suspended.Resource.Inputs.SetItem("password", Secret("An0ther-Str0ng-Passw0rd!")));
        Assert.Equal(["password"], newPassword.Diff.Diffs);
        var email = await Engine.DiffAsync(newPassword.Resource, newPassword.Resource.Inputs.SetItem("email", Of("hopper@example.com")));
        Assert.Equal(["email"], email.Replaces);

        using (var http = fixture.OutOfBand())
            (await http.PutAsync($"/api/v2/users/{user.Id}/status/activate", null)).EnsureSuccessStatusCode();
        var refreshed = await Engine.RefreshAsync(newPassword.Resource);
        Assert.Equal(Of(false), refreshed!.Inputs["suspended"]);
        Assert.True((await Engine.DiffAsync(refreshed, newPassword.Resource.Inputs)).HasChanges);

        var imported = await Engine.ImportAsync(User, "grace-import", "grace-h");
        Assert.Equal(user.Id, imported.Id);
        Assert.False(imported.Inputs.ContainsKey("password"));

        await Engine.DeleteAsync(refreshed);
        Assert.Null(await Engine.RefreshAsync(refreshed));

        foreach (var state in new[] { user, renamed.Resource, roles.Resource, suspended.Resource, newPassword.Resource })
            Assert.False(state.Outputs.Values.Any(v => v.ToString()!.Contains("Passw0rd")), "a password appears in outputs");
        Assert.False(fixture.Plugin.Engine.Entries.Any(e => e.Message.Contains("Passw0rd")), "a password appears in the engine log");
        Assert.False(fixture.Plugin.StandardError.Contains("Passw0rd"), "a password appears on the plugin's stderr");
        Assert.False(fixture.Coder.Control.Traffic.Exchanges.Any(e => (e.RequestBody?.ToJsonString() ?? "").Contains("Passw0rd")),
            "a password appears in the double's recording");
    }

    [Fact]
    public async Task Check_failures_name_each_invalid_field()
    {
        async Task<string> FailingProperty(string type, params (string, object?)[] inputs) =>
            Assert.Single((await Engine.CheckAsync(type, "x", Map(inputs))).Failures).Property;

        Assert.Equal("name", await FailingProperty(Organization, ("name", "Not Valid")));
        Assert.Equal("displayName", await FailingProperty(Organization, ("name", "ok"), ("displayName", " padded ")));
        Assert.Equal("name", await FailingProperty(Group, ("name", new string('a', 37))));
        Assert.Equal("quotaAllowance", await FailingProperty(Group, ("name", "ok"), ("quotaAllowance", -1)));
        Assert.Equal("organizationId", await FailingProperty(Group, ("name", "ok"), ("organizationId", "acme")));
        Assert.Equal("members", await FailingProperty(Group, ("name", "ok"), ("members", new[] { "not-a-uuid" })));
        Assert.Equal("email", await FailingProperty(User, ("username", "ok"), ("email", "nope"), ("loginType", "oidc")));
        Assert.Equal("loginType", await FailingProperty(User, ("username", "ok"), ("email", "a@example.com"), ("loginType", "saml")));
        Assert.Equal("roles", await FailingProperty(User, ("username", "ok"), ("email", "a@example.com"), ("loginType", "oidc"), ("roles", new[] { "root" })));
        Assert.Equal("username", await FailingProperty(User, ("username", "-bad-"), ("email", "a@example.com"), ("loginType", "oidc")));
    }

    [Fact]
    public async Task Lookups_find_by_each_documented_key_and_name_what_they_missed()
    {
        var org = await Engine.InvokeAsync("coder:index:getOrganization", Map(("isDefault", true)));
        Assert.Equal(Of(fixture.Coder.Seed.DefaultOrganizationId.ToString()), org.Return["id"]);
        var byName = await Engine.InvokeAsync("coder:index:getOrganization", Map(("name", "coder")));
        Assert.Equal(org.Return["id"], byName.Return["id"]);
        var providerDefault = await Engine.InvokeAsync("coder:index:getOrganization", Map());
        Assert.Equal(org.Return["id"], providerDefault.Return["id"]);

        var everyone = await Engine.InvokeAsync("coder:index:getGroup", Map(("name", "Everyone")));
        Assert.Equal(org.Return["id"], everyone.Return["id"]);
        var byId = await Engine.InvokeAsync("coder:index:getGroup", Map(("id", fixture.Coder.Seed.DefaultOrganizationId.ToString())));
        Assert.Equal(Of("Everyone"), byId.Return["name"]);

        var admin = await Engine.InvokeAsync("coder:index:getUser", Map(("username", fixture.Coder.Seed.AdminUsername)));
        Assert.Equal(Of(new[] { "owner" }), admin.Return["roles"]);

        var missing = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync("coder:index:getUser", Map(("username", "nobody-here"))));
        Assert.Contains("no user with username \"nobody-here\"", missing.Status.Detail);
        var bothKeys = await Engine.InvokeAsync("coder:index:getUser", Map(("username", "a"), ("id", Guid.NewGuid().ToString())));
        Assert.Single(bothKeys.Failures);
    }
}

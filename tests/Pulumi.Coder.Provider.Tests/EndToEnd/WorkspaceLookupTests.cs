using System.Collections.Immutable;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.EndToEnd.CoderView;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>getWorkspace through the plugin binary against the double: by id, by owner and name, by name for the
/// token's user; what it finds is what the Workspace resource reports.</summary>
[Collection(PluginCollection.Name)]
public sealed class WorkspaceLookupTests(PluginFixture fixture) : IDisposable
{
    private const string GetWorkspace = "coder:index:getWorkspace";
    private EngineDriver Engine => fixture.Engine;
    private readonly WorkspaceTemplates templates = new(fixture.Engine);
    private readonly HttpClient coder = fixture.OutOfBand();

    public void Dispose()
    {
        templates.Dispose();
        coder.Dispose();
    }

    private async Task<ImmutableDictionary<string, PropertyValue>> InvokeAsync(ImmutableDictionary<string, PropertyValue> args)
    {
        var result = await Engine.InvokeAsync(GetWorkspace, args);
        Assert.Empty(result.Failures);
        return result.Return;
    }

    private async Task<string> FailureAsync(ImmutableDictionary<string, PropertyValue> args) =>
        Assert.Single((await Engine.InvokeAsync(GetWorkspace, args)).Failures).Property;

    [Fact]
    public async Task getWorkspace_by_id_returns_what_the_Workspace_resource_reports_and_the_latest_builds_status()
    {
        var template = await templates.TemplateAsync("lookup-by-id");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "found-by-id", Map(("name", "found-by-id"),
            ("templateId", template.Id), ("parameters", new Dictionary<string, object?> { ["cpus"] = "4" }),
            ("autostartSchedule", "CRON_TZ=Europe/Berlin 30 8 * * 1-5"), ("automaticUpdates", "always")));

        var found = await InvokeAsync(Map(("id", workspace.Id)));

        Assert.Equal(Of(workspace.Id), found["id"]);
        // Every other output is the resource's, with the same value; the resource's own (the version Check validates
        // against, the immutable parameters) are not the function's.
        Assert.Equal(["id", "status"], found.Keys.Except(workspace.Outputs.Keys).Order(StringComparer.Ordinal));
        Assert.Equal(["buildVersionId", "immutableParameters"], workspace.Outputs.Keys.Except(found.Keys).Order(StringComparer.Ordinal));
        foreach (var name in found.Keys.Intersect(workspace.Outputs.Keys))
            Assert.True(workspace.Outputs[name].Equals(found[name]), $"{name}: getWorkspace {found[name]}, Workspace {workspace.Outputs[name]}");
        Assert.Equal("running", Text(found, "status"));
        Assert.Equal("running", Text(found, "state"));
        Assert.Equal("admin", Text(found, "owner"));
        // Every value of the latest build, the defaults the program left alone too.
        Assert.Equal(Of(new Dictionary<string, object?> { ["cpus"] = "4", ["region"] = "eu", ["dotfiles"] = "" }), found["parameters"]);
        Assert.Equal(Of(false), found["outdated"]);
        Assert.Equal("always", Text(found, "automaticUpdates"));
        Assert.Equal("CRON_TZ=Europe/Berlin 30 8 * * 1-5", Text(found, "autostartSchedule"));
        Assert.True(found["resources"].TryGetArray(out var resources) && resources.Length == 2, $"resources: {found["resources"]}");

        // A new active version of the template makes the workspace outdated.
        var newer = await templates.VersionAsync(template, "lookup-by-id-v2");
        await Engine.UpdateAsync(newer, Map(("templateId", template.Id), ("name", "lookup-by-id-v2"), ("source", newer.Inputs["source"]), ("active", true)));
        Assert.Equal(Of(true), (await InvokeAsync(Map(("id", workspace.Id))))["outdated"]);

        await Engine.DeleteAsync(workspace);
    }

    [Fact]
    public async Task getWorkspace_by_owner_and_name_takes_an_id_or_username_and_the_tokens_user_when_owner_is_unset()
    {
        var template = await templates.TemplateAsync("lookup-by-name");
        var ada = await Engine.CreateAsync("coder:index:User", "lookup-ada",
            Map(("username", "lookup-ada"), ("email", "lookup-ada@example.com"), ("loginType", "oidc")));
        var adas = await Engine.CreateAsync("coder:index:Workspace", "ada-shared", Map(("name", "shared"), ("owner", ada.Id),
            ("templateId", template.Id), ("state", "stopped")));
        var admins = await Engine.CreateAsync("coder:index:Workspace", "admin-shared", Map(("name", "shared"), ("templateId", template.Id)));

        var byUsername = await InvokeAsync(Map(("owner", "lookup-ada"), ("name", "shared")));
        Assert.Equal(Of(adas.Id), byUsername["id"]);
        Assert.Equal("lookup-ada", Text(byUsername, "owner"));
        Assert.Equal(ada.Id, Text(byUsername, "ownerId"));
        Assert.Equal("stopped", Text(byUsername, "state"));
        Assert.Equal("stopped", Text(byUsername, "status"));
        Assert.Equal("stop", Text(Object(byUsername, "latestBuild"), "transition"));

        var byUserId = await InvokeAsync(Map(("owner", ada.Id), ("name", "shared")));
        Assert.Equal(byUsername, byUserId);

        var mine = await InvokeAsync(Map(("name", "shared")));
        Assert.Equal(Of(admins.Id), mine["id"]);
        Assert.Equal("admin", Text(mine, "owner"));
        Assert.Equal("running", Text(mine, "status"));

        await Engine.DeleteAsync(admins);
        await Engine.DeleteAsync(adas);
        await Engine.DeleteAsync(ada);
    }

    [Fact]
    public async Task getWorkspace_that_finds_nothing_fails_naming_what_it_looked_for()
    {
        var missingId = Guid.NewGuid().ToString();
        var byId = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetWorkspace, Map(("id", missingId))));
        Assert.Contains($"getWorkspace: no workspace with id \"{missingId}\"", byId.Status.Detail);

        var mine = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetWorkspace, Map(("name", "no-such-workspace"))));
        Assert.Contains("getWorkspace: user \"admin\" (the token's user) has no workspace named \"no-such-workspace\"", mine.Status.Detail);

        var noUser = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetWorkspace, Map(("owner", "no-such-user"), ("name", "dev"))));
        Assert.Contains("getWorkspace: no user \"no-such-user\"", noUser.Status.Detail);
        Assert.Contains("so no workspace \"dev\"", noUser.Status.Detail);

        // A workspace deleted in Coder is not found either, by id or by name.
        var template = await templates.TemplateAsync("lookup-deleted");
        var deleted = await Engine.CreateAsync("coder:index:Workspace", "lookup-deleted", Map(("name", "lookup-deleted"), ("templateId", template.Id)));
        await Engine.DeleteAsync(deleted);
        var goneById = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetWorkspace, Map(("id", deleted.Id))));
        Assert.Contains($"no workspace with id \"{deleted.Id}\"", goneById.Status.Detail);
        var goneByName = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetWorkspace, Map(("owner", "admin"), ("name", "lookup-deleted"))));
        Assert.Contains("user \"admin\" has no workspace named \"lookup-deleted\"", goneByName.Status.Detail);
    }

    [Fact]
    public async Task getWorkspace_refuses_neither_or_both_lookup_forms_and_malformed_arguments_before_calling_Coder()
    {
        var id = Guid.NewGuid().ToString();
        Assert.Equal("id", await FailureAsync(Map()));
        Assert.Equal("id", await FailureAsync(Map(("id", id), ("name", "dev"))));
        Assert.Equal("id", await FailureAsync(Map(("id", id), ("owner", "ada"))));
        Assert.Equal("name", await FailureAsync(Map(("owner", "ada"))));
        Assert.Equal("id", await FailureAsync(Map(("id", "not-a-uuid"))));
        Assert.Equal("owner", await FailureAsync(Map(("owner", "not a username"), ("name", "dev"))));

        var failure = (await Engine.InvokeAsync(GetWorkspace, Map(("owner", "ada")))).Failures.Single();
        Assert.Contains("give either id, or name (with owner", failure.Reason);
    }
}

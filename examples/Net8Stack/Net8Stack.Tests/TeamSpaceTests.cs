using System.Collections.Immutable;
using Pulumi;
using Pulumi.Coder;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace Net8Stack.Tests;

public class TeamSpaceTests
{
    /// <summary>Stands in for the engine and the provider: each resource gets an id and echoes its inputs, with what
    /// Coder would add (a template's first version, a workspace's state).</summary>
    private sealed class CoderMocks : IMocks
    {
        public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
        {
            var outputs = args.Inputs.ToBuilder();
            if (args.Type == "coder:index:Template") outputs["activeVersionId"] = $"{args.Name}-v1";
            if (args.Type == "coder:index:Workspace") outputs["state"] = "running";
            return Task.FromResult<(string?, object)>(($"{args.Name}-id", outputs.ToImmutable()));
        }

        public Task<object> CallAsync(MockCallArgs args) =>
            throw new NotSupportedException($"the stack calls no function, but called {args.Token}");
    }

    private static Task<(ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs)> RunAsync() =>
        Deployment.TestAsync(new CoderMocks(), new TestOptions { IsPreview = false, ProjectName = "team-space", StackName = "dev" },
            () => (IDictionary<string, object?>)TeamSpace.Define());

    [Fact]
    public async Task The_group_holds_the_members_in_the_team_organization()
    {
        var (resources, _) = await RunAsync();
        var group = Assert.Single(resources.OfType<Group>());

        Assert.Equal("apollo-id", await OutputUtilities.GetValueAsync(group.OrganizationId));
        Assert.Equal(["ada", "grace"], await OutputUtilities.GetValueAsync(group.Members));
        Assert.Equal(5, await OutputUtilities.GetValueAsync(group.QuotaAllowance));
    }

    [Fact]
    public async Task Only_the_group_may_use_the_template()
    {
        var (resources, outputs) = await RunAsync();
        var template = Assert.Single(resources.OfType<Template>());

        Assert.Equal("none", await OutputUtilities.GetValueAsync(template.EveryoneAccess));
        var entry = Assert.Single((await OutputUtilities.GetValueAsync(template.Acl))!.Groups);
        Assert.Equal(("apollo-members-id", "use"), (entry.Id, entry.Role));
        Assert.Equal("hello from apollo", (await OutputUtilities.GetValueAsync(template.TfVars))!["greeting"]);
        Assert.Equal("apollo-dev-v1", await OutputUtilities.GetValueAsync((Output<string>)outputs["templateVersionId"]!));
    }

    [Fact]
    public async Task Each_member_gets_a_running_workspace_from_the_template()
    {
        var (resources, outputs) = await RunAsync();
        var workspaces = resources.OfType<Workspace>().ToList();

        Assert.Equal(["ada", "grace"], await Task.WhenAll(workspaces.Select(w => OutputUtilities.GetValueAsync(w.Owner))));
        Assert.All(await Task.WhenAll(workspaces.Select(w => OutputUtilities.GetValueAsync(w.TemplateId))),
            templateId => Assert.Equal("apollo-dev-id", templateId));
        Assert.Equal(["ada: running", "grace: running"],
            await OutputUtilities.GetValueAsync((Output<ImmutableArray<string>>)outputs["workspaceStates"]!));
    }
}

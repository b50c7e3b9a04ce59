using System.Collections.Immutable;
using Moq;
using Pulumi;
using Pulumi.Coder;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace PlatformStack.Tests;

[Collection(StackConfiguration.Name)]
public class PlatformTests
{
    /// <summary>The source each template was given, by resource name.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> Sources = new();

    /// <summary>Stands in for the engine and the provider: resources get an id and echo their inputs, with what
    /// Coder would add; getUser answers for the token's user.</summary>
    private static Mock<IMocks> Mocks()
    {
        var mocks = new Mock<IMocks>();
        mocks.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .ReturnsAsync((MockResourceArgs args) =>
            {
                var outputs = args.Inputs.ToBuilder();
                if (args.Type == "coder:index:Group") outputs["source"] = "user";
                if (args.Type == "coder:index:User") outputs["status"] = "active";
                if (args.Type == "coder:index:Workspace") outputs["outdated"] = false;
                if (args.Type == "coder:index:Template")
                {
                    outputs["activeVersionId"] = "version-1";
                    Sources[args.Name!] = args.Inputs["source"];
                }
                var id = args.Type == "coder:index:Group" && (string?)args.Inputs.GetValueOrDefault("name") == "Everyone"
                    ? "org-id" : $"{args.Name}-id";
                return (id, (object)outputs.ToImmutable());
            });
        mocks.Setup(m => m.CallAsync(It.Is<MockCallArgs>(c => c.Token == "coder:index:getUser")))
            .ReturnsAsync(ImmutableDictionary<string, object>.Empty.Add("id", "admin-id").Add("username", "admin"));
        return mocks;
    }

    /// <summary>Runs the program with the given stack configuration (its defaults when none).</summary>
    private static Task<(ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs)> RunAsync(
        IReadOnlyDictionary<string, string>? config = null)
    {
        StackConfiguration.Set(config);
        return Deployment.TestAsync(Mocks().Object, new TestOptions { IsPreview = false, ProjectName = "platform", StackName = "dev" },
            () => (IDictionary<string, object?>)Platform.Define());
    }


    [Fact]
    public async Task Each_developer_is_an_oidc_user_with_an_example_email()
    {
        var (resources, _) = await RunAsync();
        var users = resources.OfType<User>().ToList();

        Assert.Equal(["ada", "grace"], await Task.WhenAll(users.Select(u => OutputUtilities.GetValueAsync(u.Username))));
        Assert.All(await Task.WhenAll(users.Select(u => OutputUtilities.GetValueAsync(u.LoginType))), loginType => Assert.Equal("oidc", loginType));
        Assert.Equal("ada@example.com", await OutputUtilities.GetValueAsync(users[0].Email));
    }

    [Fact]
    public async Task The_developers_group_holds_every_developer()
    {
        var (resources, _) = await RunAsync();
        var group = resources.OfType<Group>().Single(g => g.GetResourceName() == "developers");

        Assert.Equal(["ada-id", "grace-id"], (await OutputUtilities.GetValueAsync(group.Members)).ToArray());
        Assert.Equal(10, await OutputUtilities.GetValueAsync(group.QuotaAllowance));
    }

    [Fact]
    public async Task The_Everyone_group_is_adopted_by_name_for_its_quota()
    {
        var (resources, outputs) = await RunAsync();
        var everyone = resources.OfType<Group>().Single(g => g.GetResourceName() == "everyone");

        Assert.Equal("Everyone", await OutputUtilities.GetValueAsync(everyone.Name));
        Assert.Equal(2, await OutputUtilities.GetValueAsync(everyone.QuotaAllowance));
        Assert.Equal("org-id", await OutputUtilities.GetValueAsync((Output<string>)outputs["everyoneGroupId"]!));
    }

    [Fact]
    public async Task The_stack_reports_who_manages_it()
    {
        var (_, outputs) = await RunAsync();
        Assert.Equal("admin", await OutputUtilities.GetValueAsync((Output<string>)outputs["managedBy"]!));
    }

    [Fact]
    public async Task The_docker_template_is_pushed_from_its_folder_for_the_developers_only()
    {
        var (resources, outputs) = await RunAsync();
        var template = resources.OfType<Template>().Single();

        Assert.Equal("docker", await OutputUtilities.GetValueAsync(template.Name));
        Assert.Equal("none", await OutputUtilities.GetValueAsync(template.EveryoneAccess));
        var acl = await OutputUtilities.GetValueAsync(template.Acl);
        var entry = Assert.Single(acl!.Groups);
        Assert.Equal(("developers-id", "use"), (entry.Id, entry.Role));
        Assert.IsType<FileArchive>(Sources["docker"]);
        Assert.Equal("version-1", await OutputUtilities.GetValueAsync((Output<string>)outputs["dockerTemplateVersionId"]!));
    }

    [Fact]
    public async Task Every_developer_gets_a_running_workspace_of_their_own_from_the_docker_template()
    {
        var (resources, _) = await RunAsync();
        var workspaces = resources.OfType<Workspace>().ToList();

        Assert.Equal(["ada-dev", "grace-dev"], workspaces.Select(w => w.GetResourceName()));
        // Owned by the member (by id, so a renamed user keeps the workspace), from the one template.
        Assert.Equal(["ada-id", "grace-id"], await Task.WhenAll(workspaces.Select(w => OutputUtilities.GetValueAsync(w.Owner))));
        foreach (var workspace in workspaces)
        {
            Assert.Equal("dev", await OutputUtilities.GetValueAsync(workspace.Name));
            Assert.Equal("docker-id", await OutputUtilities.GetValueAsync(workspace.TemplateId));
            Assert.Equal("4", (await OutputUtilities.GetValueAsync(workspace.Parameters))["memory"]);
            Assert.Equal("running", await OutputUtilities.GetValueAsync(workspace.State));
            Assert.Equal("always", await OutputUtilities.GetValueAsync(workspace.AutomaticUpdates));
        }
    }

    [Fact]
    public async Task The_stack_lists_each_developers_workspace_with_its_state()
    {
        var (_, outputs) = await RunAsync();
        var listed = await OutputUtilities.GetValueAsync((Output<ImmutableDictionary<string, ImmutableDictionary<string, object>>>)outputs["workspaces"]!);

        Assert.Equal(["ada", "grace"], listed.Keys.Order());
        Assert.Equal("ada-dev-id", listed["ada"]["id"]);
        Assert.Equal("running", listed["ada"]["state"]);
        Assert.Equal(false, listed["grace"]["outdated"]);
    }

    [Fact]
    public async Task The_configured_team_gets_one_workspace_each_in_the_configured_state_and_memory()
    {
        var (resources, outputs) = await RunAsync(new Dictionary<string, string>
        {
            ["platform:developers"] = """["ada", "grace", "linus"]""",
            ["platform:workspaceState"] = "stopped",
            ["platform:workspaceMemoryGb"] = "8",
        });
        var workspaces = resources.OfType<Workspace>().ToList();

        Assert.Equal(["ada-id", "grace-id", "linus-id"], await Task.WhenAll(workspaces.Select(w => OutputUtilities.GetValueAsync(w.Owner))));
        Assert.All(await Task.WhenAll(workspaces.Select(w => OutputUtilities.GetValueAsync(w.State))), state => Assert.Equal("stopped", state));
        Assert.All(await Task.WhenAll(workspaces.Select(w => OutputUtilities.GetValueAsync(w.Parameters))), parameters => Assert.Equal("8", parameters["memory"]));
        var listed = await OutputUtilities.GetValueAsync((Output<ImmutableDictionary<string, ImmutableDictionary<string, object>>>)outputs["workspaces"]!);
        Assert.Equal(["ada", "grace", "linus"], listed.Keys.Order());
        Assert.Equal("linus-dev-id", listed["linus"]["id"]);
        Assert.Equal("stopped", listed["linus"]["state"]);
    }
}

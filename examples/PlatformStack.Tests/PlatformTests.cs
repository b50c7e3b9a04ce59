using System.Collections.Immutable;
using Moq;
using Pulumi;
using Pulumi.Coder;
using Pulumi.Coder.Testing;
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
                if (args.Type is "coder:index:Template" or "coder:index:TemplateVersion")
                {
                    Sources[args.Name!] = args.Inputs["source"];
                    // As the provider answers: the variables' values are always a secret.
                    if (args.Inputs.TryGetValue("tfVars", out var tfVars)) outputs["tfVars"] = Output.CreateSecret(tfVars);
                }
                if (args.Type == "coder:index:Template") outputs["activeVersionId"] = "version-1";
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

    [Fact]
    public async Task The_canary_is_a_version_of_the_docker_template_from_docker_next_that_is_not_promoted()
    {
        var (resources, outputs) = await RunAsync();
        var canary = resources.OfType<TemplateVersion>().Single();

        Assert.Equal("docker-id", await OutputUtilities.GetValueAsync(canary.TemplateId));
        Assert.False(await OutputUtilities.GetValueAsync(canary.Active));
        Assert.Equal("docker-next", Path.GetFileName(PathOf((FileArchive)Sources["docker-canary"])));
        Assert.Matches("^canary-[0-9a-f]{12}$", await OutputUtilities.GetValueAsync(canary.Name));
        Assert.Equal("docker-canary-id", await OutputUtilities.GetValueAsync((Output<string>)outputs["canaryVersionId"]!));
        Assert.Equal(await OutputUtilities.GetValueAsync(canary.Name), await OutputUtilities.GetValueAsync((Output<string>)outputs["canaryVersionName"]!));
    }

    [Fact]
    public async Task The_canary_declares_the_same_version_until_a_file_of_its_folder_changes()
    {
        var templates = Directory.CreateTempSubdirectory("platform-templates-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryFiles.PathOf("examples/PlatformStack/templates"), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(templates.FullName, Path.GetRelativePath(RepositoryFiles.PathOf("examples/PlatformStack/templates"), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var config = new Dictionary<string, string> { ["platform:templatesFolder"] = templates.FullName };
            async Task<string> CanaryNameAsync() =>
                await OutputUtilities.GetValueAsync((await RunAsync(config)).Resources.OfType<TemplateVersion>().Single().Name);

            var first = await CanaryNameAsync();
            Assert.Equal(first, await CanaryNameAsync());   // the same folder: the same inputs, so no new version
            File.AppendAllText(Path.Combine(templates.FullName, "docker", "main.tf"), "\n# the stable template changed\n");
            Assert.Equal(first, await CanaryNameAsync());   // another folder's change is not the canary's
            File.WriteAllText(Path.Combine(templates.FullName, "docker-next", ".notes"), "hidden files are not uploaded");
            Assert.Equal(first, await CanaryNameAsync());
            File.AppendAllText(Path.Combine(templates.FullName, "docker-next", "main.tf"), "\n# the canary changed\n");
            var second = await CanaryNameAsync();
            Assert.NotEqual(first, second);   // a new name: the replacement version can be made before the old one goes
            Assert.Matches("^canary-[0-9a-f]{12}$", second);
        }
        finally
        {
            templates.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_template_variables_stay_secret_and_no_stack_output_carries_them_in_plain()
    {
        var (resources, outputs) = await RunAsync(new Dictionary<string, string> { ["platform:workspaceImage"] = "registry.example.com/private:1" });
        var template = resources.OfType<Template>().Single();

        Assert.True(await Output.IsSecretAsync(template.TfVars));
        Assert.Equal("registry.example.com/private:1", (await OutputUtilities.GetValueAsync(template.TfVars))!["image"]);
        foreach (var value in outputs.Values)
        {
            var (secret, plain) = await InspectAsync(value);
            if (!secret) Assert.DoesNotContain("registry.example.com/private:1", plain);
        }
    }

    /// <summary>Whether a stack output is a secret, and its value as JSON.</summary>
    private static async Task<(bool Secret, string Value)> InspectAsync(object? output) => output switch
    {
        Output<string> text => (await Output.IsSecretAsync(text), System.Text.Json.JsonSerializer.Serialize(await OutputUtilities.GetValueAsync(text))),
        Output<ImmutableArray<string>> list => (await Output.IsSecretAsync(list), System.Text.Json.JsonSerializer.Serialize(await OutputUtilities.GetValueAsync(list))),
        Output<ImmutableDictionary<string, ImmutableDictionary<string, object>>> map =>
            (await Output.IsSecretAsync(map), System.Text.Json.JsonSerializer.Serialize(await OutputUtilities.GetValueAsync(map))),
        _ => throw new NotSupportedException($"a stack output of type {output?.GetType()}: add it here"),
    };

    /// <summary>The path a <see cref="FileArchive"/> was made with (the SDK keeps it to itself).</summary>
    private static string PathOf(FileArchive archive) =>
        (string)typeof(AssetOrArchive).GetProperty("Value", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(archive)!;
}

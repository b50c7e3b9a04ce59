using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Text.Json;
using Coder.Double;
using Pulumi;
using Pulumi.Coder;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.Testing;
using Pulumi.Experimental;
using Pulumi.Utilities;

namespace PlatformStack.Tests;

/// <summary>
/// The stack program, unchanged, against the provider plugin (bin/pulumi-resource-coder) and the Coder double:
/// what the mock tests take on trust (the Docker template declares the parameter the workspaces set, the schedule
/// and the ACL are acceptable to Coder, each developer can use the template) is what Coder answers here.
/// </summary>
[Collection(StackConfiguration.Name)]
public sealed class PlatformOnCoderTests : IAsyncLifetime
{
    private static readonly string[] Developers = ["ada", "grace"];

    private CoderDouble coder = null!;
    private ProviderProcess plugin = null!;
    private EngineDriver engine = null!;

    public async Task InitializeAsync()
    {
        coder = await CoderDouble.StartOnLoopbackAsync(0, new CoderDoubleOptions
        {
            // Under `make test`, this traffic is checked against Coder's swagger with the rest.
            RecordPath = Environment.GetEnvironmentVariable("CODER_DOUBLE_RECORD") is { Length: > 0 } path ? path : null,
        });
        plugin = await ProviderProcess.StartAsync();
        engine = new EngineDriver(plugin, stack: "dev", project: "platform");
        await engine.GetPluginInfoAsync();
        await engine.ConfigureAsync(ImmutableDictionary<string, PropertyValue>.Empty
            .Add("url", new PropertyValue(coder.BaseAddress.ToString()))
            .Add("token", new PropertyValue(coder.SessionToken).WithSecret(true)));
    }

    public async Task DisposeAsync()
    {
        await plugin.DisposeAsync();
        await coder.DisposeAsync();
    }

    [Fact]
    public async Task Up_gives_every_developer_a_running_workspace_from_the_docker_template_and_destroy_removes_them()
    {
        StackConfiguration.Set();
        var mocks = new PluginMocks(engine, RepositoryFiles.PathOf("examples/PlatformStack"));
        var (resources, outputs, _) = await mocks.UpAsync(() => Platform.Define(), "platform", "dev");

        using var http = coder.CreateClient();
        var template = resources.OfType<Template>().Single();
        var activeVersion = await OutputUtilities.GetValueAsync(template.ActiveVersionId);
        var listed = await OutputUtilities.GetValueAsync(
            (Output<ImmutableDictionary<string, ImmutableDictionary<string, object>>>)outputs["workspaces"]!);
        Assert.Equal(Developers, listed.Keys.Order());
        foreach (var developer in Developers)
        {
            // Coder's own view: the developer's workspace, built on the template's active version with the memory
            // the stack set (a parameter the template declares: Coder would refuse an unknown one).
            var workspace = await http.GetFromJsonAsync<JsonElement>($"/api/v2/users/{developer}/workspace/dev");
            Assert.Equal(developer, workspace.GetProperty("owner_name").GetString());
            Assert.Equal("docker", workspace.GetProperty("template_name").GetString());
            var build = workspace.GetProperty("latest_build");
            Assert.Equal(("start", "running"), (build.GetProperty("transition").GetString(), build.GetProperty("status").GetString()));
            Assert.Equal(activeVersion, build.GetProperty("template_version_id").GetString());
            var parameters = await http.GetFromJsonAsync<JsonElement>($"/api/v2/workspacebuilds/{build.GetProperty("id").GetString()}/parameters");
            Assert.Equal("4", parameters.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "memory").GetProperty("value").GetString());
            Assert.Equal("always", workspace.GetProperty("automatic_updates").GetString());

            // The stack's output lists what Coder has.
            Assert.Equal(workspace.GetProperty("id").GetString(), listed[developer]["id"]);
            Assert.Equal("running", listed[developer]["state"]);
            Assert.Equal(false, listed[developer]["outdated"]);
        }

        // The canary: a version of the docker template in Coder, named after its folder's content, not promoted.
        var canaryId = await OutputUtilities.GetValueAsync((Output<string>)outputs["canaryVersionId"]!);
        var canary = await http.GetFromJsonAsync<JsonElement>($"/api/v2/templateversions/{canaryId}");
        Assert.Equal(await OutputUtilities.GetValueAsync((Output<string>)outputs["canaryVersionName"]!), canary.GetProperty("name").GetString());
        Assert.Equal(await OutputUtilities.GetValueAsync(template.Id), canary.GetProperty("template_id").GetString());
        Assert.NotEqual(canaryId, activeVersion);

        // The template's variables are secret in the plugin's answer, and stay secret in the program.
        Assert.True(await Output.IsSecretAsync(template.TfVars));
        Assert.False(await Output.IsSecretAsync((Output<ImmutableDictionary<string, ImmutableDictionary<string, object>>>)outputs["workspaces"]!));

        await mocks.DestroyAsync();
        foreach (var developer in Developers)
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"/api/v2/users/{developer}")).StatusCode);
        var workspaces = await http.GetFromJsonAsync<JsonElement>("/api/v2/workspaces");
        Assert.Equal(0, workspaces.GetProperty("count").GetInt32());
    }
}

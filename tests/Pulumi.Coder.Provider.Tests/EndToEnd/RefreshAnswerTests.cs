using System.Text.Json.Nodes;
using Coder.Double.Control;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>What a refresh makes of Coder's answers, through the plugin binary: only "not found" drops an object from
/// state; any other failure (here a proxy's 400) is an error, and the object stays.</summary>
public sealed class RefreshAnswerTests : OwnPluginTest
{
    private EngineDriver Engine => Fixture.Engine;

    // What a proxy or gateway in front of Coder may answer (a header it refuses, a request it cannot route); coderd
    // itself never answers 400 for a valid UUID of a group or organization.
    private void ProxyAnswers400To(string path) => Fixture.Coder.Control.Faults.Add(new FaultRule(path, Method: "GET", Times: 0, Status: 400,
        Body: JsonNode.Parse("""{"message":"Bad Request","detail":"request header or cookie too large"}""")));

    private async Task RefreshFailsAndKeepsAsync(ResourceState resource)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.RefreshAsync(resource));
        Assert.Contains("400", error.Status.Detail);
        Assert.Contains("request header or cookie too large", error.Status.Detail);

        Fixture.Coder.Control.Faults.Clear();
        var refreshed = await Engine.RefreshAsync(resource);
        Assert.NotNull(refreshed);
        Assert.Equal(resource.Id, refreshed.Id);
    }

    [Fact]
    public async Task A_400_on_refreshing_a_group_is_an_error_not_a_deletion()
    {
        var group = await Engine.CreateAsync("coder:index:Group", "devs", Map(("name", "devs")));
        ProxyAnswers400To($"/api/v2/groups/{group.Id}");

        await RefreshFailsAndKeepsAsync(group);
    }

    [Fact]
    public async Task A_400_on_refreshing_an_organization_is_an_error_not_a_deletion()
    {
        var organization = await Engine.CreateAsync("coder:index:Organization", "acme", Map(("name", "acme")));
        ProxyAnswers400To("/api/v2/organizations/*");

        await RefreshFailsAndKeepsAsync(organization);
    }

    [Fact]
    public async Task A_400_other_than_coderds_unknown_user_on_refreshing_a_user_is_an_error_not_a_deletion()
    {
        var user = await Engine.CreateAsync("coder:index:User", "ada", Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc")));
        ProxyAnswers400To("/api/v2/users/*");

        await RefreshFailsAndKeepsAsync(user);
    }
}

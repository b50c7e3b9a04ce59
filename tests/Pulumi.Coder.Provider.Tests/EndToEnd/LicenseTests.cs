using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>A deployment without the premium features: refused at preview, and coderd's 403 explained when the
/// license changes after the provider was configured.</summary>
public sealed class LicenseTests : OwnPluginTest
{
    [Fact]
    public async Task Without_a_license_groups_and_new_organizations_are_refused_at_check_time()
    {
        Fixture.Coder.Control.License.SetPremium(false);
        await Fixture.Engine.ConfigureAsync(Fixture.Config);

        var group = await Fixture.Engine.CheckAsync("coder:index:Group", "devs", Map(("name", "developers")));
        Assert.Contains("'template_rbac'", Assert.Single(group.Failures).Reason);
        var org = await Fixture.Engine.CheckAsync("coder:index:Organization", "acme", Map(("name", "acme")));
        Assert.Contains("'multiple_organizations'", Assert.Single(org.Failures).Reason);
        Assert.Empty((await Fixture.Engine.CheckAsync("coder:index:User", "ada", Map(("username", "ada"), ("email", "a@example.com"), ("loginType", "oidc")))).Failures);
    }

    [Fact]
    public async Task A_license_lost_after_configuration_gives_coderds_403_naming_the_feature()
    {
        Fixture.Coder.Control.License.SetFeature("template_rbac", false);

        var error = await Assert.ThrowsAsync<RpcException>(() => Fixture.Engine.CreateAsync("coder:index:Group", "devs", Map(("name", "developers"))));

        Assert.Contains("403", error.Status.Detail);
        Assert.Contains("template_rbac", error.Status.Detail);
    }
}

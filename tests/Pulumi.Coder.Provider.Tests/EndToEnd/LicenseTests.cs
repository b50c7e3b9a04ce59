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
    public async Task Without_a_license_a_service_account_and_a_change_to_an_organization_are_refused_at_check_time()
    {
        var organization = await Fixture.Engine.ImportAsync("coder:index:Organization", "default", Fixture.Coder.Seed.DefaultOrganizationId.ToString());
        Fixture.Coder.Control.License.SetPremium(false);
        await Fixture.Engine.ConfigureAsync(Fixture.Config);

        // coderd answers 403 to both at apply time (postUser in coderd/users.go; PATCH /organizations/{organization}
        // behind the feature in enterprise/coderd/coderd.go).
        var serviceAccount = Assert.Single((await Fixture.Engine.CheckAsync("coder:index:User", "bot", Map(("username", "bot"), ("serviceAccount", true)))).Failures);
        Assert.Equal("serviceAccount", serviceAccount.Property);
        Assert.Contains("'service_accounts'", serviceAccount.Reason);
        var renamed = await Fixture.Engine.CheckAsync("coder:index:Organization", "default",
            organization.Inputs.SetItem("displayName", Of("Platform")), olds: organization.Inputs);
        var change = Assert.Single(renamed.Failures);
        Assert.Equal("displayName", change.Property);
        Assert.Contains("'multiple_organizations'", change.Reason);
        // Managing it unchanged needs no license.
        Assert.Empty((await Fixture.Engine.CheckAsync("coder:index:Organization", "default", organization.Inputs, olds: organization.Inputs)).Failures);
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

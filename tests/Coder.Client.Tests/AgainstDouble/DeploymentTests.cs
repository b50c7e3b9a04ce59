namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class DeploymentTests : DoubleTest
{
    [Fact]
    public async Task Build_info_is_public_and_names_a_version_and_deployment()
    {
        var anonymous = Session.CreateClient(sessionToken: null);

        var info = await anonymous.Deployment.GetBuildInfoAsync();

        Assert.StartsWith("v2.", info.Version);
        Assert.True(Guid.TryParse(info.DeploymentId, out _));
        Assert.False(string.IsNullOrEmpty(info.DashboardUrl));
    }

    [Fact]
    public async Task A_premium_deployment_is_entitled_to_what_the_provider_needs()
    {
        var entitlements = await Client.Deployment.GetEntitlementsAsync();

        Assert.True(entitlements.HasLicense);
        var features = entitlements.Features!;
        Assert.All(new[] { "multiple_organizations", "template_rbac" }, name =>
        {
            Assert.True(features[name].Enabled);
            Assert.Equal("entitled", features[name].Entitlement);
        });
        // Seats: the licensed limit and the active users (the seeded owner).
        Assert.Equal(1000, features["user_limit"].Limit);
        Assert.Equal(1, features["user_limit"].Actual);
    }

    [Fact]
    public async Task Without_a_license_nothing_is_entitled()
    {
        Coder.Control.License.SetPremium(false);

        var entitlements = await Client.Deployment.GetEntitlementsAsync();

        Assert.False(entitlements.HasLicense);
        Assert.All(entitlements.Features!.Values, feature =>
        {
            Assert.False(feature.Enabled);
            Assert.Equal("not_entitled", feature.Entitlement);
        });
    }

    [Fact]
    public async Task A_single_feature_switched_off_shows_in_the_entitlements()
    {
        Coder.Control.License.SetFeature("template_rbac", entitled: false);

        var features = (await Client.Deployment.GetEntitlementsAsync()).Features!;

        Assert.False(features["template_rbac"].Enabled);
        Assert.True(features["multiple_organizations"].Enabled);
    }
}

using Coder.Client.Models;
using Moq;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Resources;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Resources;

public class OrganizationResourceTests
{
    private readonly MockCoder coder = new();
    private readonly OrganizationResource resource = new();

    [Fact]
    public async Task Deleting_the_default_organization_is_refused_with_the_way_out()
    {
        var state = Map(("name", "coder"), ("isDefault", true));
        var error = await Assert.ThrowsAsync<ProviderException>(() => resource.DeleteAsync(
            new DeleteRequest(MockCoder.Urn("Organization", "default"), MockCoder.DefaultOrganization.ToString(), state, TimeSpan.Zero, state),
            coder.Context("Organization", "default"), default));
        Assert.Contains("default organization", error.Message);
        Assert.Contains("pulumi state delete", error.Message);
        coder.Organizations.Verify(o => o.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_rename_is_an_update_that_sends_the_new_name()
    {
        var id = Guid.NewGuid();
        coder.Organizations.Setup(o => o.UpdateAsync(id.ToString(), It.Is<UpdateOrganizationRequest>(r => r.Name == "acme-2" && r.DisplayName == null), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Organization { Id = id, Name = "acme-2", DisplayName = "Acme" }).Verifiable();
        var olds = Map(("name", "acme"));
        Assert.Empty(resource.Diff(new DiffRequest(MockCoder.Urn("Organization", "acme"), id.ToString(), olds, Map(("name", "acme-2")), [], olds)).Replaces!);

        var response = await resource.UpdateAsync(new UpdateRequest(MockCoder.Urn("Organization", "acme"), id.ToString(), olds.Add("displayName", Of("Acme")),
            Map(("name", "acme-2")), TimeSpan.Zero, [], false, olds), coder.Context("Organization", "acme"), default);

        coder.Organizations.Verify();
        Assert.Equal(Of("acme-2"), response.Outputs!["name"]);
    }

    [Fact]
    public void Creating_an_organization_without_the_license_feature_is_refused_at_check_time()
    {
        var check = resource.Check(new CheckRequest(MockCoder.Urn("Organization", "acme"), MockCoder.None, Map(("name", "acme")), []),
            new CheckContext(new DeploymentFeatures(new HashSet<string>()), "coder:index:Organization"));
        var failure = Assert.Single(check.Failures!);
        Assert.Contains("multiple_organizations", failure.Reason);

        var update = resource.Check(new CheckRequest(MockCoder.Urn("Organization", "acme"), Map(("name", "acme")), Map(("name", "acme")), []),
            new CheckContext(new DeploymentFeatures(new HashSet<string>()), "coder:index:Organization"));
        Assert.Empty(update.Failures!);
    }
}

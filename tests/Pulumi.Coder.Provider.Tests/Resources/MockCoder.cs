using System.Collections.Immutable;
using Coder.Client;
using Coder.Client.Api;
using Moq;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Experimental;

namespace Pulumi.Coder.Provider.Tests.Resources;

/// <summary>A provider context whose Coder client is made of Moq mocks, one per API area.</summary>
internal sealed class MockCoder
{
    public static readonly Guid DefaultOrganization = Guid.Parse("11111111-1111-1111-1111-111111111111");

    public Mock<IGroupsApi> Groups { get; } = new(MockBehavior.Strict);
    public Mock<IUsersApi> Users { get; } = new(MockBehavior.Strict);
    public Mock<IOrganizationsApi> Organizations { get; } = new(MockBehavior.Strict);

    public ResourceContext Context(string type, string name)
    {
        var client = new Mock<ICoderClient>();
        client.SetupGet(c => c.Groups).Returns(Groups.Object);
        client.SetupGet(c => c.Users).Returns(Users.Object);
        client.SetupGet(c => c.Organizations).Returns(Organizations.Object);
        var configuration = new ResolvedConfiguration(new Uri("https://coder.example.com/"), "token", DefaultOrganization.ToString(), ImmutableDictionary<string, string>.Empty);
        Organizations.Setup(o => o.GetAsync(DefaultOrganization.ToString(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new global::Coder.Client.Models.Organization { Id = DefaultOrganization, Name = "coder", IsDefault = true });
        var session = new CoderSession(configuration, client.Object, new DeploymentFeatures(new HashSet<string> { "template_rbac", "multiple_organizations" }));
        return new ResourceContext(session, engine: null, Urn(type, name).ToString());
    }

    public static Urn Urn(string type, string name) => new($"urn:pulumi:test::coder::coder:index:{type}::{name}");

    public static ImmutableDictionary<string, PropertyValue> None => ImmutableDictionary<string, PropertyValue>.Empty;
}

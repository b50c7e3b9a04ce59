using System.Collections.Immutable;
using Moq;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Hosting;

public class CoderProviderTests
{
    private const string Token = "s3cr3t-token-value";
    private static readonly Urn ProviderUrn = new("urn:pulumi:test::coder::pulumi:providers:coder::default");
    private static readonly ImmutableDictionary<string, PropertyValue> None = ImmutableDictionary<string, PropertyValue>.Empty;

    private static (CoderProvider Provider, Mock<ICoderConnector> Connector) Create()
    {
        var connector = new Mock<ICoderConnector>(MockBehavior.Strict);
        connector.Setup(c => c.ConnectAsync(It.IsAny<ResolvedConfiguration>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ResolvedConfiguration config, CancellationToken _) => new CoderSession(config, Mock.Of<global::Coder.Client.ICoderClient>(), new DeploymentFeatures(new HashSet<string>())));
        var provider = new CoderProvider(engine: null, ProviderCatalog.CreateDefault(), connector.Object, _ => null);
        return (provider, connector);
    }

    private static ConfigureRequest Configure(ImmutableDictionary<string, PropertyValue> args) =>
        new(ImmutableDictionary<string, string>.Empty, args, acceptSecrets: true, acceptResources: true, sendsOldInputs: true, sendsOldInputsToDelete: true);

    [Fact]
    public async Task Configure_connects_once_with_the_resolved_configuration_and_supports_preview()
    {
        var (provider, connector) = Create();
        var response = await provider.Configure(Configure(Map(("url", "coder.example.com"), ("token", Secret(Token)), ("organization", "acme"))), default);

        Assert.True(response.SupportsPreview);
        Assert.True(response.AcceptSecrets);
        connector.Verify(c => c.ConnectAsync(
            It.Is<ResolvedConfiguration>(r => r.Url == new Uri("https://coder.example.com/") && r.Token == Token && r.Organization == "acme"),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Configure_with_values_not_known_yet_answers_without_connecting()
    {
        var (provider, connector) = Create();
        var response = await provider.Configure(Configure(Map(("url", PropertyValue.Computed), ("token", PropertyValue.Computed))), default);

        Assert.True(response.SupportsPreview);
        connector.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Configure_with_a_bad_configuration_fails_with_the_reason_and_without_the_token()
    {
        var (provider, _) = Create();
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.Configure(Configure(Map(("url", "ftp://x"), ("token", Token))), default));
        Assert.Contains("url", error.Message);
        Assert.DoesNotContain(Token, error.Message);
    }

    [Fact]
    public async Task A_new_url_or_token_reconfigures_the_provider_without_replacing_it()
    {
        var (provider, _) = Create();
        var olds = Map(("url", "https://a.example.com"), ("token", Secret(Token)));
        var news = Map(("url", "https://b.example.com"), ("token", Secret("other")));
        var diff = await provider.DiffConfig(new DiffRequest(ProviderUrn, "id", olds, news, [], olds), default);

        Assert.True(diff.Changes);
        Assert.Equal(["token", "url"], diff.Diffs!.Order());
        Assert.Empty(diff.Replaces!);
        Assert.False((await provider.DiffConfig(new DiffRequest(ProviderUrn, "id", olds, olds, [], olds), default)).Changes);
    }

    [Fact]
    public async Task An_unknown_resource_type_is_named_with_the_ones_the_provider_offers()
    {
        var (provider, _) = Create();
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.Check(
            new CheckRequest(new Urn("urn:pulumi:test::coder::coder:index:Nope::n"), None, None, []), default));
        Assert.Contains("coder:index:Nope is not a resource type", error.Message);
    }

    [Fact]
    public async Task GetSchema_returns_the_catalog_schema()
    {
        var (provider, _) = Create();
        var response = await provider.GetSchema(new GetSchemaRequest(0, null!, null!), default);
        Assert.Equal(ProviderCatalog.CreateDefault().Schema, response.Schema);
    }
}

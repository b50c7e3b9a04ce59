using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>The plugin binary keeps the session token and <c>coder:headers</c> (often proxy credentials) to itself:
/// they reach only <c>coder:url</c>, and land in state only as secrets.</summary>
public sealed class CredentialTests
{
    private const string Token = "tokenid-0123456789abcdef0123456789";
    private const string ProxyCredential = "proxy-credential-0123456789";

    [Theory]
    [InlineData(302)]
    [InlineData(308)]
    public async Task A_redirect_is_never_followed_and_configuration_fails_naming_its_host_and_coder_url(int status)
    {
        // A proxy in front of Coder that sends API clients to an identity provider's sign-in page.
        await using var identityProvider = await LoopbackHttpServer.AnsweringOkAsync();
        await using var proxy = await LoopbackHttpServer.RedirectingAsync(status,
            new Uri(identityProvider.BaseUrl, "oauth2/authorize?state=sign-in-state-4711").ToString());
        await using var plugin = await ProviderProcess.StartAsync();
        var engine = new EngineDriver(plugin);

        var error = await Assert.ThrowsAsync<RpcException>(() => engine.ConfigureAsync(Map(
            ("url", proxy.BaseUrl.ToString()),
            ("token", Secret(Token)),
            ("headers", Secret(new Dictionary<string, object?> { ["X-Proxy-Auth"] = ProxyCredential })))));

        var message = error.Status.Detail;
        Assert.Contains($"answered with a redirect ({status}) to http://{identityProvider.BaseUrl.Authority}", message);
        Assert.Contains("Set coder:url (or CODER_URL) to the final address", message);
        Assert.DoesNotContain("sign-in-state-4711", message);
        // The credentials went to coder:url, and nowhere else.
        var received = Assert.Single(proxy.Requests);
        Assert.Equal(Token, received.Headers["Coder-Session-Token"]);
        Assert.Equal(ProxyCredential, received.Headers["X-Proxy-Auth"]);
        Assert.Empty(identityProvider.Requests);
        foreach (var text in new[] { message, plugin.StandardError }.Concat(plugin.Engine.Entries.Select(e => e.Message)))
        {
            Assert.DoesNotContain(Token, text);
            Assert.DoesNotContain(ProxyCredential, text);
        }
    }

    [Theory]
    [InlineData("a plain object")]
    [InlineData("a secret object")]
    [InlineData("JSON text")]
    public async Task CheckConfig_returns_the_headers_as_a_secret_however_they_were_set(string form)
    {
        var asObject = Of(new Dictionary<string, object?> { ["X-Proxy-Auth"] = ProxyCredential });
        var headers = form switch
        {
            // A program's provider arguments: an object, secret or not.
            "a plain object" => asObject,
            "a secret object" => asObject.WithSecret(true),
            // Stack config (`pulumi config set coder:headers '{...}'`) arrives as JSON text.
            _ => Of($$"""{"X-Proxy-Auth":"{{ProxyCredential}}"}"""),
        };
        await using var plugin = await ProviderProcess.StartAsync();

        var response = await new EngineDriver(plugin).CheckConfigAsync(Map(("url", "https://coder.example.com"), ("token", Token), ("headers", headers)));

        Assert.Empty(response.Failures);
        var inputs = response.Inputs;
        Assert.True(inputs["headers"].IsSecret, "coder:headers must come back from CheckConfig as a secret");
        Assert.True(inputs["token"].IsSecret, "coder:token must come back from CheckConfig as a secret");
        Assert.Equal(asObject, inputs["headers"].WithSecret(false));
    }

    [Fact]
    public async Task CheckConfig_refuses_a_header_value_with_a_line_break_naming_the_header_but_not_the_value()
    {
        await using var plugin = await ProviderProcess.StartAsync();
        var engine = new EngineDriver(plugin);

        var error = await Assert.ThrowsAsync<CheckFailedException>(() => engine.ConfigureAsync(Map(
            ("url", "https://coder.example.com"),
            ("token", Secret(Token)),
            ("headers", Secret(new Dictionary<string, object?> { ["X-Proxy-Auth"] = ProxyCredential + "\r\nX-Injected: 1" })))));

        var failure = Assert.Single(error.Failures);
        Assert.Equal("headers", failure.Property);
        Assert.Contains("\"X-Proxy-Auth\"", failure.Reason);
        Assert.Contains("line break", failure.Reason);
        Assert.DoesNotContain(ProxyCredential, failure.Reason);
        Assert.DoesNotContain("X-Injected", failure.Reason);
    }
}

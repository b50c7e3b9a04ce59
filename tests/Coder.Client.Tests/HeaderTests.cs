using System.Collections.Immutable;
using System.Net;
using Coder.Client.Errors;
using Coder.Client.Tests.Support;

namespace Coder.Client.Tests;

public sealed class HeaderTests
{
    private const string BuildInfo = """{"version":"v2.99.0","external_url":"http://127.0.0.1:3000"}""";

    [Fact]
    public async Task Every_request_carries_token_extra_headers_and_user_agent()
    {
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.OK, BuildInfo);
        var options = TestClients.Options() with
        {
            Headers = ImmutableDictionary<string, string>.Empty
                .Add("X-Proxy-Auth", "proxy-value")
                .Add("Coder-Session-Token", "must-be-overridden"),
        };
        using var client = CoderClient.Create(options, stub);

        var info = await client.Deployment.GetBuildInfoAsync();

        Assert.Equal("v2.99.0", info.Version);
        var request = Assert.Single(stub.Requests);
        Assert.Equal(TestClients.Token, request.Header("Coder-Session-Token"));
        Assert.Equal("proxy-value", request.Header("X-Proxy-Auth"));
        Assert.Equal("pulumi-resource-coder/1.2.3", request.Header("User-Agent"));
        Assert.Equal("http://127.0.0.1:3000/api/v2/buildinfo", request.Uri.ToString());
    }

    [Fact]
    public async Task Without_a_token_no_token_header_is_sent()
    {
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.OK, BuildInfo);
        using var client = CoderClient.Create(TestClients.Options() with { SessionToken = null }, stub);

        await client.Deployment.GetBuildInfoAsync();

        Assert.Null(Assert.Single(stub.Requests).Header("Coder-Session-Token"));
    }

    [Theory]
    [InlineData(HttpStatusCode.MovedPermanently)]
    [InlineData(HttpStatusCode.Found)]
    [InlineData(HttpStatusCode.SeeOther)]
    [InlineData(HttpStatusCode.TemporaryRedirect)]
    [InlineData(HttpStatusCode.PermanentRedirect)]
    public async Task A_redirect_is_an_error_naming_only_the_target_host(HttpStatusCode status)
    {
        var stub = new StubHttpHandler().ThenStatus(status,
            r => r.Headers.Location = new Uri("https://idp.example.com:8443/oauth2/authorize?state=sign-in-state-code"));
        using var client = TestClients.Create(stub);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Deployment.GetBuildInfoAsync());

        Assert.Equal(CoderErrorKind.Redirected, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains("https://idp.example.com:8443", error.Message);
        Assert.Contains("Coder URL", error.Message);
        Assert.DoesNotContain("sign-in-state-code", error.Message);
        Assert.DoesNotContain("/oauth2", error.Message);
        Assert.Equal(new Uri("https://idp.example.com:8443"), error.RedirectTarget);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task A_redirect_target_is_named_without_its_user_name_or_password()
    {
        var stub = new StubHttpHandler().ThenStatus(HttpStatusCode.Found,
            r => r.Headers.Location = new Uri("https://sso-user:sso-password-1234@idp.example.com/login"));
        using var client = TestClients.Create(stub);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Deployment.GetBuildInfoAsync());

        Assert.Contains("to https://idp.example.com", error.Message);
        Assert.Equal(new Uri("https://idp.example.com"), error.RedirectTarget);
        Assert.DoesNotContain("sso-password-1234", error.ToString());
        Assert.DoesNotContain("sso-user", error.ToString());
    }

    [Fact]
    public async Task A_relative_redirect_names_the_host_it_resolves_to()
    {
        var stub = new StubHttpHandler().ThenStatus(HttpStatusCode.Found, r => r.Headers.Location = new Uri("/login?redirect=%2F", UriKind.Relative));
        using var client = TestClients.Create(stub);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Deployment.GetBuildInfoAsync());

        Assert.Equal(CoderErrorKind.Redirected, error.Kind);
        Assert.Contains("to http://127.0.0.1:3000", error.Message);
    }

    public static TheoryData<string> Transports => ["default", "given SocketsHttpHandler", "given HttpClientHandler"];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Over_real_sockets_the_token_and_headers_never_reach_the_redirect_target(string transport)
    {
        await using var target = await LoopbackHttpServer.AnsweringOkAsync();
        await using var proxy = await LoopbackHttpServer.RedirectingAsync(302, new Uri(target.BaseUrl, "api/v2/buildinfo?code=abc").ToString());
        var options = TestClients.Options() with
        {
            BaseUrl = proxy.BaseUrl,
            Headers = ImmutableDictionary<string, string>.Empty.Add("X-Proxy-Auth", "proxy-credential-value"),
        };
        using var client = transport switch
        {
            "default" => CoderClient.Create(options),
            "given SocketsHttpHandler" => CoderClient.Create(options, new SocketsHttpHandler()),
            _ => CoderClient.Create(options, new HttpClientHandler()),
        };

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Deployment.GetBuildInfoAsync());

        Assert.Equal(CoderErrorKind.Redirected, error.Kind);
        Assert.Contains($"to http://{target.BaseUrl.Authority}", error.Message);
        Assert.Equal(TestClients.Token, Assert.Single(proxy.Requests).Headers["Coder-Session-Token"]);
        Assert.Empty(target.Requests);
    }

    [Fact]
    public void Options_print_without_secrets()
    {
        var options = TestClients.Options() with
        {
            Headers = ImmutableDictionary<string, string>.Empty.Add("X-Proxy-Auth", "proxy-secret"),
        };

        var text = options.ToString();

        Assert.DoesNotContain(TestClients.Token, text);
        Assert.DoesNotContain("proxy-secret", text);
        Assert.Contains("X-Proxy-Auth", text);
        Assert.Contains("http://127.0.0.1:3000", text);
    }

    [Fact]
    public void Relative_or_odd_urls_are_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            CoderClient.Create(TestClients.Options() with { BaseUrl = new Uri("ftp://coder.example.com") }, new StubHttpHandler()));
    }

    [Fact]
    public void A_refused_url_is_named_without_its_user_name_and_password()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CoderClient.Create(TestClients.Options() with { BaseUrl = new Uri("ftp://ada:hunter2-password@coder.example.com/x") }, new StubHttpHandler()));

        Assert.Contains("ftp://coder.example.com/x", error.Message);
        Assert.DoesNotContain("hunter2-password", error.Message);
        Assert.DoesNotContain("ada", error.Message);
        Assert.DoesNotContain("hunter2-password", (TestClients.Options() with { BaseUrl = new Uri("https://ada:hunter2-password@coder.example.com") }).ToString());
    }
}

using System.Collections.Immutable;
using System.Net;
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
}

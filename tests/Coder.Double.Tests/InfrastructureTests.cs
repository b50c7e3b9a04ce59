using System.Diagnostics;
using System.Net;

namespace Coder.Double.Tests;

public sealed class InfrastructureTests
{
    [Fact]
    public async Task BuildInfo_IsPublic_AndNamesTheImitatedBuild()
    {
        await using var scope = await DoubleScope.StartAsync();
        var reply = await scope.Anonymous.GetAsync("/api/v2/buildinfo");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.StartsWith("v2.", reply.Str("version"));
        Assert.True(Guid.TryParse(reply.Str("deployment_id"), out _));
    }

    [Fact]
    public async Task MissingToken_Is401_WithCodersSignedOutBody()
    {
        await using var scope = await DoubleScope.StartAsync();
        var reply = await scope.Anonymous.GetAsync("/api/v2/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("You are signed out or your session has expired. Please sign in again to continue.", reply.Message);
        Assert.Equal("Cookie \"coder_session_token\" or query parameter must be provided.", reply.Detail);
        Assert.Contains("Bearer realm=\"coder\"", reply.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("nodash", "Invalid API key format: incorrect amount of API key parts, expected 2 got 1")]
    [InlineData("short-abcdefghijklmnopqrstuv", "Invalid API key format: invalid API key ID length, expected 10 got 5")]
    [InlineData("abcdefghij-short", "Invalid API key format: invalid API key secret length, expected 22 got 5")]
    [InlineData("abcdefghij-abcdefghijklmnopqrstuv", "API key is invalid.")]
    public async Task BadToken_Is401_WithCodersDetail(string token, string detail)
    {
        await using var scope = await DoubleScope.StartAsync();
        var reply = await scope.Anonymous.SendAsync(HttpMethod.Get, "/api/v2/users/me", token: token);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal(detail, reply.Detail);
    }

    [Fact]
    public async Task WrongSecret_ForAKnownKey_Is401()
    {
        await using var scope = await DoubleScope.StartAsync();
        var keyId = scope.Coder.SessionToken.Split('-')[0];
        var reply = await scope.Anonymous.SendAsync(HttpMethod.Get, "/api/v2/users/me", token: keyId + "-" + new string('x', 22));

        Assert.Equal("API key secret is invalid.", reply.Detail);
    }

    [Fact]
    public async Task Token_IsAcceptedFromCookie_Query_AndBearerHeader_LikeCoderd()
    {
        await using var scope = await DoubleScope.StartAsync();
        var token = scope.Coder.SessionToken;
        var client = scope.Anonymous.Client;

        using var cookie = new HttpRequestMessage(HttpMethod.Get, "/api/v2/users/me");
        cookie.Headers.Add("Cookie", $"coder_session_token={token}");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(cookie)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v2/users/me?coder_session_token={token}")).StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/v2/users/me");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(bearer)).StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_IsCodersJson404_AndWrongMethod_Is405()
    {
        await using var scope = await DoubleScope.StartAsync();

        var unknown = await scope.Api.GetAsync("/api/v2/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("Route not found.", unknown.Message);

        var wrongMethod = await scope.Api.PatchAsync("/api/v2/users", new { });
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.Status);
    }

    [Fact]
    public async Task Seed_HasDefaultOrganization_ItsEveryoneGroup_AndAnOwnerAdmin()
    {
        await using var scope = await DoubleScope.StartAsync();

        var orgs = (await scope.Api.GetAsync("/api/v2/organizations")).Body!.AsArray();
        var org = Assert.Single(orgs)!;
        Assert.True(org["is_default"]!.GetValue<bool>());
        Assert.Equal("coder", org.S("name"));
        Assert.Equal(scope.DefaultOrgId, org.Id());

        var everyone = await scope.Api.GetAsync($"/api/v2/groups/{scope.DefaultOrgId}");
        Assert.Equal("Everyone", everyone.Str("name"));
        Assert.Equal(scope.DefaultOrgId.ToString(), everyone.Str("organization_id"));

        var me = await scope.Api.GetAsync("/api/v2/users/me");
        Assert.Equal(scope.Coder.Seed.AdminUsername, me.Str("username"));
        Assert.Equal("owner", me.Body!["roles"]![0]!.S("name"));
        Assert.Equal(scope.DefaultOrgId.ToString(), me.Body["organization_ids"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task FixedSessionToken_FromOptions_IsTheAdminsToken()
    {
        const string token = "abcdefghij-0123456789abcdefghijkl";
        await using var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { SessionToken = token });

        Assert.Equal(token, scope.Coder.SessionToken);
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/users/me")).Status);
    }

    [Fact]
    public async Task Loopback_ServesOverRealSockets()
    {
        await using var coder = await CoderDouble.StartOnLoopbackAsync();
        using var client = coder.CreateClient();

        Assert.Equal("127.0.0.1", coder.BaseAddress.Host);
        Assert.NotEqual(0, coder.BaseAddress.Port);
        var response = await client.GetAsync("/api/v2/users/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Standalone_PrintsUrlAndToken_ServesThem_AndStopsOnSigterm()
    {
        var dll = typeof(CoderDouble).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PORT"] = "0";
        using var process = Process.Start(start)!;
        try
        {
            var urlLine = await ReadLineAsync(process);
            var tokenLine = await ReadLineAsync(process);
            Assert.StartsWith("CODER_URL=http://127.0.0.1:", urlLine);
            Assert.StartsWith("CODER_SESSION_TOKEN=", tokenLine);

            using var client = new HttpClient { BaseAddress = new Uri(urlLine["CODER_URL=".Length..]) };
            client.DefaultRequestHeaders.Add("Coder-Session-Token", tokenLine["CODER_SESSION_TOKEN=".Length..]);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v2/users/me")).StatusCode);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<string> ReadLineAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The double exited early.");
    }
}

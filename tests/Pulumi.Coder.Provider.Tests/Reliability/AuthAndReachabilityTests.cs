using System.Diagnostics;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.Provider.Tests.EndToEnd;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>A token Coder refuses, at Configure or mid-run, and a URL nobody answers at: one clear message each, no
/// retries, the host named and the token never shown. (The redirect case is in CredentialTests.)</summary>
public sealed class AuthAndReachabilityTests : OwnPluginTest
{
    private const string RejectedMessage = "rejected the configured token (401): it is wrong, has expired or was revoked";
    private const string Fix = "pulumi config set --secret coder:token";

    [Fact]
    public async Task A_wrong_token_fails_Configure_with_one_call_and_one_clear_message()
    {
        const string wrongToken = "AAAAAAAAAA-BBBBBBBBBBBBBBBBBBBBBB";
        await using var plugin = await ProviderProcess.StartAsync();
        Fixture.Coder.Control.Traffic.Clear();

        var error = await Assert.ThrowsAsync<RpcException>(() => new EngineDriver(plugin).ConfigureAsync(
            Map(("url", Fixture.Coder.BaseAddress.ToString()), ("token", Secret(wrongToken)))));

        Assert.Contains(RejectedMessage, error.Status.Detail);
        Assert.Contains(Fix, error.Status.Detail);
        var call = Assert.Single(Fixture.Coder.Control.Traffic.Exchanges);
        Assert.Equal(401, call.Status);
        Assert.DoesNotContain(wrongToken, error.Status.Detail + plugin.StandardError + string.Join("\n", plugin.Engine.Entries.Select(e => e.Message)));
    }

    [Fact]
    public async Task A_token_revoked_mid_run_gives_the_Configure_message_on_the_next_call_without_retrying()
    {
        var engine = Fixture.Engine;
        var ops = await engine.CreateAsync("coder:index:User", "ops", Map(("username", "ops"), ("email", "ops@example.com"), ("loginType", "oidc")));
        var token = Fixture.Coder.Control.IssueToken("ops");
        await using var plugin = await ProviderProcess.StartAsync();
        var asOps = new EngineDriver(plugin);
        await asOps.ConfigureAsync(Map(("url", Fixture.Coder.BaseAddress.ToString()), ("token", Secret(token))));
        Assert.Empty((await asOps.InvokeAsync("coder:index:getUser", Map(("username", "me")))).Failures);

        // Deleting the user deletes its API keys, as revoking the token does.
        await engine.DeleteAsync(ops);
        Fixture.Coder.Control.Traffic.Clear();
        var invoke = await Assert.ThrowsAsync<RpcException>(() => asOps.InvokeAsync("coder:index:getUser", Map(("username", "me"))));
        var create = await Assert.ThrowsAsync<RpcException>(() => asOps.CreateAsync("coder:index:Organization", "acme", Map(("name", "acme"))));

        foreach (var error in new[] { invoke, create })
        {
            Assert.Contains(RejectedMessage, error.Status.Detail);
            Assert.Contains(Fix, error.Status.Detail);
            Assert.DoesNotContain(token, error.Status.Detail);
        }
        // One refused call each: a 401 is never retried.
        Assert.Equal(2, Fixture.Coder.Control.Traffic.Exchanges.Count);
        Assert.All(Fixture.Coder.Control.Traffic.Exchanges, e => Assert.Equal(401, e.Status));
        Assert.DoesNotContain(token, plugin.StandardError + string.Join("\n", plugin.Engine.Entries.Select(e => e.Message)));
    }

    [Fact]
    public async Task An_unreachable_url_fails_Configure_fast_naming_the_host_but_never_the_token()
    {
        const string token = "CCCCCCCCCC-DDDDDDDDDDDDDDDDDDDDDD";
        // A loopback port nothing listens on: connections are refused at once.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var plugin = await ProviderProcess.StartAsync();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => new EngineDriver(plugin).ConfigureAsync(
            Map(("url", $"http://127.0.0.1:{port}"), ("token", Secret(token)))));

        clock.Stop();
        Assert.Contains($"127.0.0.1:{port}", error.Status.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Configure took {clock.Elapsed} to give up");
        Assert.DoesNotContain(token, error.Status.Detail + plugin.StandardError + string.Join("\n", plugin.Engine.Entries.Select(e => e.Message)));
    }
}

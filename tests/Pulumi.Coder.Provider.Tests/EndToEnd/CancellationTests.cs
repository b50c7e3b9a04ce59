using System.Diagnostics;
using Coder.Double.Control;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>The engine's Cancel (Ctrl+C on `pulumi up`) stops operations in flight instead of waiting them out.</summary>
public sealed class CancellationTests : OwnPluginTest
{
    [Fact]
    public async Task Cancel_ends_a_slow_create_promptly()
    {
        Fixture.Coder.Control.Faults.Add(new FaultRule("/api/v2/users", Method: "POST", DelayMs: 20_000));
        var clock = Stopwatch.StartNew();

        var create = Fixture.Engine.CreateAsync("coder:index:User", "slow",
            Map(("username", "slow"), ("email", "slow@example.com"), ("loginType", "oidc")));
        await Task.Delay(500);
        await Fixture.Engine.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => create);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the create took {clock.Elapsed} after Cancel");
        Assert.Contains(error.StatusCode, new[] { StatusCode.Cancelled, StatusCode.Internal });
    }
}

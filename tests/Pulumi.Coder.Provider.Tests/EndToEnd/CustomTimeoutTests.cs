using System.Diagnostics;
using Coder.Double.Control;
using Grpc.Core;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>The engine leaves a resource's customTimeouts to the provider: they bound the whole operation, including
/// a Coder call that hangs, not only provisioner jobs.</summary>
public sealed class CustomTimeoutTests : OwnPluginTest
{
    [Fact]
    public async Task A_create_whose_Coder_call_hangs_stops_at_its_custom_timeout_and_says_so()
    {
        Fixture.Coder.Control.Faults.Add(new FaultRule("/api/v2/organizations", Method: "POST", DelayMs: 30_000));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Fixture.Engine.CreateAsync("coder:index:Organization", "acme", Map(("name", "acme")), timeoutSeconds: 1));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the create took {clock.Elapsed}");
        Assert.Contains("did not finish within 1 s, the resource's custom timeout", error.Status.Detail);
        Assert.Contains("customTimeouts (create)", error.Status.Detail);
    }
}

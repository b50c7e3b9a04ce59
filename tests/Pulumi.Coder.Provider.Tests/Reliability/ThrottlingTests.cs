using System.Diagnostics;
using Coder.Double.Control;
using Grpc.Core;
using Pulumi.Coder.Provider.Tests.EndToEnd;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>
/// coderd turning calls away with 429 (its rate limiter) or 503 with Retry-After (a deployment restarting behind its
/// load balancer): the provider waits as long as asked, retries a bounded number of times, and never makes an object
/// twice. Every create call of every declared resource is throttled once, found the same way as the fault matrix's.
/// </summary>
public sealed class ThrottlingTests : IAsyncLifetime
{
    private const int RetryAfterSeconds = 1;

    /// <summary>The client's retries after the first attempt (CoderResilienceOptions.MaxRetryAttempts).</summary>
    private const int MaxRetries = 4;

    private readonly PluginFixture fixture = new(options => options with { JobTiming = new JobTiming(PendingMs: 5, RunningMs: 20, CancelMs: 10) });

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    private DoubleControl Control => fixture.Coder.Control;

    [Fact]
    public async Task Every_create_call_throttled_with_Retry_After_waits_as_asked_and_is_made_once()
    {
        var matrix = new FaultMatrix(fixture);
        var problems = new List<string>();
        var cases = 0;
        foreach (var scenario in ResourceScenarios.All)
        {
            var creates = (await matrix.DiscoverAsync(scenario)).Where(s => s.Phase == Phase.Create).ToList();
            foreach (var (step, index) in creates.Select((s, i) => (s, i)))
            {
                // 429 and 503 in turn over the steps.
                var status = index % 2 == 0 ? 429 : 503;
                cases++;
                Control.Reset();
                using var run = new ScenarioRun(fixture.Engine);
                await scenario.Prerequisites(run);
                Control.Traffic.Clear();
                Control.Faults.Add(new FaultRule(step.Path, step.Method, step.Nth, Status: status, RetryAfterSeconds: RetryAfterSeconds));
                var clock = Stopwatch.StartNew();
                try
                {
                    await fixture.Engine.CreateAsync(scenario.Type, "subject", scenario.Create(run));
                }
                catch (RpcException e)
                {
                    problems.Add($"{scenario} {step} {status}: the create failed: {e.Status.Detail}");
                    continue;
                }
                var calls = Control.Traffic.Exchanges.Where(e => e.Method == step.Method && MutatingSteps.Shape(e.Path) == step.Path).ToList();
                var turnedAway = calls.Count(e => e.Status == status);
                var served = calls.Count(e => e.Status < 400);
                if (clock.Elapsed < TimeSpan.FromSeconds(RetryAfterSeconds))
                    problems.Add($"{scenario} {step} {status}: retried after {clock.Elapsed.TotalMilliseconds:0} ms, before Retry-After: {RetryAfterSeconds}");
                if (turnedAway != 1 || served != step.Nth)
                    problems.Add($"{scenario} {step} {status}: {turnedAway} calls turned away and {served} served (expected 1 and {step.Nth})");
            }
        }
        ReliabilityFigures.Report("throttling", $"throttling {cases} create calls answered 429/503 with Retry-After, " +
            $"{cases - problems.Count} waited and were made once", problems);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_create_throttled_without_end_stops_after_the_bounded_retries_and_made_nothing(int status)
    {
        Control.Faults.Add(new FaultRule("/api/v2/organizations", "POST", Times: 0, Status: status, RetryAfterSeconds: 0));

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Engine.CreateAsync("coder:index:Organization", "acme", Map(("name", "acme"))));

        Assert.Contains(status.ToString(), error.Status.Detail);
        var posts = Control.Traffic.Exchanges.Where(e => e.Method == "POST" && e.Path == "/api/v2/organizations").ToList();
        Assert.Equal(1 + MaxRetries, posts.Count);
        Assert.All(posts, p => Assert.Equal(status, p.Status));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_client_waits_is_surfaced_at_once()
    {
        Control.Faults.Add(new FaultRule("/api/v2/organizations", "POST", Status: 429, RetryAfterSeconds: 3600));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Engine.CreateAsync("coder:index:Organization", "acme", Map(("name", "acme"))));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("429", error.Status.Detail);
        Assert.Single(Control.Traffic.Exchanges, e => e.Method == "POST" && e.Path == "/api/v2/organizations");
    }
}

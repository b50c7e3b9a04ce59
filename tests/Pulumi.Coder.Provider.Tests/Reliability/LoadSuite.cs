using System.Collections.Concurrent;
using System.Diagnostics;
using Coder.Double.Control;
using Pulumi.Coder.Provider.Tests.EndToEnd;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>
/// Item 6 of the reliability suite: as many creates at once as the engine starts by default (its parallelism is
/// unbounded, so every independent resource of a program at once), against a Coder that answers every call 50 ms late.
/// Two identical rounds: no create fails, a round ends within a bound that only thread-pool starvation or serialised
/// calls would break, and the plugin's memory does not grow from the first round to the second.
/// </summary>
[Collection(TimedCollection.Name)]
public sealed class LoadSuite : OwnPluginTest
{
    private const int Creates = 200;
    private const int LatencyMs = 50;

    /// <summary>The Coder calls one group create makes (POST the group, PATCH its members and quota), each waiting
    /// out the latency in turn.</summary>
    private const int CallsPerCreate = 2;

    /// <summary>All creates run at once, so a round ideally takes one create's chain of calls: latency × calls per
    /// create (100 ms). The slack absorbs a shared 2-core CI machine; a thread pool that starves (it adds one or two
    /// threads a second while calls block them) or a provider that serialises calls takes far longer (200 creates ×
    /// 100 ms = 20 s serialised).</summary>
    private static readonly TimeSpan RoundBound = TimeSpan.FromMilliseconds(LatencyMs * CallsPerCreate) * 40 + TimeSpan.FromSeconds(4);

    /// <summary>The first round also warms the plugin up (compiling its code paths, opening 200 connections to Coder),
    /// so its bound is looser; 200 calls blocking the pool would still take minutes.</summary>
    private static readonly TimeSpan WarmUpBound = RoundBound * 3;

    private sealed record Round(int Failures, IReadOnlyList<string> Errors, TimeSpan Elapsed, double P50Ms, double P99Ms, long ResidentBytes, int Threads);

    [Fact]
    public async Task Two_hundred_concurrent_creates_with_50_ms_latency_all_succeed_promptly_with_flat_memory()
    {
        Fixture.Coder.Control.Faults.Add(new FaultRule("/api/v2/**", Times: 0, DelayMs: LatencyMs));

        var threadsBefore = Fixture.Plugin.ThreadCount();
        var first = await RoundAsync("first");
        var second = await RoundAsync("second");

        var summary = $"load {Creates} concurrent group creates at {LatencyMs} ms latency, twice: " +
            $"{first.Failures + second.Failures} failures, round {first.Elapsed.TotalSeconds:F1} s / {second.Elapsed.TotalSeconds:F1} s " +
            $"(bounds {WarmUpBound.TotalSeconds:F0} s / {RoundBound.TotalSeconds:F0} s), second round p50/p99 {second.P50Ms:F0}/{second.P99Ms:F0} ms, " +
            $"plugin RSS {first.ResidentBytes / 1048576} MiB after the first round, {second.ResidentBytes / 1048576} MiB after the second, " +
            $"plugin threads {threadsBefore} → {first.Threads} → {second.Threads}";
        ReliabilityFigures.Report(summary);
        Assert.True(first.Failures + second.Failures == 0, $"{summary}\n{string.Join("\n", first.Errors.Concat(second.Errors).Distinct().Take(5))}");
        Assert.True(first.Elapsed < WarmUpBound && second.Elapsed < RoundBound, $"a round took too long: {summary}");
        Assert.True(second.ResidentBytes <= first.ResidentBytes * 3 / 2, $"the plugin's memory grew: {summary}");
        Assert.Equal(2 * Creates, Fixture.Coder.Control.Traffic.Exchanges.Count(e => e.Method == "POST" && e.Path.EndsWith("/groups", StringComparison.Ordinal)));
    }

    private async Task<Round> RoundAsync(string round)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Creates).Select(async i =>
        {
            var one = Stopwatch.StartNew();
            try
            {
                var name = $"load-{round}-{i}";
                await Fixture.Engine.CreateAsync("coder:index:Group", name, Map(("name", name)));
                latencies.Add(one.Elapsed.TotalMilliseconds);
            }
            catch (Exception e)
            {
                errors.Add(e.Message);
            }
        }));
        clock.Stop();
        var sorted = latencies.Order().ToList();
        return new Round(errors.Count, [.. errors], clock.Elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99), Fixture.Plugin.ResidentBytes(), Fixture.Plugin.ThreadCount());
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

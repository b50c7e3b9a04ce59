using System.Diagnostics;
using Coder.Client.Jobs;
using Coder.Client.Models;

namespace Pulumi.Coder.Bench;

/// <summary>
/// How long after a provisioner job finishes the waiter notices (goal: 100 ms or less). Each simulated job ends at a
/// random moment between 0.2 and 3 s after it starts, stays quiet (no log lines) meanwhile — the worst case for
/// adaptive polling — and answers each status request after a 2 ms round trip.
/// </summary>
public static class JobLatencyBenchmark
{
    private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(2);

    public static async Task<IReadOnlyList<string>> RunAsync(int jobs)
    {
        var waiter = new ProvisionerJobWaiter();
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        foreach (var batch in Enumerable.Range(0, jobs).Chunk(10))
            latencies.AddRange(await Task.WhenAll(batch.Select(_ => MeasureAsync(waiter, clock))));
        latencies.Sort();
        return
        [
            $"job completion noticed after (quiet jobs of 0.2 to 3 s, {jobs} jobs): median {latencies[latencies.Count / 2]:F0} ms, " +
            $"95th percentile {latencies[(int)(latencies.Count * 0.95)]:F0} ms, max {latencies[^1]:F0} ms (goal: 100 ms)",
        ];
    }

    private static async Task<double> MeasureAsync(ProvisionerJobWaiter waiter, Stopwatch clock)
    {
        var finishesAt = clock.Elapsed + TimeSpan.FromMilliseconds(Random.Shared.Next(200, 3000));
        var source = new ProvisionerJobSource(
            "simulated job",
            async ct =>
            {
                await Task.Delay(RoundTrip, ct);
                return new ProvisionerJob { Status = clock.Elapsed >= finishesAt ? ProvisionerJobStatus.Succeeded : ProvisionerJobStatus.Running };
            },
            async (_, ct) =>
            {
                await Task.Delay(RoundTrip, ct);
                return [];
            },
            _ => Task.CompletedTask);
        await waiter.WaitAsync(source);
        return (clock.Elapsed - finishesAt).TotalMilliseconds;
    }
}

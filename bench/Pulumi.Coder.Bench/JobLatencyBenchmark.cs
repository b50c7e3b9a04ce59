using Coder.Client;
using Coder.Client.Archives;
using Coder.Client.Jobs;
using Coder.Client.Models;
using Coder.Double;
using Coder.Double.Control;
using Coder.Double.Model;

namespace Pulumi.Coder.Bench;

/// <summary>
/// How soon after a provisioner job completes the waiter notices (goal: 10 ms at the 95th percentile), and how many
/// requests it sends per second of waiting (goal: 1 or fewer). Measured through the client's
/// <see cref="ProvisionerJobWaiter"/> (what every resource's create/update/delete calls) against template version
/// imports the Coder double runs over real loopback sockets with coderd's default rate limits, each running a random
/// 1 to 4 s. Side by side in the same run, the baseline: the same waiter on jobs whose log-stream upgrade the double
/// refuses (a proxy without WebSockets), so that it polls, as every job did before it followed the stream. Latency is
/// the moment the waiter returns minus the job's <c>completed_at</c>; requests are those the double saw for the job
/// from its creation's answer on.
/// </summary>
public static class JobLatencyBenchmark
{
    private sealed record Sample(Guid VersionId, bool Streamed, double LatencyMs, double WaitSeconds, int Requests = 0);

    public static async Task<IReadOnlyList<string>> RunAsync(int jobs)
    {
        await using var coder = await CoderDouble.StartOnLoopbackAsync(0, new CoderDoubleOptions { FilesRateLimit = 0 });
        using var client = CoderClient.Create(new CoderClientOptions { BaseUrl = coder.BaseAddress, SessionToken = coder.SessionToken });
        var organization = coder.Seed.DefaultOrganizationId.ToString();
        using var template = await TemplateArchive.FromFiles([TemplateFile.Text("main.tf", "# benchmark\n")]).BuildAsync();
        var file = await client.Files.UploadTarAsync(template.Content);
        var waiter = new ProvisionerJobWaiter();

        // Warm-up of both paths: JIT and connections.
        await Task.WhenAll(
            MeasureAsync(client, coder, waiter, organization, file.Hash, streamed: true, durationMs: 50),
            MeasureAsync(client, coder, waiter, organization, file.Hash, streamed: false, durationMs: 50));

        // Each batch runs half its jobs streamed and half polled at the same time, so both see the same machine.
        var samples = new List<Sample>();
        foreach (var batch in Enumerable.Range(0, jobs * 2).Chunk(10))
        {
            samples.AddRange(await Task.WhenAll(batch.Select(i =>
                MeasureAsync(client, coder, waiter, organization, file.Hash, streamed: i % 2 == 0, Random.Shared.Next(1000, 4000)))));
        }

        // The double records a stream's exchange once its connection has closed, just after the waiter returned.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var exchanges = coder.Control.Traffic.Exchanges;
        samples = samples.Select(s => s with { Requests = exchanges.Count(e => e.Path.Contains(s.VersionId.ToString(), StringComparison.Ordinal)) }).ToList();

        var streamed = samples.Where(s => s.Streamed).ToList();
        var polled = samples.Where(s => !s.Streamed).ToList();
        var (streamP50, streamP95) = Percentiles(streamed);
        var (pollP50, pollP95) = Percentiles(polled);
        var streamRate = RequestsPerSecond(streamed);
        var pollRate = RequestsPerSecond(polled);
        return
        [
            $"job completion noticed, p95 (through the client; {jobs} imports of 1-4 s followed on their log stream, beside {jobs} polled): " +
            $"{streamP95:F1} ms (p50 {streamP50:F1}) vs polling {pollP95:F1} ms (p50 {pollP50:F1}), ratio {streamP95 / pollP95:F2}, " +
            $"goal <= 10 ms: {(streamP95 <= 10 ? "met" : "not met")}",
            $"requests per second per job while waiting (same jobs): {streamRate:F2} " +
            $"({streamed.Average(s => s.Requests):F1} per job) vs polling {pollRate:F2} ({polled.Average(s => s.Requests):F1} per job), " +
            $"ratio {streamRate / pollRate:F3}, goal <= 1: {(streamRate <= 1 ? "met" : "not met")}",
        ];
    }

    private static (double P50, double P95) Percentiles(List<Sample> samples)
    {
        var sorted = samples.Select(s => s.LatencyMs).Order().ToList();
        return (sorted[sorted.Count / 2], sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1]);
    }

    private static double RequestsPerSecond(List<Sample> samples) => samples.Sum(s => s.Requests) / samples.Sum(s => s.WaitSeconds);

    private static async Task<Sample> MeasureAsync(
        CoderClient client, CoderDouble coder, ProvisionerJobWaiter waiter, string organization, Guid fileId, bool streamed, int durationMs)
    {
        coder.Control.Jobs.Enqueue(JobKinds.Import, new JobOutcome(DurationMs: durationMs));
        var version = await client.TemplateVersions.CreateAsync(organization, new CreateTemplateVersionRequest
        {
            FileId = fileId,
            Provisioner = ProvisionerType.Terraform,
            StorageMethod = ProvisionerStorageMethod.File,
        });
        if (!streamed)
        {
            coder.Control.Faults.Add(new FaultRule($"/api/v2/templateversions/{version.Id}/logs", "GET", Times: 0, Status: 502, WebSocket: true));
        }

        var waitStarted = DateTimeOffset.UtcNow;
        var job = await waiter.WaitAsync(ProvisionerJobSource.TemplateVersionImport(client, version.Id));
        var noticedAt = DateTimeOffset.UtcNow;
        return new Sample(version.Id, streamed, (noticedAt - job.CompletedAt!.Value).TotalMilliseconds, (noticedAt - waitStarted).TotalSeconds);
    }
}

using Coder.Client;
using Coder.Client.Archives;
using Coder.Client.Jobs;
using Coder.Client.Models;
using Coder.Double;
using Coder.Double.Control;
using Coder.Double.Model;

namespace Pulumi.Coder.Bench;

/// <summary>
/// How long after a provisioner job completes the waiter notices (goal: 100 ms or less). The jobs are template
/// version imports run by the Coder double over real loopback HTTP with coderd's default rate limits, each running a
/// random 0.2 to 3 s; latency is the moment the waiter returns minus the job's <c>completed_at</c>.
/// </summary>
public static class JobLatencyBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(int jobs)
    {
        await using var coder = await CoderDouble.StartOnLoopbackAsync(0, new CoderDoubleOptions { FilesRateLimit = 0 });
        using var client = CoderClient.Create(new CoderClientOptions { BaseUrl = coder.BaseAddress, SessionToken = coder.SessionToken });
        var organization = coder.Seed.DefaultOrganizationId.ToString();
        using var template = await TemplateArchive.FromFiles([TemplateFile.Text("main.tf", "# benchmark\n")]).BuildAsync();
        var file = await client.Files.UploadTarAsync(template.Content);
        var waiter = new ProvisionerJobWaiter();

        // Warm-up: JIT and connections.
        await MeasureAsync(client, coder, waiter, organization, file.Hash, durationMs: 50);

        var latencies = new List<double>();
        foreach (var batch in Enumerable.Range(0, jobs).Chunk(10))
        {
            latencies.AddRange(await Task.WhenAll(batch.Select(_ =>
                MeasureAsync(client, coder, waiter, organization, file.Hash, Random.Shared.Next(200, 3000)))));
        }
        latencies.Sort();
        return
        [
            $"job completion noticed after (template imports of 0.2 to 3 s on the double over loopback, {jobs} jobs, 10 at a time): " +
            $"median {latencies[latencies.Count / 2]:F0} ms, 95th percentile {latencies[(int)(latencies.Count * 0.95)]:F0} ms, " +
            $"max {latencies[^1]:F0} ms (goal: 100 ms)",
        ];
    }

    private static async Task<double> MeasureAsync(
        CoderClient client, CoderDouble coder, ProvisionerJobWaiter waiter, string organization, Guid fileId, int durationMs)
    {
        coder.Control.Jobs.Enqueue(JobKinds.Import, new JobOutcome(DurationMs: durationMs));
        var version = await client.TemplateVersions.CreateAsync(organization, new CreateTemplateVersionRequest
        {
            FileId = fileId,
            Provisioner = ProvisionerType.Terraform,
            StorageMethod = ProvisionerStorageMethod.File,
        });
        var job = await waiter.WaitAsync(ProvisionerJobSource.TemplateVersionImport(client, version.Id));
        var noticedAt = DateTimeOffset.UtcNow;
        return (noticedAt - job.CompletedAt!.Value).TotalMilliseconds;
    }
}

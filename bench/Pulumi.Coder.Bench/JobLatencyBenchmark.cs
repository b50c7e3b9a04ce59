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
public sealed class JobLatencyBenchmark : IBenchmark
{
    private const int Jobs = 50;

    public int Order => 70;
    public string Name => "jobs";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context, CancellationToken ct)
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
        foreach (var batch in Enumerable.Range(0, Jobs).Chunk(10))
        {
            latencies.AddRange(await Task.WhenAll(batch.Select(_ =>
                MeasureAsync(client, coder, waiter, organization, file.Hash, Random.Shared.Next(200, 3000)))));
        }
        var p95 = Sample.Percentile(latencies, 0.95);
        return
        [
            new BenchRow($"job completion noticed by the client's waiter, p95 ({Jobs} imports of 0.2–3 s, 10 at a time; median " +
                $"{Sample.Ms(Sample.Median(latencies))})", Sample.Ms(p95), "—", null, "≤ 100 ms", p95 <= 100),
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

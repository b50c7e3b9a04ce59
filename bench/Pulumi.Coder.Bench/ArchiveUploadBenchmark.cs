using System.Diagnostics;
using Coder.Client;
using Coder.Client.Archives;
using Coder.Double;

namespace Pulumi.Coder.Bench;

/// <summary>
/// A template folder of a few Terraform files beside a 300 MB <c>.terraform/</c> folder (providers a `terraform init`
/// left behind): archive it and upload it to Coder. The ignored folder must never be read, so memory stays flat and
/// the bytes read stay near the archive's size.
/// </summary>
public sealed class ArchiveUploadBenchmark : IBenchmark
{
    public int Order => 60;
    public string Name => "archive";

    private const int TerraformFolderMiB = 300;

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context, CancellationToken ct)
    {
        var iterations = context.Runs;
        var template = PrepareTemplate();
        await using var coder = await CoderDouble.StartOnLoopbackAsync(0, new CoderDoubleOptions { FilesRateLimit = 0, ApiRateLimit = 0 });
        using var client = CoderClient.Create(new CoderClientOptions { BaseUrl = coder.BaseAddress, SessionToken = coder.SessionToken });

        // Warm-up: JIT, connection pool, the double's first request.
        await UploadAsync(client, template);

        var times = new List<double>();
        long peakOverBaseline = 0, bytesRead = 0, archiveBytes = 0;
        for (var i = 0; i < iterations; i++)
        {
            await using var sampler = MemorySampler.Start();
            var clock = Stopwatch.StartNew();
            archiveBytes = await UploadAsync(client, template);
            times.Add(clock.Elapsed.TotalMilliseconds);
            peakOverBaseline = Math.Max(peakOverBaseline, sampler.PeakOverBaseline);
            bytesRead = Math.Max(bytesRead, sampler.BytesReadSinceStart());
        }
        const long goal = 64L * 1024 * 1024;
        var figure = $"template beside a {TerraformFolderMiB} MiB .terraform/: archive ({archiveBytes / 1024.0:F1} KiB) + upload";
        return
        [
            new BenchRow(figure + ", median time", Sample.Ms(Sample.Median(times)), "—", null, "—", true),
            new BenchRow(figure + ", peak memory over idle", $"{peakOverBaseline / 1048576.0:F1} MiB", "—", null, "< 64 MiB", peakOverBaseline < goal),
            new BenchRow(figure + ", bytes read", $"{bytesRead / 1048576.0:F2} MiB", "—", null, "< 1 MiB (.terraform/ never opened)", bytesRead < 1048576),
        ];
    }

    private static async Task<long> UploadAsync(CoderClient client, string template)
    {
        var archive = TemplateArchive.FromDirectory(template);
        using var content = await archive.BuildAsync();
        await client.Files.UploadTarAsync(content.Content);
        return content.Length;
    }

    private static string PrepareTemplate()
    {
        var root = Path.Combine(Path.GetTempPath(), "pulumi-coder-bench-template");
        var terraform = Path.Combine(root, ".terraform", "providers", "registry.terraform.io", "coder", "coder");
        Directory.CreateDirectory(terraform);
        File.WriteAllText(Path.Combine(root, "main.tf"), "terraform {\n  required_providers {\n    coder = { source = \"coder/coder\" }\n  }\n}\n" +
            string.Concat(Enumerable.Range(0, 200).Select(i => $"# line {i} of a realistic template\n")));
        File.WriteAllText(Path.Combine(root, "variables.tf"), "variable \"region\" { default = \"eu\" }\n");
        File.WriteAllText(Path.Combine(root, ".terraform.lock.hcl"), "# lock file: kept by Coder's rules\n");
        Directory.CreateDirectory(Path.Combine(root, "modules", "agent"));
        File.WriteAllText(Path.Combine(root, "modules", "agent", "main.tf"), "resource \"coder_agent\" \"main\" {}\n");
        var chunk = new byte[1024 * 1024];
        Random.Shared.NextBytes(chunk);
        for (var i = 0; i < TerraformFolderMiB / 10; i++)
        {
            var provider = Path.Combine(terraform, $"provider-{i:D2}.bin");
            if (File.Exists(provider) && new FileInfo(provider).Length == 10 * chunk.Length) continue;
            using var file = File.Create(provider);
            for (var mb = 0; mb < 10; mb++) file.Write(chunk);
        }
        return root;
    }
}

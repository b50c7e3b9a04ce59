using System.Collections.Immutable;
using System.Diagnostics;
using Coder.Client;
using Coder.Client.Archives;
using Coder.Double;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;

namespace Pulumi.Coder.Bench;

/// <summary>
/// A real-world template folder: about 1 MB of template files (Terraform, scripts, a README, a few assets) beside a
/// 300 MB <c>.terraform/</c> of provider binaries that `terraform init` left behind and a <c>.git/</c>. Archiving and
/// uploading it must cost what the template files alone cost (the same files in a folder of their own, side by side),
/// never reading the ignored folders, so memory stays flat and the bytes read stay near the files' size. And the
/// plugin's Check of the unchanged folder — what every `pulumi preview` pays per template — must stay cheap.
/// </summary>
public sealed class ArchiveUploadBenchmark : IBenchmark
{
    public int Order => 60;
    public string Name => "archive";

    private const int TerraformFolderMiB = 300;
    private const int GitFolderMiB = 50;

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context, CancellationToken ct)
    {
        var iterations = context.Runs;
        var (template, filesAlone) = PrepareTemplate();
        await using var coder = await CoderDouble.StartOnLoopbackAsync(0, new CoderDoubleOptions { FilesRateLimit = 0, ApiRateLimit = 0 });
        using var client = CoderClient.Create(new CoderClientOptions { BaseUrl = coder.BaseAddress, SessionToken = coder.SessionToken });

        // Warm-up: JIT, connection pool, the double's first request.
        await UploadAsync(client, template);
        await UploadAsync(client, filesAlone);

        var times = new List<double>();
        var aloneTimes = new List<double>();
        long peakOverBaseline = 0, bytesRead = 0, archiveBytes = 0;
        for (var i = 0; i < iterations; i++)
        {
            // Alternately first, so that neither always follows the other.
            if (i % 2 == 1) aloneTimes.Add(await TimeUploadAsync(client, filesAlone));
            await using (var sampler = MemorySampler.Start())
            {
                var clock = Stopwatch.StartNew();
                archiveBytes = await UploadAsync(client, template);
                times.Add(clock.Elapsed.TotalMilliseconds);
                peakOverBaseline = Math.Max(peakOverBaseline, sampler.PeakOverBaseline);
                bytesRead = Math.Max(bytesRead, sampler.BytesReadSinceStart());
            }
            if (i % 2 == 0) aloneTimes.Add(await TimeUploadAsync(client, filesAlone));
        }
        var filesBytes = Directory.EnumerateFiles(filesAlone, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var (check, oneFileCheck) = await CheckTimesAsync(context, coder, template, iterations, ct);

        const long goal = 64L * 1024 * 1024;
        var figure = $"template ({filesBytes / 1048576.0:F1} MiB of files) beside a {TerraformFolderMiB} MiB .terraform/ and a {GitFolderMiB} MiB .git/: " +
            $"archive ({archiveBytes / 1048576.0:F2} MiB) + upload";
        var (median, aloneMedian) = (Sample.Median(times), Sample.Median(aloneTimes));
        return
        [
            new BenchRow(figure + ", median time", Sample.Ms(median), Sample.Ms(aloneMedian) + " (the same files alone)", median / aloneMedian, "≤ 1.2×",
                median / aloneMedian <= 1.2),
            new BenchRow(figure + ", peak memory over idle", $"{peakOverBaseline / 1048576.0:F1} MiB", "—", null, "< 64 MiB", peakOverBaseline < goal),
            new BenchRow(figure + ", bytes read", $"{bytesRead / 1048576.0:F2} MiB", $"{filesBytes / 1048576.0:F2} MiB (the template files)",
                (double)bytesRead / filesBytes, "< 3× the files (the ignored 350 MiB never opened)", bytesRead < 3 * filesBytes),
            new BenchRow("Check of that template, unchanged, through the plugin (a second `pulumi preview`), median", Sample.Ms(check),
                Sample.Ms(oneFileCheck) + " (a one-file template)", check / oneFileCheck, "≤ 20 ms", check <= 20),
        ];
    }

    /// <summary>Check of a Template whose source is the folder, with the inputs the previous Check returned as the olds
    /// (what the engine sends on every preview after the first), timed on the NativeAOT plugin; beside it the same for
    /// a folder of one file.</summary>
    private static async Task<(double Folder, double OneFile)> CheckTimesAsync(BenchContext context, CoderDouble coder, string template, int runs, CancellationToken ct)
    {
        var oneFile = Directory.CreateTempSubdirectory("pulumi-coder-bench-one-file-").FullName;
        File.WriteAllText(Path.Combine(oneFile, "main.tf"), "resource \"null_resource\" \"dev\" {}\n");
        await using var plugin = await ProviderProcess.StartAsync(context.Plugin);
        var engine = new EngineDriver(plugin, stack: "archive");
        await engine.ConfigureAsync(Benchmarks.ProviderConfig(coder));
        async Task<List<double>> TimeAsync(string name, string folder)
        {
            var inputs = ImmutableDictionary<string, PropertyValue>.Empty
                .Add("name", new PropertyValue(name))
                .Add("source", WireValues.FileArchive(folder));
            var olds = (await engine.CheckAsync("coder:index:Template", name, inputs)).Inputs;
            var times = new List<double>();
            for (var i = 0; i < runs + 1; i++)
            {
                var clock = Stopwatch.StartNew();
                var check = await engine.CheckAsync("coder:index:Template", name, inputs, olds);
                if (check.Failures.Count > 0) throw new InvalidOperationException(string.Join("; ", check.Failures.Select(f => f.Reason)));
                if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds);
            }
            return times;
        }
        var folderTimes = await TimeAsync("real-world", template);
        var oneFileTimes = await TimeAsync("one-file", oneFile);
        Directory.Delete(oneFile, recursive: true);
        return (Sample.Median(folderTimes), Sample.Median(oneFileTimes));
    }

    private static async Task<double> TimeUploadAsync(CoderClient client, string template)
    {
        var clock = Stopwatch.StartNew();
        await UploadAsync(client, template);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<long> UploadAsync(CoderClient client, string template)
    {
        var archive = TemplateArchive.FromDirectory(template);
        using var content = await archive.BuildAsync();
        await client.Files.UploadTarAsync(content.Content);
        return content.Length;
    }

    /// <summary>The folder with the ignored content beside it, and the same template files in a folder of their own.</summary>
    private static (string Template, string FilesAlone) PrepareTemplate()
    {
        var root = Path.Combine(Path.GetTempPath(), "pulumi-coder-bench-template");
        var alone = Path.Combine(Path.GetTempPath(), "pulumi-coder-bench-template-files");
        var random = new Random(14);
        foreach (var folder in new[] { root, alone }) WriteTemplateFiles(folder, random = new Random(14));
        Fill(Path.Combine(root, ".terraform", "providers", "registry.terraform.io", "coder", "coder"), "provider", TerraformFolderMiB, random);
        Fill(Path.Combine(root, ".git", "objects", "pack"), "pack", GitFolderMiB, random);
        File.WriteAllText(Path.Combine(root, ".git", "HEAD"), "ref: refs/heads/main\n");
        return (root, alone);
    }

    /// <summary>About 1 MB of what a template repository holds: Terraform files, modules, scripts, a README and a few
    /// assets (the same bytes every time, so that both folders hold the same files).</summary>
    private static void WriteTemplateFiles(string root, Random random)
    {
        Directory.CreateDirectory(Path.Combine(root, "modules", "agent"));
        Directory.CreateDirectory(Path.Combine(root, "scripts"));
        Directory.CreateDirectory(Path.Combine(root, "assets"));
        File.WriteAllText(Path.Combine(root, "main.tf"), "terraform {\n  required_providers {\n    coder = { source = \"coder/coder\" }\n  }\n}\n" +
            string.Concat(Enumerable.Range(0, 2000).Select(i => $"# line {i} of a realistic template\n")));
        File.WriteAllText(Path.Combine(root, "variables.tf"), string.Concat(Enumerable.Range(0, 200).Select(i => $"variable \"v{i}\" {{ default = \"{i}\" }}\n")));
        File.WriteAllText(Path.Combine(root, ".terraform.lock.hcl"), "# lock file: kept by Coder's rules\n");
        File.WriteAllText(Path.Combine(root, "modules", "agent", "main.tf"), "resource \"coder_agent\" \"main\" {}\n");
        for (var i = 0; i < 10; i++)
            File.WriteAllText(Path.Combine(root, "scripts", $"setup-{i}.sh"), "#!/bin/sh\n" + string.Concat(Enumerable.Range(0, 300).Select(l => $"echo step {l}\n")));
        File.WriteAllText(Path.Combine(root, "README.md"), "# Template\n\n" + string.Concat(Enumerable.Range(0, 500).Select(l => $"Paragraph {l} of the documentation.\n")));
        var asset = new byte[256 * 1024];
        for (var i = 0; i < 3; i++)
        {
            random.NextBytes(asset);
            File.WriteAllBytes(Path.Combine(root, "assets", $"image-{i}.png"), asset);
        }
    }

    /// <summary>Files of 10 MiB of random bytes, <paramref name="mebibytes"/> in all (kept between runs).</summary>
    private static void Fill(string folder, string prefix, int mebibytes, Random random)
    {
        Directory.CreateDirectory(folder);
        var chunk = new byte[1024 * 1024];
        random.NextBytes(chunk);
        for (var i = 0; i < mebibytes / 10; i++)
        {
            var path = Path.Combine(folder, $"{prefix}-{i:D2}.bin");
            if (File.Exists(path) && new FileInfo(path).Length == 10 * chunk.Length) continue;
            using var file = File.Create(path);
            for (var mb = 0; mb < 10; mb++) file.Write(chunk);
        }
    }
}

using System.Collections.Immutable;
using Coder.Client;
using Coder.Double;
using Coder.Double.Control;
using Coder.Double.Model;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;

namespace Pulumi.Coder.Bench;

/// <summary>
/// How soon after a template version's import job completes the plugin's Create returns (goal: 10 ms at the 95th
/// percentile), and how many requests it sends per second while the job runs (goal: 1 or fewer). Measured through
/// the published plugin, driven over gRPC as the engine drives it, against a Coder double on loopback running each
/// import a random 1 to 4 s, 10 creates at a time. Side by side in the same run, the baseline: a second plugin
/// against a second double whose proxy refuses WebSocket upgrades, so that it polls, as every job did before the
/// plugin followed coderd's log stream. Latency is the moment Create returns minus the job's <c>completed_at</c>
/// (both clocks are this process's); requests are those on the version's paths received between the job's
/// <c>created_at</c> and <c>completed_at</c>.
/// </summary>
public sealed class JobLatencyBenchmark : IBenchmark
{
    private const int JobsPerSide = 25;

    public int Order => 70;
    public string Name => "jobs";

    private sealed record Job(Guid VersionId, double LatencyMs, double RunSeconds, int Requests);

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context, CancellationToken ct)
    {
        await using var streamed = await Side.StartAsync(context.Plugin, refuseWebSockets: false);
        await using var polled = await Side.StartAsync(context.Plugin, refuseWebSockets: true);

        // Warm-up of both: JIT, connections, the file upload.
        await Task.WhenAll(streamed.CreateVersionAsync(50), polled.CreateVersionAsync(50));

        // Each batch runs five creates on each side at the same time, so both see the same machine.
        var started = new List<(Side Side, Task<(Guid Id, DateTimeOffset ReturnedAt)> Create)>();
        var results = new List<(Side Side, Guid Id, DateTimeOffset ReturnedAt)>();
        for (var batch = 0; batch < JobsPerSide / 5; batch++)
        {
            var creates = Enumerable.Range(0, 10)
                .Select(i => i % 2 == 0 ? streamed : polled)
                .Select(side => (side, create: side.CreateVersionAsync(Random.Shared.Next(1000, 4000))))
                .ToList();
            await Task.WhenAll(creates.Select(c => c.create));
            results.AddRange(creates.Select(c => (c.side, c.create.Result.Id, c.create.Result.ReturnedAt)));
        }

        // A followed stream is recorded when its connection closes, just after Create returned.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var jobs = new Dictionary<Side, List<Job>> { [streamed] = [], [polled] = [] };
        foreach (var (side, id, returnedAt) in results) jobs[side].Add(await side.MeasureAsync(id, returnedAt, ct));

        var streamP95 = Sample.Percentile(jobs[streamed].Select(j => j.LatencyMs), 0.95);
        var pollP95 = Sample.Percentile(jobs[polled].Select(j => j.LatencyMs), 0.95);
        var streamRate = RequestsPerSecond(jobs[streamed]);
        var pollRate = RequestsPerSecond(jobs[polled]);
        return
        [
            new BenchRow($"template version Create returns after its import job completes, p95 ({JobsPerSide} imports of 1–4 s " +
                $"followed on coderd's log stream; median {Sample.Ms(Sample.Median(jobs[streamed].Select(j => j.LatencyMs)))})",
                Sample.Ms(streamP95), $"{Sample.Ms(pollP95)} (the same, WebSocket refused: polling)", streamP95 / pollP95,
                "≤ 10 ms", streamP95 <= 10),
            new BenchRow("requests per second per job while it runs (same jobs)", $"{streamRate:0.00}",
                $"{pollRate:0.00} (polling)", streamRate / pollRate, "≤ 1", streamRate <= 1),
        ];
    }

    private static double RequestsPerSecond(List<Job> jobs) => jobs.Sum(j => j.Requests) / jobs.Sum(j => j.RunSeconds);

    /// <summary>One plugin configured against its own double, with one template to add versions to.</summary>
    private sealed class Side : IAsyncDisposable
    {
        private static readonly PropertyValue Source = WireValues.AssetArchive(
            ImmutableDictionary<string, PropertyValue>.Empty.Add("main.tf", WireValues.StringAsset("# benchmark\n")));

        private readonly CoderDouble coder;
        private readonly ProviderProcess plugin;
        private readonly EngineDriver engine;
        private readonly CoderClient client;
        private string templateId = "";
        private int versions;

        private Side(CoderDouble coder, ProviderProcess plugin)
        {
            this.coder = coder;
            this.plugin = plugin;
            engine = new EngineDriver(plugin, stack: "bench");
            client = CoderClient.Create(new CoderClientOptions { BaseUrl = coder.BaseAddress, SessionToken = coder.SessionToken });
        }

        public static async Task<Side> StartAsync(string binary, bool refuseWebSockets)
        {
            var coder = await CoderDouble.StartOnLoopbackAsync(0, new CoderDoubleOptions { FilesRateLimit = 0 });
            if (refuseWebSockets)
                coder.Control.Faults.Add(new FaultRule("/api/v2/templateversions/*/logs", "GET", Times: 0, Status: 502, WebSocket: true));
            var side = new Side(coder, await ProviderProcess.StartAsync(binary));
            await side.engine.ConfigureAsync(Benchmarks.ProviderConfig(coder));
            var template = await side.engine.CreateAsync("coder:index:Template", "bench", ImmutableDictionary<string, PropertyValue>.Empty
                .Add("name", new PropertyValue("bench"))
                .Add("source", Source));
            side.templateId = template.Id;
            return side;
        }

        /// <summary>Check → Create of a new version whose import runs <paramref name="durationMs"/>.</summary>
        public async Task<(Guid Id, DateTimeOffset ReturnedAt)> CreateVersionAsync(int durationMs)
        {
            coder.Control.Jobs.Enqueue(JobKinds.Import, new JobOutcome(DurationMs: durationMs));
            var name = $"v{Interlocked.Increment(ref versions)}";
            var version = await engine.CreateAsync("coder:index:TemplateVersion", name, ImmutableDictionary<string, PropertyValue>.Empty
                .Add("templateId", new PropertyValue(templateId))
                .Add("source", Source)
                .Add("active", new PropertyValue(false)));
            return (Guid.Parse(version.Id), DateTimeOffset.UtcNow);
        }

        public async Task<Job> MeasureAsync(Guid versionId, DateTimeOffset returnedAt, CancellationToken ct)
        {
            var job = (await client.TemplateVersions.GetAsync(versionId, ct)).Job;
            var completedAt = job.CompletedAt ?? throw new InvalidOperationException($"version {versionId}'s job has not completed");
            var id = versionId.ToString();
            var requests = coder.Control.Traffic.Exchanges.Count(e =>
                e.Path.Contains(id, StringComparison.Ordinal) && e.ReceivedAt >= job.CreatedAt && e.ReceivedAt <= completedAt);
            return new Job(versionId, (returnedAt - completedAt).TotalMilliseconds, (completedAt - job.CreatedAt).TotalSeconds, requests);
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await plugin.DisposeAsync();
            await coder.DisposeAsync();
        }
    }
}

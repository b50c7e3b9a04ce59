using System.Collections.Immutable;
using System.Diagnostics;
using Coder.Double;
using Google.Protobuf;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.EngineHarness.Wire;
using Pulumi.Experimental;

namespace Pulumi.Coder.Bench;

/// <summary>
/// What `pulumi preview` waits for after the port line, before anything else: GetSchema, CheckConfig, Configure and
/// the first Check, each timed on a freshly started plugin (both builds) and on the empty provider (interleaved, median of the
/// runs). Configure includes the plugin's entitlements call to the loopback double; its baseline is that call made
/// directly on a new connection.
/// </summary>
public sealed class FirstCallBenchmark : IBenchmark
{
    private static readonly string[] Calls = ["GetSchema", "CheckConfig", "Configure", "Check"];
    private const string ResidentMiB = "resident MiB";

    public int Order => 20;
    public string Name => "first-call";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context, CancellationToken ct)
    {
        await using var coder = await CoderDouble.StartOnLoopbackAsync(0, new CoderDoubleOptions());
        string[] binaries = [.. context.PluginBuilds.Select(b => b.Path), context.EmptyProvider];
        var times = binaries.ToDictionary(b => b, _ => Calls.Append(ResidentMiB).ToDictionary(c => c, _ => new List<double>()));
        var entitlements = new List<double>();
        foreach (var binary in binaries) await FirstCallsAsync(binary, coder, ct); // warm-up: page cache
        for (var run = 0; run < context.Runs; run++)
        {
            foreach (var binary in binaries)
            {
                foreach (var (figure, value) in await FirstCallsAsync(binary, coder, ct)) times[binary][figure].Add(value);
            }
            entitlements.Add(await DirectEntitlementsAsync(coder, ct));
        }
        var empty = times[context.EmptyProvider];
        var direct = Sample.Median(entitlements);
        var rows = new List<BenchRow>();
        foreach (var (build, path) in context.PluginBuilds)
        {
            foreach (var call in Calls)
            {
                var ours = Sample.Median(times[path][call]);
                var baseline = Sample.Median(empty[call]);
                rows.Add(call == "Configure"
                    ? new BenchRow($"first Configure (with GET /entitlements on the double), {build}", Sample.Ms(ours),
                        $"{Sample.Ms(direct)} (GET /entitlements with HttpClient, new connection; empty provider's Configure {Sample.Ms(baseline)})",
                        ours / direct, $"≤ {Sample.Ms(direct + 5)} (baseline + 5 ms)", ours <= direct + 5)
                    : new BenchRow($"first {call} after the port line, {build}", Sample.Ms(ours), Sample.Ms(baseline) + " (empty provider)",
                        ours / baseline, "≤ 1.2×", ours / baseline <= 1.2));
            }
        }
        // Idle memory: what the plugin holds once configured, as it then waits for the engine (item 7 of issue 14).
        var emptyResident = Sample.Median(empty[ResidentMiB]);
        foreach (var (build, path) in context.PluginBuilds)
        {
            var resident = Sample.Median(times[path][ResidentMiB]);
            rows.Add(new BenchRow($"resident memory after Configure and a first Check, {build}", $"{resident:0.0} MiB",
                $"{emptyResident:0.0} MiB (empty provider)", resident / emptyResident, "≤ 60 MB", resident * 1.048576 <= 60));
        }
        return rows;
    }

    /// <summary>Starts the binary and times its first GetSchema, CheckConfig, Configure and Check, in the engine's order.</summary>
    private static async Task<Dictionary<string, double>> FirstCallsAsync(string binary, CoderDouble coder, CancellationToken ct)
    {
        await using var process = await ProviderProcess.StartAsync(binary);
        var client = process.Client;
        // The channel's HTTP/2 connection, which the engine has open before it asks for anything.
        await client.GetPluginInfoAsync(new Google.Protobuf.WellKnownTypes.Empty(), cancellationToken: ct);
        var config = Benchmarks.ProviderConfig(coder);
        var times = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        await client.GetSchemaAsync(new GetSchemaRequest(), cancellationToken: ct);
        times["GetSchema"] = Lap(clock);
        var checkedConfig = await client.CheckConfigAsync(new CheckRequest
        {
            Urn = "urn:pulumi:bench::coder::pulumi:providers:coder::default",
            Name = "default",
            Type = "pulumi:providers:coder",
            News = WireValues.ToStruct(config),
        }, cancellationToken: ct);
        times["CheckConfig"] = Lap(clock);
        await client.ConfigureAsync(new ConfigureRequest { Args = checkedConfig.Inputs, AcceptSecrets = true, AcceptResources = true }, cancellationToken: ct);
        times["Configure"] = Lap(clock);
        await client.CheckAsync(new CheckRequest
        {
            Urn = "urn:pulumi:bench::coder::coder:index:Group::engineers",
            Name = "engineers",
            Type = "coder:index:Group",
            News = WireValues.ToStruct(ImmutableDictionary<string, PropertyValue>.Empty.Add("name", new PropertyValue("engineers"))),
            RandomSeed = ByteString.CopyFrom(new byte[32]),
        }, cancellationToken: ct);
        times["Check"] = Lap(clock);
        times[ResidentMiB] = process.ResidentBytes() / 1048576.0;
        return times;
    }

    private static double Lap(Stopwatch clock)
    {
        var ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }

    /// <summary>The double's own answer time for the call Configure makes, on a new connection as the plugin's is.</summary>
    private static async Task<double> DirectEntitlementsAsync(CoderDouble coder, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = coder.BaseAddress };
        http.DefaultRequestHeaders.Add("Coder-Session-Token", coder.SessionToken);
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync("api/v2/entitlements", ct);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(ct);
        return clock.Elapsed.TotalMilliseconds;
    }
}

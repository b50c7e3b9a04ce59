using System.Collections.Immutable;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coder.Double;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.EngineHarness.Wire;
using Pulumi.Experimental;

namespace Pulumi.Coder.Bench;

/// <summary>
/// What the plugin adds to Coder's own latency for one operation: Create, Read, Update and Delete of a Group through
/// gRPC on the NativeAOT plugin (the RPC alone; the engine's Check and Diff before it are not timed), against the very
/// Coder calls each operation makes (read from the double's recording) sent directly with one warm HttpClient. Both
/// against the same loopback double, interleaved, over many groups.
/// </summary>
public sealed class OperationOverheadBenchmark : IBenchmark
{
    private const int Groups = 150;
    private const string Type = "coder:index:Group";
    private static readonly string[] Operations = ["Create", "Read", "Update", "Delete"];

    public int Order => 40;
    public string Name => "operations";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context, CancellationToken ct)
    {
        await using var coder = await CoderDouble.StartOnLoopbackAsync(0, new CoderDoubleOptions { ApiRateLimit = 0 });
        await using var plugin = await ProviderProcess.StartAsync(context.Plugin);
        var engine = new EngineDriver(plugin, stack: "operations");
        await engine.ConfigureAsync(Benchmarks.ProviderConfig(coder));
        using var http = new HttpClient { BaseAddress = coder.BaseAddress };
        http.DefaultRequestHeaders.Add("Coder-Session-Token", coder.SessionToken);
        var organization = coder.Seed.DefaultOrganizationId;

        var ours = Operations.ToDictionary(o => o, _ => new List<double>());
        var roundTrips = new List<double>();
        var direct = Operations.ToDictionary(o => o, _ => new List<double>());
        for (var i = -10; i < Groups; i++) // the first ten warm both up
        {
            var times = await ThroughPluginAsync(engine, coder, $"plugin-{i + 10}", ct);
            var directTimes = await DirectAsync(http, organization, $"direct-{i + 10}", ct);
            var clock = Stopwatch.StartNew();
            await engine.Client.GetPluginInfoAsync(new Google.Protobuf.WellKnownTypes.Empty(), cancellationToken: ct);
            var roundTrip = clock.Elapsed.TotalMilliseconds;
            if (i < 0) continue;
            roundTrips.Add(roundTrip);
            foreach (var operation in Operations)
            {
                ours[operation].Add(times[operation]);
                direct[operation].Add(directTimes[operation]);
            }
        }

        var rows = new List<BenchRow>();
        foreach (var operation in Operations)
        {
            var (p50, p99) = (Sample.Median(ours[operation]), Sample.Percentile(ours[operation], 0.99));
            var (d50, d99) = (Sample.Median(direct[operation]), Sample.Percentile(direct[operation], 0.99));
            rows.Add(new BenchRow($"Group {operation} through gRPC vs its Coder calls with HttpClient, p50 ({Groups} groups)",
                Sample.Ms(p50), Sample.Ms(d50) + " (HttpClient)", p50 / d50, "≤ 1.2×", p50 / d50 <= 1.2));
            rows.Add(new BenchRow($"Group {operation}, p99", Sample.Ms(p99), Sample.Ms(d99) + " (HttpClient)", p99 / d99, "≤ 1.2×", p99 / d99 <= 1.2));
        }
        // What bounds the ratios against a loopback Coder answering in a fraction of a millisecond: one gRPC call that
        // does nothing, on the same channel.
        rows.Add(new BenchRow("gRPC round trip that does nothing (GetPluginInfo), p50: the floor of the overhead above",
            Sample.Ms(Sample.Median(roundTrips)), "—", null, "— (informational)", true));
        return rows;
    }

    /// <summary>Create, Read, Update and Delete of one group, each RPC timed alone; Check (and for the update, the
    /// Check of the new inputs) is sent before its RPC, as the engine does, but not timed.</summary>
    private static async Task<Dictionary<string, double>> ThroughPluginAsync(EngineDriver engine, CoderDouble coder, string name, CancellationToken ct)
    {
        var times = new Dictionary<string, double>();
        var urn = engine.Urn(Type, name);
        var inputs = Checked(await engine.CheckAsync(Type, name, Inputs(name, quota: 0)));
        var clock = Stopwatch.StartNew();
        var created = await engine.Client.CreateAsync(new CreateRequest { Urn = urn, Name = name, Type = Type, Properties = WireValues.ToStruct(inputs), Timeout = 300 }, cancellationToken: ct);
        times["Create"] = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var read = await engine.Client.ReadAsync(new ReadRequest { Id = created.Id, Urn = urn, Name = name, Type = Type, Properties = created.Properties, Inputs = WireValues.ToStruct(inputs) }, cancellationToken: ct);
        times["Read"] = clock.Elapsed.TotalMilliseconds;

        var newInputs = Checked(await engine.CheckAsync(Type, name, Inputs(name, quota: 5), inputs));
        clock.Restart();
        var updated = await engine.Client.UpdateAsync(new UpdateRequest
        {
            Id = created.Id, Urn = urn, Name = name, Type = Type, Olds = read.Properties, OldInputs = WireValues.ToStruct(inputs),
            News = WireValues.ToStruct(newInputs), Timeout = 300,
        }, cancellationToken: ct);
        times["Update"] = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        await engine.Client.DeleteAsync(new DeleteRequest
        {
            Id = created.Id, Urn = urn, Name = name, Type = Type, Properties = updated.Properties, OldInputs = WireValues.ToStruct(newInputs), Timeout = 300,
        }, cancellationToken: ct);
        times["Delete"] = clock.Elapsed.TotalMilliseconds;
        return times;
    }

    /// <summary>The Coder calls the plugin makes for each operation (as the double records them), made directly.</summary>
    private static async Task<Dictionary<string, double>> DirectAsync(HttpClient http, Guid organization, string name, CancellationToken ct)
    {
        var times = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        using (var created = await http.PostAsJsonAsync($"api/v2/organizations/{organization}/groups", new JsonObject { ["name"] = name, ["quota_allowance"] = 0 }, ct))
        {
            var group = await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>(ct);
            times["Create"] = clock.Elapsed.TotalMilliseconds;
            var id = group!["id"]!.GetValue<string>();

            clock.Restart();
            using (var read = await http.GetAsync($"api/v2/groups/{id}", ct)) await read.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync(ct);
            times["Read"] = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            using (var patched = await http.PatchAsJsonAsync($"api/v2/groups/{id}", new JsonObject { ["quota_allowance"] = 5 }, ct))
                await patched.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync(ct);
            times["Update"] = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            using (var deleted = await http.DeleteAsync($"api/v2/groups/{id}", ct)) deleted.EnsureSuccessStatusCode();
            times["Delete"] = clock.Elapsed.TotalMilliseconds;
        }
        return times;
    }

    private static ImmutableDictionary<string, PropertyValue> Checked(CheckResult check) => check.Failures.Count == 0 ? check.Inputs
        : throw new InvalidOperationException(string.Join("; ", check.Failures.Select(f => $"{f.Property}: {f.Reason}")));

    private static ImmutableDictionary<string, PropertyValue> Inputs(string name, int quota) => ImmutableDictionary<string, PropertyValue>.Empty
        .Add("name", new PropertyValue(name))
        .Add("quotaAllowance", new PropertyValue(quota));
}

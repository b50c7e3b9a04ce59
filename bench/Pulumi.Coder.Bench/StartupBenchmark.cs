using System.Diagnostics;
using Pulumi.Coder.EngineHarness;

namespace Pulumi.Coder.Bench;

/// <summary>
/// Process start to port line, as the engine waits for it on every preview, up, refresh and destroy: the plugin as
/// users get it (self-contained: NativeAOT for linux-x64, ReadyToRun for the other platforms) against an empty provider
/// on the same framework and a bare ASP.NET Core gRPC server, both published ReadyToRun. The three are started in turn (interleaved, so that the machine's noise falls
/// on all of them alike) and each figure is the median.
/// </summary>
public sealed class StartupBenchmark : IBenchmark
{
    public int Order => 10;
    public string Name => "startup";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context, CancellationToken ct)
    {
        string[] binaries = [context.Plugin, context.PluginReadyToRun, context.EmptyProvider, context.BareGrpcServer];
        await using var engine = await FakeEngine.StartAsync();
        var times = binaries.ToDictionary(b => b, _ => new List<double>());
        // Warm-up: the binaries into the page cache.
        foreach (var binary in binaries) await TimeToPortLineAsync(binary, engine.Address, ct);
        for (var run = 0; run < context.Runs; run++)
        {
            // A different one first each run, so that none always follows the same neighbour.
            for (var i = 0; i < binaries.Length; i++)
            {
                var binary = binaries[(run + i) % binaries.Length];
                times[binary].Add(await TimeToPortLineAsync(binary, engine.Address, ct));
            }
        }
        var empty = Sample.Median(times[context.EmptyProvider]);
        var bare = Sample.Median(times[context.BareGrpcServer]);
        var rows = new List<BenchRow>();
        foreach (var (build, path) in context.PluginBuilds)
        {
            var plugin = Sample.Median(times[path]);
            rows.Add(new BenchRow($"start-up to port line: plugin, {build}, vs empty provider (ReadyToRun)", Sample.Ms(plugin),
                Sample.Ms(empty) + " (empty provider)", plugin / empty, "≤ 1.05×", plugin / empty <= 1.05));
        }
        var aot = Sample.Median(times[context.Plugin]);
        rows.Add(new BenchRow("start-up to port line: empty provider vs bare ASP.NET Core gRPC server (the framework's own cost)", Sample.Ms(empty),
            Sample.Ms(bare) + " (bare gRPC server)", empty / bare, "— (informational)", true));
        rows.Add(new BenchRow("start-up to port line: plugin, NativeAOT, vs bare ASP.NET Core gRPC server (ReadyToRun)", Sample.Ms(aot),
            Sample.Ms(bare) + " (bare gRPC server)", aot / bare, "— (Go providers: tens of ms)", true));
        return rows;
    }

    /// <summary>Starts the binary as the engine does (its address as the only argument) and returns the milliseconds
    /// until the first line of standard output; then stops it.</summary>
    public static async Task<double> TimeToPortLineAsync(string binary, string engineAddress, CancellationToken ct)
    {
        var start = new ProcessStartInfo(binary, [engineAddress])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        try
        {
            _ = process.StandardError.ReadToEndAsync(ct);
            var line = await process.StandardOutput.ReadLineAsync(ct);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (!int.TryParse(line, out _))
                throw new InvalidOperationException($"{binary} printed \"{line}\" where its port was expected");
            return elapsed;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(ct);
        }
    }
}

using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using Coder.Double;
using Pulumi.Experimental;

namespace Pulumi.Coder.Bench;

/// <summary>One line of `make bench`'s table: a figure measured side by side with its baseline in the same run (the
/// machines are noisy, so the ratio is what is compared to the goal), or an absolute figure when the goal is one.</summary>
/// <param name="Ratio">Measured over baseline; null when the figure has no baseline.</param>
public sealed record BenchRow(string Figure, string Measured, string Baseline, double? Ratio, string Goal, bool Met);

/// <summary>A benchmark contributing rows to the table. Every non-abstract implementation in this assembly runs, in
/// <see cref="Order"/>: adding a row is adding one class.</summary>
public interface IBenchmark
{
    /// <summary>Where its rows go in the table (lower first).</summary>
    int Order { get; }

    /// <summary>A short name, for `make bench ONLY=name`.</summary>
    string Name { get; }

    Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context, CancellationToken ct);
}

/// <summary>What every benchmark shares: how many runs to take, and where the published binaries are.</summary>
/// <param name="Runs">Runs per figure (each figure is the median, or the percentile named, over these).</param>
/// <param name="PublishedDirectory">Where the Makefile's bench target published the plugin as users get it
/// (<c>plugin/</c>: NativeAOT, as in the linux-x64 archive; <c>plugin-r2r/</c>: ReadyToRun, as in the other
/// platforms' archives), the empty provider (<c>empty/</c>) and the bare gRPC server (<c>bare/</c>).</param>
public sealed record BenchContext(int Runs, string PublishedDirectory)
{
    public string Plugin => Published("plugin", "pulumi-resource-coder");
    public string PluginReadyToRun => Published("plugin-r2r", "pulumi-resource-coder");

    /// <summary>Both builds of the plugin, each with the name its rows give it.</summary>
    public IReadOnlyList<(string Build, string Path)> PluginBuilds =>
        [("NativeAOT (linux-x64 archive)", Plugin), ("ReadyToRun (other platforms' archives)", PluginReadyToRun)];
    public string EmptyProvider => Published("empty", "empty-provider");
    public string BareGrpcServer => Published("bare", "bare-grpc");

    private string Published(string folder, string name)
    {
        var path = Path.Combine(PublishedDirectory, folder, name);
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"no {name} at {path}: run `make bench`, which publishes it there first.", path);
    }
}

public static class Benchmarks
{
    /// <summary>The provider configuration that points a plugin at <paramref name="coder"/> as its owner.</summary>
    public static ImmutableDictionary<string, PropertyValue> ProviderConfig(CoderDouble coder) =>
        ImmutableDictionary<string, PropertyValue>.Empty
            .Add("url", new PropertyValue(coder.BaseAddress.ToString()))
            .Add("token", new PropertyValue(coder.SessionToken));

    public static IReadOnlyList<IBenchmark> All() =>
    [
        .. typeof(IBenchmark).Assembly.GetTypes()
            .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Order),
    ];

    /// <summary>The table, in Markdown so that it goes into the README as it is.</summary>
    public static string Format(IEnumerable<BenchRow> rows)
    {
        var lines = new List<string>
        {
            "| Figure | Measured | Baseline | Ratio | Goal | Met |",
            "|---|---|---|---|---|---|",
        };
        lines.AddRange(rows.Select(r => string.Join(" | ",
            "| " + r.Figure, r.Measured, r.Baseline, r.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—",
            r.Goal, (r.Met ? "yes" : "**no**") + " |")));
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>Order statistics over a sample of milliseconds.</summary>
public static class Sample
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    /// <summary>The nearest-rank percentile (0.95 for p95).</summary>
    public static double Percentile(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(values));
        var rank = (int)Math.Ceiling(fraction * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static string Ms(double value) => value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";
}

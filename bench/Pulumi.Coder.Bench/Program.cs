using Pulumi.Coder.Bench;

// `make bench`: every benchmark, side by side with its baseline, as one Markdown table (copied into the README).
// Arguments: [runs] [only=name,name] [published=folder].
var runs = args.Select(a => int.TryParse(a, out var n) ? n : 0).FirstOrDefault(n => n > 0, 11);
var only = args.FirstOrDefault(a => a.StartsWith("only=", StringComparison.Ordinal))?["only=".Length..]
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var published = args.FirstOrDefault(a => a.StartsWith("published=", StringComparison.Ordinal))?["published=".Length..]
    ?? Path.Combine("artifacts", "bench");
var context = new BenchContext(runs, Path.GetFullPath(published));

Console.WriteLine($"Pulumi.Coder benchmarks: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
    $".NET {Environment.Version}, {runs} runs per figure");
var rows = new List<BenchRow>();
foreach (var benchmark in Benchmarks.All().Where(b => only is null || only.Contains(b.Name, StringComparer.OrdinalIgnoreCase)))
{
    Console.Error.WriteLine($"bench: {benchmark.Name}…");
    rows.AddRange(await benchmark.RunAsync(context, CancellationToken.None));
}
Console.WriteLine();
Console.WriteLine(Benchmarks.Format(rows));
// Goals not met are shown in the table (and the README), not a failed command: the figures are still wanted.
return 0;

using Pulumi.Coder.Bench;

// Runs each benchmark and prints its numbers (copied into the README's Benchmarks section).
var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10;
Console.WriteLine($"Pulumi.Coder benchmarks ({Environment.ProcessorCount} cores, .NET {Environment.Version}, {iterations} runs each)");
foreach (var line in await ArchiveUploadBenchmark.RunAsync(iterations)) Console.WriteLine(line);
foreach (var line in await JobLatencyBenchmark.RunAsync(jobs: 50)) Console.WriteLine(line);
return 0;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>
/// Where the reliability suite's figures go: one line each, to the console (which `dotnet test` passes through as the
/// test host's output, visible with <c>--logger "console;verbosity=normal"</c>) and appended to
/// <c>artifacts/reliability.txt</c> at the repository root, which CI prints after the tests.
/// </summary>
public static class ReliabilityFigures
{
    private static readonly Lock Sync = new();

    public static string FilePath => RepositoryFiles.PathOf(Path.Combine("artifacts", "reliability.txt"));

    public static void Report(string line)
    {
        var text = $"reliability: {line}";
        Console.WriteLine(text);
        lock (Sync)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.AppendAllText(FilePath, text + Environment.NewLine);
        }
    }
}

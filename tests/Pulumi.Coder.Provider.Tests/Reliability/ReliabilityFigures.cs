namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>
/// The suite's figures, one line each (<c>reliability: …</c>): appended to artifacts/reliability.txt, which
/// `make test` prints after the test runs (xunit keeps a test's own output to itself unless it fails), and written to
/// standard output for a test run by hand with <c>--logger "console;verbosity=detailed"</c>.
/// </summary>
public static class ReliabilityFigures
{
    private static readonly Lock Gate = new();

    public static string FilePath => RepositoryFiles.PathOf(Path.Combine("artifacts", "reliability.txt"));

    public static void Report(string figures)
    {
        var line = $"reliability: {figures}";
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.AppendAllText(FilePath, line + Environment.NewLine);
        }
        Console.WriteLine(line);
    }
}

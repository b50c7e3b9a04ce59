namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>
/// The suite's figures, one line each (<c>reliability: …</c>): appended to artifacts/reliability.txt, which
/// `make test` prints after the test runs (xunit keeps a test's own output to itself unless it fails), and written to
/// standard output for a test run by hand with <c>--logger "console;verbosity=detailed"</c>. A part with many cases
/// also writes one line per case to artifacts/reliability/&lt;part&gt;.txt.
/// </summary>
public static class ReliabilityFigures
{
    private static readonly Lock Gate = new();

    public static string FilePath => RepositoryFiles.PathOf(Path.Combine("artifacts", "reliability.txt"));

    public static string DetailsFolder => RepositoryFiles.PathOf(Path.Combine("artifacts", "reliability"));

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

    /// <summary>The figures, and one line per case in artifacts/reliability/&lt;part&gt;.txt.</summary>
    public static void Report(string part, string figures, IEnumerable<string> cases)
    {
        Directory.CreateDirectory(DetailsFolder);
        File.WriteAllLines(Path.Combine(DetailsFolder, part + ".txt"), [$"reliability: {figures}", .. cases.Select(c => "  " + c)]);
        Report(figures);
    }

    /// <summary>One line of progress, appended to artifacts/reliability/&lt;part&gt;.log (to see where time goes).</summary>
    public static void Progress(string part, string line)
    {
        lock (Gate)
        {
            Directory.CreateDirectory(DetailsFolder);
            File.AppendAllLines(Path.Combine(DetailsFolder, part + ".log"), [line]);
        }
    }
}

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>
/// Where the suite's figures go. `dotnet test` hides test output, so each part writes its one-line summary (and the
/// details under it) to artifacts/reliability/&lt;part&gt;.txt and to standard error (shown by `dotnet test` with
/// `--logger "console;verbosity=detailed"`); `cat artifacts/reliability/*.txt` shows them all after a run.
/// </summary>
public static class ReliabilityReport
{
    private static readonly Lock ProgressLock = new();

    public static string Folder => RepositoryFiles.PathOf(Path.Combine("artifacts", "reliability"));

    public static void Write(string part, string summary, IEnumerable<string> details)
    {
        Directory.CreateDirectory(Folder);
        var lines = new[] { $"reliability: {summary}" }.Concat(details.Select(d => "  " + d)).ToList();
        File.WriteAllLines(Path.Combine(Folder, part + ".txt"), lines);
        Console.Error.WriteLine(lines[0]);
    }

    /// <summary>One line of progress, appended to artifacts/reliability/&lt;part&gt;.log (to see where time goes).</summary>
    public static void Progress(string part, string line)
    {
        Directory.CreateDirectory(Folder);
        lock (ProgressLock) File.AppendAllLines(Path.Combine(Folder, part + ".log"), [line]);
    }
}

using System.Diagnostics;

namespace Coder.Double.Tests;

/// <summary>Runs the shared check-coder-traffic.py against a recording.</summary>
public static class TrafficChecker
{
    /// <summary>The checker next to the repository (../shared/tools), or null where that folder does not exist.</summary>
    public static string? ScriptPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) || !Directory.Exists(Path.Combine(dir.FullName, "tests"))) continue;
            var script = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "tools", "check-coder-traffic.py"));
            return File.Exists(script) ? script : null;
        }
        return null;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string script, string recording)
    {
        var start = new ProcessStartInfo("python3", [script, recording])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}

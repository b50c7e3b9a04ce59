using System.Diagnostics;

namespace Pulumi.Coder.Provider.Hosting;

/// <summary>
/// With PULUMI_CODER_TRACE_STARTUP=1, the plugin writes to standard error how long after its process started it
/// reached each step before the port line (the engine waits for that line on every command): how start-up time is
/// found rather than guessed. Off, it costs one environment read.
/// </summary>
public static class StartupTrace
{
    public const string Variable = "PULUMI_CODER_TRACE_STARTUP";

    private static readonly bool Enabled = Environment.GetEnvironmentVariable(Variable) == "1";

    public static void Mark(string step)
    {
        if (!Enabled) return;
        using var self = Process.GetCurrentProcess();
        Console.Error.WriteLine($"startup: {step} at {(DateTime.Now - self.StartTime).TotalMilliseconds:F1} ms");
    }
}

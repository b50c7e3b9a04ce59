using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Grpc.Net.Client;
using Pulumi.Coder.EngineHarness.Wire;

namespace Pulumi.Coder.EngineHarness;

/// <summary>
/// The provider plugin started the way the engine starts it: the engine's address as the only argument, the port read
/// from the first line of standard output, then gRPC over HTTP/2 on loopback. Disposing stops the plugin.
/// </summary>
public sealed class ProviderProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly StringBuilder stderr = new();
    private readonly GrpcChannel channel;

    private ProviderProcess(Process process, FakeEngine engine, int port)
    {
        this.process = process;
        Engine = engine;
        Port = port;
        channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        Client = new ResourceProvider.ResourceProviderClient(channel);
    }

    public int Port { get; }

    /// <summary>The plugin's process id (what it has loaded is in /proc/&lt;id&gt;/maps on Linux).</summary>
    public int ProcessId => process.Id;

    public ResourceProvider.ResourceProviderClient Client { get; }

    /// <summary>The engine the plugin reports to: its log lines are in <see cref="FakeEngine.Entries"/>.</summary>
    public FakeEngine Engine { get; }

    /// <summary>What the plugin wrote to standard error so far.</summary>
    public string StandardError
    {
        get { lock (stderr) return stderr.ToString(); }
    }

    public bool HasExited => process.HasExited;

    /// <summary>Sends SIGINT, as the engine does when it closes a plugin (it kills the plugin when it has not exited
    /// within its grace period).</summary>
    public void Interrupt()
    {
        if (Kill(process.Id, SignalInterrupt) != 0)
            throw new InvalidOperationException($"kill({process.Id}, SIGINT) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Whether the plugin exited within <paramref name="limit"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The plugin's resident set size (VmRSS in /proc/&lt;pid&gt;/status), in bytes.</summary>
    public long ResidentBytes() => StatusField("VmRSS") * 1024;

    /// <summary>How many threads the plugin runs (Threads in /proc/&lt;pid&gt;/status).</summary>
    public int ThreadCount() => (int)StatusField("Threads");

    private long StatusField(string name)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private const int SignalInterrupt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>bin/pulumi-resource-coder at the repository root (where `make build` leaves it), or the plugin that
    /// PULUMI_CODER_PLUGIN names (`make test-dist` runs the end-to-end tests against the release build that way).</summary>
    public static string DefaultBinaryPath =>
        Environment.GetEnvironmentVariable("PULUMI_CODER_PLUGIN") is { Length: > 0 } plugin
            ? Path.GetFullPath(plugin)
            : RepositoryFiles.PathOf(Path.Combine("bin", "pulumi-resource-coder"));

    /// <summary>Starts the plugin. Inherited CODER_* variables are removed so that only <paramref name="environment"/>
    /// configures it.</summary>
    public static async Task<ProviderProcess> StartAsync(string? binaryPath = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        binaryPath ??= DefaultBinaryPath;
        if (!File.Exists(binaryPath))
            throw new FileNotFoundException($"no provider plugin at {binaryPath}: run `make build` first.", binaryPath);
        var engine = await FakeEngine.StartAsync();
        var start = new ProcessStartInfo(binaryPath, [engine.Address])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("CODER_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binaryPath}");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        string? firstLine;
        try
        {
            firstLine = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            firstLine = null;
        }
        if (firstLine is null || !int.TryParse(firstLine.Trim(), out var port))
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await engine.DisposeAsync();
            string text;
            lock (errors) text = errors.ToString();
            throw new InvalidOperationException($"the plugin did not print its port (first line: \"{firstLine}\"); stderr:\n{text}");
        }
        // Keep draining stdout so the plugin never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        var started = new ProviderProcess(process, engine, port);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (started.stderr) started.stderr.AppendLine(e.Data); };
        lock (errors) started.stderr.Append(errors);
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        await Engine.DisposeAsync();
    }
}

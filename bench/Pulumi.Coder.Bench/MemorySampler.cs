using System.Diagnostics;

namespace Pulumi.Coder.Bench;

/// <summary>Samples the process's resident memory every few milliseconds while an operation runs, and reads the
/// bytes the process read (Linux /proc/self/io rchar: files and sockets) before and after.</summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private long peak;

    private MemorySampler()
    {
        Baseline = CurrentRss();
        BytesReadBefore = BytesRead();
        peak = Baseline;
        sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var rss = CurrentRss();
                if (rss > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, rss);
                try { await Task.Delay(2, stop.Token); } catch (OperationCanceledException) { }
            }
        });
    }

    public long Baseline { get; }
    public long BytesReadBefore { get; }
    public long Peak => Interlocked.Read(ref peak);
    public long PeakOverBaseline => Peak - Baseline;

    public static MemorySampler Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new MemorySampler();
    }

    public long BytesReadSinceStart() => BytesRead() - BytesReadBefore;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }

    private static long CurrentRss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static long BytesRead()
    {
        const string io = "/proc/self/io";
        if (!File.Exists(io)) return 0;
        var line = File.ReadLines(io).FirstOrDefault(l => l.StartsWith("rchar:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["rchar:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Collections.Concurrent;

namespace Coder.Client.Tests.Support;

/// <summary>Fires every timer at once and remembers how long each was meant to wait; its clock (timestamps) moves on
/// by each wait, so code measuring elapsed time sees the time it asked to spend.</summary>
public sealed class ImmediateTimeProvider : TimeProvider
{
    private long _elapsedTicks;

    public ConcurrentQueue<TimeSpan> RequestedWaits { get; } = new();

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            RequestedWaits.Enqueue(dueTime);
            Interlocked.Add(ref _elapsedTicks, dueTime.Ticks);
        }

        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}

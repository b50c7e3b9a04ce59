using System.Collections.Concurrent;

namespace Coder.Client.Tests.Support;

/// <summary>Fires every timer at once and remembers how long each was meant to wait.</summary>
public sealed class ImmediateTimeProvider : TimeProvider
{
    public ConcurrentQueue<TimeSpan> RequestedWaits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            RequestedWaits.Enqueue(dueTime);
        }

        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}

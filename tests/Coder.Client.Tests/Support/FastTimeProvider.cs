namespace Coder.Client.Tests.Support;

/// <summary>
/// Real time, but every timer runs <see cref="Factor"/> times faster, so backoff and Retry-After waits take
/// milliseconds. Requested waits are what the code under test asked for, before speeding up. With
/// <c>clockToo</c> the clock (<see cref="GetUtcNow"/>) runs that much faster as well, for a client and a double that
/// share it and count time (coderd's per-minute rate limits).
/// </summary>
public sealed class FastTimeProvider(long factor = 1000, bool clockToo = false) : TimeProvider
{
    private readonly DateTimeOffset _start = System.GetUtcNow();
    private readonly long _startTimestamp = System.GetTimestamp();

    public long Factor { get; } = factor;

    public override DateTimeOffset GetUtcNow() =>
        clockToo ? _start + System.GetElapsedTime(_startTimestamp) * Factor : System.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new FastTimer(System.CreateTimer(callback, state, Shrink(dueTime), Shrink(period)), this);

    private TimeSpan Shrink(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, span.Ticks / Factor));

    private sealed class FastTimer(ITimer inner, FastTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Shrink(dueTime), owner.Shrink(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

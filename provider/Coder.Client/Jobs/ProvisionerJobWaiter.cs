using Coder.Client.Errors;
using Coder.Client.Models;

namespace Coder.Client.Jobs;

/// <summary>How <see cref="ProvisionerJobWaiter"/> follows a job, and how it polls where it cannot.</summary>
public sealed record ProvisionerJobWaiterOptions
{
    /// <summary>First poll interval, and the interval again after the job showed progress. Short, because most
    /// jobs that finish at all finish quickly and a Pulumi update waits for each one.</summary>
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>The interval grows by this factor after each poll without progress…</summary>
    public double Growth { get; init; } = 2;

    /// <summary>…up to this, so that a job's end is noticed within 100 ms of it (this interval plus a status and a
    /// logs round trip) during its first <see cref="FastPhase"/>.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromMilliseconds(80);

    /// <summary>How long a job is followed at up to <see cref="MaxInterval"/>…</summary>
    public TimeSpan FastPhase { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>…before the interval may grow to this. coderd limits each user to 512 requests a minute per endpoint
    /// (its default <c>--api-rate-limit</c>); a job's status and its logs are one endpoint each, so polling every
    /// 80 ms for long would be turned away with 429. 15 s at 80 ms plus 45 s at 150 ms is 487 requests in any
    /// minute.</summary>
    public TimeSpan SustainedInterval { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>How many log lines a <see cref="ProvisionerJobFailedException"/> carries.</summary>
    public int LogTailLines { get; init; } = 30;

    /// <summary>How long the cancel request sent after the caller gave up may take.</summary>
    public TimeSpan CancelTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening the job's log stream may take before the waiter polls instead.</summary>
    public TimeSpan StreamConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>While the stream is quiet, the job's status is read this often: a connection that a proxy keeps
    /// open but no longer carries anything must not hold the update forever.</summary>
    public TimeSpan StreamStatusInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A stream that ends without the job having completed is opened again (a proxy's idle timeout, say)
    /// when it lasted at least this long; one that ended sooner is not trusted again and the waiter polls.</summary>
    public TimeSpan StreamReopenAfter { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// Waits for a provisioner job (template version import, dry run, workspace build) to finish, passing its log lines
/// on as they appear. Follows the job's live log stream (<see cref="ProvisionerJobLogStream"/>, as coder's CLI does):
/// no request while the job runs, its end noticed the moment coderd closes the stream, then its final status read
/// once. Where the stream is refused (a proxy that does not pass WebSockets) it polls adaptively instead: every
/// <see cref="ProvisionerJobWaiterOptions.InitialInterval"/> at first and after any progress, backing off to
/// <see cref="ProvisionerJobWaiterOptions.MaxInterval"/> while nothing happens.
/// </summary>
public sealed class ProvisionerJobWaiter
{
    private readonly ProvisionerJobWaiterOptions _options;

    public ProvisionerJobWaiter(ProvisionerJobWaiterOptions? options = null)
    {
        _options = options ?? new ProvisionerJobWaiterOptions();
        if (_options.InitialInterval <= TimeSpan.Zero || _options.MaxInterval < _options.InitialInterval ||
            _options.SustainedInterval < _options.MaxInterval || _options.Growth < 1 || _options.FastPhase < TimeSpan.Zero)
        {
            throw new ArgumentException(
                "Poll intervals must be positive and growing (first ≤ maximum ≤ sustained), the fast phase not negative.", nameof(options));
        }

        if (_options.StreamConnectTimeout <= TimeSpan.Zero || _options.StreamStatusInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("The stream's connect timeout and status interval must be positive.", nameof(options));
        }
    }

    /// <summary>
    /// Returns the job once it succeeded. Throws <see cref="ProvisionerJobFailedException"/> when it failed or was
    /// canceled. When <paramref name="cancellationToken"/> fires first, asks coderd to cancel the job, then throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="onLog">Called with each new log line, in order, once.</param>
    public async Task<ProvisionerJob> WaitAsync(
        ProvisionerJobSource source,
        Action<ProvisionerJobLog>? onLog = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var progress = new Progress(this, onLog);
        try
        {
            return Finish(source, progress,
                await FollowAsync(source, progress, cancellationToken).ConfigureAwait(false) ??
                await PollAsync(source, progress, cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelJobAsync(source).ConfigureAwait(false);
            throw;
        }
    }

    private static ProvisionerJob Finish(ProvisionerJobSource source, Progress progress, ProvisionerJob job) =>
        job.Status == ProvisionerJobStatus.Succeeded
            ? job
            : throw new ProvisionerJobFailedException(source.Description, job, progress.Tail.ToList());

    /// <summary>The completed job as followed on its log stream; null when the stream cannot be had (poll then).</summary>
    private async Task<ProvisionerJob?> FollowAsync(ProvisionerJobSource source, Progress progress, CancellationToken cancellationToken)
    {
        if (source.FollowLogsAsync is not { } follow)
        {
            return null;
        }

        while (true)
        {
            var stream = await follow(progress.LastLogId, _options.StreamConnectTimeout, cancellationToken).ConfigureAwait(false);
            if (stream is null)
            {
                return null;
            }

            var opened = _options.TimeProvider.GetTimestamp();
            await using (stream.ConfigureAwait(false))
            {
                var job = await ReadStreamAsync(source, stream, progress, cancellationToken).ConfigureAwait(false);
                if (job is not null)
                {
                    return job;
                }
            }

            // The stream ended: coderd closes it once the job completed; anything else broke it.
            var final = await source.GetJobAsync(cancellationToken).ConfigureAwait(false);
            if (ProvisionerJobStatus.IsCompleted(final.Status))
            {
                if (!stream.EndedNormally)
                {
                    await ReadLogsAsync(source, progress, cancellationToken).ConfigureAwait(false);
                }

                return final;
            }

            if (_options.TimeProvider.GetElapsedTime(opened) < _options.StreamReopenAfter)
            {
                return null;
            }
        }
    }

    /// <summary>Forwards the stream's lines until it ends (null), or returns the job when a status read made while
    /// the stream was quiet found it completed.</summary>
    private async Task<ProvisionerJob?> ReadStreamAsync(
        ProvisionerJobSource source, ProvisionerJobLogStream stream, Progress progress, CancellationToken cancellationToken)
    {
        var next = stream.ReadAsync(cancellationToken);
        while (true)
        {
            using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var wake = Task.Delay(_options.StreamStatusInterval, _options.TimeProvider, quiet.Token);
                var first = await Task.WhenAny(next, wake).ConfigureAwait(false);
                await quiet.CancelAsync().ConfigureAwait(false);
                if (first == next)
                {
                    if (await next.ConfigureAwait(false) is not { } log)
                    {
                        return null;
                    }

                    progress.Forward(log);
                    next = stream.ReadAsync(cancellationToken);
                    continue;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            var job = await source.GetJobAsync(cancellationToken).ConfigureAwait(false);
            if (ProvisionerJobStatus.IsCompleted(job.Status))
            {
                // The pending read ends when the stream is disposed; its failure is of no interest.
                _ = next.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                await ReadLogsAsync(source, progress, cancellationToken).ConfigureAwait(false);
                return job;
            }
        }
    }

    private async Task<ProvisionerJob> PollAsync(ProvisionerJobSource source, Progress progress, CancellationToken cancellationToken)
    {
        var lastStatus = "";
        var interval = _options.InitialInterval;
        var started = _options.TimeProvider.GetTimestamp();
        while (true)
        {
            // Job first, logs second: once the job is seen completed, the logs read after it are complete too.
            var job = await source.GetJobAsync(cancellationToken).ConfigureAwait(false);
            var newLines = await ReadLogsAsync(source, progress, cancellationToken).ConfigureAwait(false);
            if (ProvisionerJobStatus.IsCompleted(job.Status))
            {
                return job;
            }

            var progressed = newLines > 0 || job.Status != lastStatus;
            lastStatus = job.Status;
            interval = progressed ? _options.InitialInterval : Grow(interval);
            var pause = _options.TimeProvider.GetElapsedTime(started) < _options.FastPhase
                ? interval
                : Max(interval, _options.SustainedInterval);
            await Task.Delay(pause, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> ReadLogsAsync(ProvisionerJobSource source, Progress progress, CancellationToken cancellationToken)
    {
        var logs = await source.GetLogsAfterAsync(progress.LastLogId, cancellationToken).ConfigureAwait(false);
        var newLines = 0;
        foreach (var log in logs.OrderBy(l => l.Id))
        {
            if (progress.Forward(log))
            {
                newLines++;
            }
        }

        return newLines;
    }

    /// <summary>What was passed on so far: the last line's id (each line goes out once, in order) and the tail.</summary>
    private sealed class Progress(ProvisionerJobWaiter waiter, Action<ProvisionerJobLog>? onLog)
    {
        public long LastLogId { get; private set; }

        public Queue<string> Tail { get; } = new(waiter._options.LogTailLines);

        public bool Forward(ProvisionerJobLog log)
        {
            if (log.Id <= LastLogId)
            {
                return false;
            }

            LastLogId = log.Id;
            waiter.Remember(Tail, log);
            onLog?.Invoke(log);
            return true;
        }
    }

    private TimeSpan Grow(TimeSpan interval)
    {
        var next = TimeSpan.FromTicks((long)(interval.Ticks * _options.Growth));
        return next > _options.MaxInterval ? _options.MaxInterval : next;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void Remember(Queue<string> tail, ProvisionerJobLog log)
    {
        if (_options.LogTailLines <= 0)
        {
            return;
        }

        if (tail.Count == _options.LogTailLines)
        {
            tail.Dequeue();
        }

        tail.Enqueue(string.IsNullOrEmpty(log.Stage) ? log.Output : $"{log.Stage}: {log.Output}");
    }

    // The caller stopped waiting (Pulumi cancelled the update); leaving the job running would hold the template or
    // workspace busy for nothing. Best effort: a job that completed meanwhile makes coderd refuse, which is fine.
    private async Task CancelJobAsync(ProvisionerJobSource source)
    {
        using var timeout = new CancellationTokenSource(_options.CancelTimeout, _options.TimeProvider);
        try
        {
            await source.CancelAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CoderApiException or OperationCanceledException)
        {
        }
    }
}

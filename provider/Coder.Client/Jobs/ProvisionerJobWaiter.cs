using Coder.Client.Errors;
using Coder.Client.Models;

namespace Coder.Client.Jobs;

/// <summary>How <see cref="ProvisionerJobWaiter"/> polls.</summary>
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

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// Waits for a provisioner job (template version import, dry run, workspace build) to finish, passing its log lines
/// on as they appear. Polls adaptively: every <see cref="ProvisionerJobWaiterOptions.InitialInterval"/> at first and
/// after any progress, backing off to <see cref="ProvisionerJobWaiterOptions.MaxInterval"/> while nothing happens.
/// (coderd's <c>follow=true</c> log stream is a WebSocket, which Refit cannot carry; polling with <c>after</c> needs
/// nothing more than the REST calls.)
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
        var tail = new Queue<string>(_options.LogTailLines);
        var lastLogId = 0L;
        var lastStatus = "";
        var interval = _options.InitialInterval;
        var started = _options.TimeProvider.GetTimestamp();

        try
        {
            while (true)
            {
                // Job first, logs second: once the job is seen completed, the logs read after it are complete too.
                var job = await source.GetJobAsync(cancellationToken).ConfigureAwait(false);
                var logs = await source.GetLogsAfterAsync(lastLogId, cancellationToken).ConfigureAwait(false);
                var newLines = 0;
                foreach (var log in logs.Where(l => l.Id > lastLogId).OrderBy(l => l.Id))
                {
                    lastLogId = log.Id;
                    newLines++;
                    Remember(tail, log);
                    onLog?.Invoke(log);
                }

                if (ProvisionerJobStatus.IsCompleted(job.Status))
                {
                    return job.Status == ProvisionerJobStatus.Succeeded
                        ? job
                        : throw new ProvisionerJobFailedException(source.Description, job, tail.ToList());
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelJobAsync(source).ConfigureAwait(false);
            throw;
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

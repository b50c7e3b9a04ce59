namespace Pulumi.Coder.Provider.Hosting;

/// <summary>
/// The plugin being stopped by a signal. The engine closes a plugin with SIGINT and kills it 5 s later, and reads no
/// answer from it after the signal; the framework's host would instead wait up to 30 s for requests in flight. So on
/// the signal every operation is cancelled at once (as the engine's Cancel does: jobs are cancelled on Coder, partial
/// creates rolled back), clean-up gets until <see cref="Deadline"/>, and what an operation could not finish is written
/// to standard error, which the engine does show.
/// </summary>
public sealed class PluginShutdown(TimeSpan cleanupBudget)
{
    /// <summary>Clean-up may take this long after the signal: the engine's 5 s grace, less time to report and exit.</summary>
    public static readonly TimeSpan DefaultCleanupBudget = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationTokenSource deadline = new();

    public PluginShutdown() : this(DefaultCleanupBudget)
    {
    }

    /// <summary>Cancelled when the signal arrives: operations stop.</summary>
    public CancellationToken Stopping => stopping.Token;

    /// <summary>Cancelled <see cref="DefaultCleanupBudget"/> after the signal: clean-up (cancelling a job on Coder,
    /// rolling back a partial create) gives up and reports instead.</summary>
    public CancellationToken Deadline => deadline.Token;

    public bool IsStopping => stopping.IsCancellationRequested;

    public void Stop()
    {
        deadline.CancelAfter(cleanupBudget);
        stopping.Cancel();
    }

    /// <summary>A time limit for clean-up that runs after its operation was cancelled: <paramref name="limit"/>, or
    /// less when the plugin is being stopped.</summary>
    public CancellationTokenSource CleanupTimeout(TimeSpan limit)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        timeout.CancelAfter(limit);
        return timeout;
    }
}

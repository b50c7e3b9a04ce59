using Coder.Client.Jobs;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;

namespace Pulumi.Coder.Provider.Provisioning;

/// <summary>
/// Waits for a provisioner job the way every resource does: each log line reaches the engine as it arrives, the
/// engine's custom timeout bounds the wait, and a timeout or a cancelled update cancels the job on Coder (the client's
/// <see cref="ProvisionerJobWaiter"/> does that when its token fires).
/// </summary>
public static class ProvisionerJobs
{
    /// <summary>What the engine allows when the program sets no custom timeout (the engine then sends 0).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(20);

    private static readonly ProvisionerJobWaiter Waiter = new();

    public static async Task<ProvisionerJob> WaitAsync(
        ResourceContext context, ProvisionerJobSource job, TimeSpan timeout, CancellationToken ct)
    {
        var limit = timeout > TimeSpan.Zero ? timeout : DefaultTimeout;
        using var timer = new CancellationTokenSource(limit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        // Log lines are passed on in order: each report starts after the previous one was sent.
        var reported = Task.CompletedTask;
        try
        {
            return await Waiter.WaitAsync(job, log =>
                reported = reported.ContinueWith(_ => context.ReportProgressAsync(Line(log)), CancellationToken.None,
                    TaskContinuationOptions.None, TaskScheduler.Default).Unwrap(), linked.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new ProviderException($"{job.Description} did not finish within {limit} and was cancelled on Coder. " +
                "If it needs longer, raise the resource's customTimeouts (create/update) in the program.");
        }
        finally
        {
            await reported;
        }
    }

    private static string Line(ProvisionerJobLog log) =>
        string.IsNullOrEmpty(log.Stage) ? log.Output : $"{log.Stage}: {log.Output}";
}

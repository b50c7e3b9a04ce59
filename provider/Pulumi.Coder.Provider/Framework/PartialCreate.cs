namespace Pulumi.Coder.Provider.Framework;

/// <summary>
/// A create that takes several Coder calls. The framework cannot report a half-made resource to the engine (the
/// provider framework turns every error into a plain failure), so nothing may be left behind unannounced: when a
/// later step fails, the object made by the first step is deleted again; if that fails as well, the error names the
/// object's id and the <c>pulumi import</c> command that adopts it.
/// </summary>
public static class PartialCreate
{
    private static readonly TimeSpan DefaultRollbackTimeout = TimeSpan.FromSeconds(60);

    /// <param name="rollbackTimeout">How long the rollback may take (a minute unless given): it has its own limit
    /// because it also runs after the operation was cancelled.</param>
    public static async Task<T> FinishOrRollBackAsync<T>(
        ResourceContext context, string token, string what, string id, Func<Task<T>> finish, Func<CancellationToken, Task> rollBack,
        TimeSpan? rollbackTimeout = null)
    {
        try
        {
            return await finish();
        }
        catch (Exception failure)
        {
            // Also after a cancellation: the rollback gets its own time limit rather than the cancelled token.
            // When the plugin is being stopped, only until its clean-up deadline: the error then names what is left.
            using var timeout = context.Shutdown.CleanupTimeout(rollbackTimeout ?? DefaultRollbackTimeout);
            try
            {
                await rollBack(timeout.Token);
            }
            catch (Exception rollbackFailure)
            {
                throw new Hosting.ProviderException(
                    $"creating {what} failed after Coder had created it ({failure.Message}), and deleting it again failed " +
                    $"too ({rollbackFailure.Message}). It is left on Coder with id {id}: adopt it with " +
                    $"`pulumi import {token} {context.ResourceName ?? "<name>"} {id}`, or delete it in Coder.", failure);
            }
            if (failure is OperationCanceledException) throw;
            throw new Hosting.ProviderException(
                $"creating {what} failed after Coder had created it: {failure.Message}. It was deleted again, so nothing " +
                "is left behind; fix the cause and run the update again.", failure);
        }
    }
}

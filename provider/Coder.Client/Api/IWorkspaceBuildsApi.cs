using Coder.Client.Models;
using Refit;

namespace Coder.Client.Api;

/// <summary>Workspace builds and their provisioner job.</summary>
public interface IWorkspaceBuildsApi
{
    [Get("/api/v2/workspacebuilds/{workspaceBuild}")]
    Task<WorkspaceBuild> GetAsync(Guid workspaceBuild, CancellationToken cancellationToken = default);

    [Get("/api/v2/users/{user}/workspace/{workspaceName}/builds/{buildNumber}")]
    Task<WorkspaceBuild> GetByNumberAsync(
        string user,
        string workspaceName,
        int buildNumber,
        CancellationToken cancellationToken = default);

    /// <param name="expectStatus">Cancel only while the job is still in this status (<c>pending</c> or
    /// <c>running</c>); coderd answers 412 otherwise.</param>
    [Patch("/api/v2/workspacebuilds/{workspaceBuild}/cancel")]
    Task CancelAsync(
        Guid workspaceBuild,
        [AliasAs("expect_status")] string? expectStatus = null,
        CancellationToken cancellationToken = default);

    [Get("/api/v2/workspacebuilds/{workspaceBuild}/logs")]
    Task<IReadOnlyList<ProvisionerJobLog>> GetLogsAsync(
        Guid workspaceBuild,
        long? before = null,
        long? after = null,
        CancellationToken cancellationToken = default);

    [Get("/api/v2/workspacebuilds/{workspaceBuild}/parameters")]
    Task<IReadOnlyList<WorkspaceBuildParameter>> GetParametersAsync(Guid workspaceBuild, CancellationToken cancellationToken = default);
}

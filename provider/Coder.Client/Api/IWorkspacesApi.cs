using Coder.Client.Models;
using Refit;

namespace Coder.Client.Api;

/// <summary>Workspaces. There is no DELETE: a workspace is deleted by a build with transition
/// <see cref="WorkspaceTransition.Delete"/> (<see cref="CreateBuildAsync"/>). <c>user</c> is an ID, username or
/// <c>me</c>.</summary>
public interface IWorkspacesApi
{
    /// <summary>Creates the workspace and starts its first build; wait for <c>latest_build.job</c>.</summary>
    [Post("/api/v2/users/{user}/workspaces")]
    Task<Workspace> CreateAsync(string user, [Body] CreateWorkspaceRequest request, CancellationToken cancellationToken = default);

    [Get("/api/v2/workspaces/{workspace}")]
    Task<Workspace> GetAsync(Guid workspace, [AliasAs("include_deleted")] bool? includeDeleted = null, CancellationToken cancellationToken = default);

    [Get("/api/v2/users/{user}/workspace/{workspaceName}")]
    Task<Workspace> GetByOwnerAndNameAsync(
        string user,
        string workspaceName,
        [AliasAs("include_deleted")] bool? includeDeleted = null,
        CancellationToken cancellationToken = default);

    /// <param name="query">Coder's workspace search syntax, e.g. <c>owner:alice template:docker</c>.</param>
    [Get("/api/v2/workspaces")]
    Task<WorkspacesResponse> ListAsync(
        [AliasAs("q")] string? query = null,
        int? limit = null,
        int? offset = null,
        CancellationToken cancellationToken = default);

    /// <summary>Renames the workspace.</summary>
    [Patch("/api/v2/workspaces/{workspace}")]
    Task UpdateAsync(Guid workspace, [Body] UpdateWorkspaceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sets the autostart cron schedule; a null schedule turns autostart off.</summary>
    [Put("/api/v2/workspaces/{workspace}/autostart")]
    Task UpdateAutostartAsync(Guid workspace, [Body] UpdateWorkspaceAutostartRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sets the time to live; a null TTL turns autostop off.</summary>
    [Put("/api/v2/workspaces/{workspace}/ttl")]
    Task UpdateTtlAsync(Guid workspace, [Body] UpdateWorkspaceTTLRequest request, CancellationToken cancellationToken = default);

    [Put("/api/v2/workspaces/{workspace}/autoupdates")]
    Task UpdateAutomaticUpdatesAsync(Guid workspace, [Body] UpdateWorkspaceAutomaticUpdatesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Marks the workspace dormant or active. coderd answers 304 without a body when it already is, which
    /// counts as success here; read the workspace afterwards for its state.</summary>
    [Put("/api/v2/workspaces/{workspace}/dormant")]
    Task UpdateDormancyAsync(Guid workspace, [Body] UpdateWorkspaceDormancy request, CancellationToken cancellationToken = default);

    [Get("/api/v2/workspaces/{workspace}/builds")]
    Task<IReadOnlyList<WorkspaceBuild>> ListBuildsAsync(
        Guid workspace,
        [AliasAs("after_id")] Guid? afterId = null,
        int? limit = null,
        int? offset = null,
        CancellationToken cancellationToken = default);

    /// <summary>Starts a build: start, stop or delete (see <see cref="WorkspaceTransition"/>).</summary>
    [Post("/api/v2/workspaces/{workspace}/builds")]
    Task<WorkspaceBuild> CreateBuildAsync(Guid workspace, [Body] CreateWorkspaceBuildRequest request, CancellationToken cancellationToken = default);
}

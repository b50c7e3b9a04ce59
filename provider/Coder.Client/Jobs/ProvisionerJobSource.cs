using Coder.Client.Models;

namespace Coder.Client.Jobs;

/// <summary>
/// How to read, follow and cancel one provisioner job. coderd reaches a job through what it belongs to: a template
/// version (its import), a dry run of a template version, or a workspace build.
/// </summary>
/// <param name="Description">Names the job in messages, e.g. <c>template version 1f0e… import</c>.</param>
/// <param name="GetJobAsync">The job as it is now.</param>
/// <param name="GetLogsAfterAsync">The job's log lines with an ID greater than the given one (0: all).</param>
/// <param name="CancelAsync">Asks coderd to cancel the job.</param>
public sealed record ProvisionerJobSource(
    string Description,
    Func<CancellationToken, Task<ProvisionerJob>> GetJobAsync,
    Func<long, CancellationToken, Task<IReadOnlyList<ProvisionerJobLog>>> GetLogsAfterAsync,
    Func<CancellationToken, Task> CancelAsync)
{
    /// <summary>Opens the job's live log stream from the line after the given id (null: it cannot be had); null when
    /// the job can only be polled.</summary>
    public Func<long, TimeSpan, CancellationToken, Task<ProvisionerJobLogStream?>>? FollowLogsAsync { get; init; }

    /// <summary>The import job that every new template version runs.</summary>
    /// <param name="read">Given each version read for its job's status: the last one read holds the completed job, so
    /// a caller that needs the imported version does not read it once more.</param>
    public static ProvisionerJobSource TemplateVersionImport(ICoderClient client, Guid templateVersionId, Action<TemplateVersion>? read = null) => new(
        $"template version {templateVersionId} import",
        async token =>
        {
            var version = await client.TemplateVersions.GetAsync(templateVersionId, token).ConfigureAwait(false);
            read?.Invoke(version);
            return version.Job;
        },
        (after, token) => client.TemplateVersions.GetLogsAsync(templateVersionId, after: NullIfZero(after), cancellationToken: token),
        token => client.TemplateVersions.CancelAsync(templateVersionId, token))
    {
        FollowLogsAsync = (after, timeout, token) =>
            client.FollowJobLogsAsync($"/api/v2/templateversions/{templateVersionId}/logs", after, timeout, token),
    };

    /// <summary>A dry run started with <see cref="Api.ITemplateVersionsApi.CreateDryRunAsync"/>.</summary>
    public static ProvisionerJobSource TemplateVersionDryRun(ICoderClient client, Guid templateVersionId, Guid jobId) => new(
        $"dry run {jobId} of template version {templateVersionId}",
        token => client.TemplateVersions.GetDryRunAsync(templateVersionId, jobId, token),
        (after, token) => client.TemplateVersions.GetDryRunLogsAsync(templateVersionId, jobId, after: NullIfZero(after), cancellationToken: token),
        token => client.TemplateVersions.CancelDryRunAsync(templateVersionId, jobId, token))
    {
        FollowLogsAsync = (after, timeout, token) =>
            client.FollowJobLogsAsync($"/api/v2/templateversions/{templateVersionId}/dry-run/{jobId}/logs", after, timeout, token),
    };

    /// <summary>The job of a workspace build (start, stop or delete).</summary>
    public static ProvisionerJobSource WorkspaceBuild(ICoderClient client, Guid workspaceBuildId) => new(
        $"workspace build {workspaceBuildId}",
        async token => (await client.WorkspaceBuilds.GetAsync(workspaceBuildId, token).ConfigureAwait(false)).Job,
        (after, token) => client.WorkspaceBuilds.GetLogsAsync(workspaceBuildId, after: NullIfZero(after), cancellationToken: token),
        token => client.WorkspaceBuilds.CancelAsync(workspaceBuildId, cancellationToken: token))
    {
        FollowLogsAsync = (after, timeout, token) =>
            client.FollowJobLogsAsync($"/api/v2/workspacebuilds/{workspaceBuildId}/logs", after, timeout, token),
    };

    private static long? NullIfZero(long after) => after == 0 ? null : after;
}

using Coder.Client.Models;
using Refit;

namespace Coder.Client.Api;

/// <summary>Template versions, their import job, and dry runs. Creating a version starts a provisioner job that
/// imports the uploaded files; <see cref="Jobs.ProvisionerJobWaiter"/> waits for it.</summary>
public interface ITemplateVersionsApi
{
    [Post("/api/v2/organizations/{organization}/templateversions")]
    Task<TemplateVersion> CreateAsync(string organization, [Body] CreateTemplateVersionRequest request, CancellationToken cancellationToken = default);

    [Get("/api/v2/templateversions/{templateVersion}")]
    Task<TemplateVersion> GetAsync(Guid templateVersion, CancellationToken cancellationToken = default);

    /// <remarks>coderd answers with one version (the swagger says an array).</remarks>
    [Get("/api/v2/templates/{template}/versions/{templateVersionName}")]
    Task<TemplateVersion> GetByTemplateAndNameAsync(Guid template, string templateVersionName, CancellationToken cancellationToken = default);

    [Get("/api/v2/organizations/{organization}/templates/{templateName}/versions/{templateVersionName}")]
    Task<TemplateVersion> GetByOrganizationTemplateAndNameAsync(
        string organization,
        string templateName,
        string templateVersionName,
        CancellationToken cancellationToken = default);

    [Patch("/api/v2/templateversions/{templateVersion}")]
    Task<TemplateVersion> UpdateAsync(Guid templateVersion, [Body] PatchTemplateVersionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels the version's import job.</summary>
    [Patch("/api/v2/templateversions/{templateVersion}/cancel")]
    Task CancelAsync(Guid templateVersion, CancellationToken cancellationToken = default);

    /// <summary>The import job's log lines, optionally only those with an ID after <paramref name="after"/>.</summary>
    [Get("/api/v2/templateversions/{templateVersion}/logs")]
    Task<IReadOnlyList<ProvisionerJobLog>> GetLogsAsync(
        Guid templateVersion,
        long? before = null,
        long? after = null,
        CancellationToken cancellationToken = default);

    [Get("/api/v2/templateversions/{templateVersion}/rich-parameters")]
    Task<IReadOnlyList<TemplateVersionParameter>> GetRichParametersAsync(Guid templateVersion, CancellationToken cancellationToken = default);

    [Get("/api/v2/templateversions/{templateVersion}/variables")]
    Task<IReadOnlyList<TemplateVersionVariable>> GetVariablesAsync(Guid templateVersion, CancellationToken cancellationToken = default);

    [Get("/api/v2/templateversions/{templateVersion}/resources")]
    Task<IReadOnlyList<WorkspaceResource>> GetResourcesAsync(Guid templateVersion, CancellationToken cancellationToken = default);

    /// <remarks>coderd answers <c>null</c> (a nil Go slice), not an empty list, for a version without presets.</remarks>
    [Get("/api/v2/templateversions/{templateVersion}/presets")]
    Task<IReadOnlyList<Preset>?> GetPresetsAsync(Guid templateVersion, CancellationToken cancellationToken = default);

    [Get("/api/v2/templateversions/{templateVersion}/external-auth")]
    Task<IReadOnlyList<TemplateVersionExternalAuth>> GetExternalAuthAsync(Guid templateVersion, CancellationToken cancellationToken = default);

    /// <summary>Starts a dry run (a plan of a workspace build) of the version; returns its provisioner job.</summary>
    [Post("/api/v2/templateversions/{templateVersion}/dry-run")]
    Task<ProvisionerJob> CreateDryRunAsync(Guid templateVersion, [Body] CreateTemplateVersionDryRunRequest request, CancellationToken cancellationToken = default);

    [Get("/api/v2/templateversions/{templateVersion}/dry-run/{jobId}")]
    Task<ProvisionerJob> GetDryRunAsync(Guid templateVersion, Guid jobId, CancellationToken cancellationToken = default);

    [Get("/api/v2/templateversions/{templateVersion}/dry-run/{jobId}/logs")]
    Task<IReadOnlyList<ProvisionerJobLog>> GetDryRunLogsAsync(
        Guid templateVersion,
        Guid jobId,
        long? before = null,
        long? after = null,
        CancellationToken cancellationToken = default);

    [Get("/api/v2/templateversions/{templateVersion}/dry-run/{jobId}/resources")]
    Task<IReadOnlyList<WorkspaceResource>> GetDryRunResourcesAsync(Guid templateVersion, Guid jobId, CancellationToken cancellationToken = default);

    [Patch("/api/v2/templateversions/{templateVersion}/dry-run/{jobId}/cancel")]
    Task CancelDryRunAsync(Guid templateVersion, Guid jobId, CancellationToken cancellationToken = default);

    [Post("/api/v2/templateversions/{templateVersion}/archive")]
    Task ArchiveAsync(Guid templateVersion, CancellationToken cancellationToken = default);

    [Post("/api/v2/templateversions/{templateVersion}/unarchive")]
    Task UnarchiveAsync(Guid templateVersion, CancellationToken cancellationToken = default);
}

using Coder.Client.Models;
using Refit;

namespace Coder.Client.Api;

/// <summary>Templates. <c>organization</c> is an organization's ID or name.</summary>
public interface ITemplatesApi
{
    [Get("/api/v2/templates")]
    Task<IReadOnlyList<Template>> ListAsync(CancellationToken cancellationToken = default);

    [Get("/api/v2/organizations/{organization}/templates")]
    Task<IReadOnlyList<Template>> ListByOrganizationAsync(string organization, CancellationToken cancellationToken = default);

    /// <summary>Creates a template from an already imported template version, which becomes its active version.</summary>
    [Post("/api/v2/organizations/{organization}/templates")]
    Task<Template> CreateAsync(string organization, [Body] CreateTemplateRequest request, CancellationToken cancellationToken = default);

    [Get("/api/v2/templates/{template}")]
    Task<Template> GetAsync(Guid template, CancellationToken cancellationToken = default);

    [Get("/api/v2/organizations/{organization}/templates/{templateName}")]
    Task<Template> GetByNameAsync(string organization, string templateName, CancellationToken cancellationToken = default);

    /// <summary>Changes the fields that are set; fields left null keep their value (coderd before May 2026 reset them
    /// instead, so send them all). Returns null when coderd answered 304 (an older coderd, when nothing changed).</summary>
    [Patch("/api/v2/templates/{template}")]
    Task<Template?> UpdateAsync(Guid template, [Body] UpdateTemplateMeta request, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes the template. While any workspace that is not deleted uses it, coderd refuses with 400
    /// (<see cref="Errors.CoderErrorKind.Validation"/>) "All workspaces must be deleted before a template can be
    /// removed."</summary>
    [Delete("/api/v2/templates/{template}")]
    Task DeleteAsync(Guid template, CancellationToken cancellationToken = default);

    [Get("/api/v2/templates/{template}/versions")]
    Task<IReadOnlyList<TemplateVersion>> ListVersionsAsync(
        Guid template,
        [AliasAs("include_archived")] bool? includeArchived = null,
        [AliasAs("after_id")] Guid? afterId = null,
        int? limit = null,
        int? offset = null,
        CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="request"/>'s version the template's active version.</summary>
    [Patch("/api/v2/templates/{template}/versions")]
    Task SetActiveVersionAsync(Guid template, [Body] UpdateActiveTemplateVersion request, CancellationToken cancellationToken = default);

    /// <summary>Archives the template's versions that no workspace uses (only failed ones unless <c>all</c>); the
    /// active version always stays.</summary>
    [Post("/api/v2/templates/{template}/versions/archive")]
    Task<ArchiveTemplateVersionsResponse> ArchiveUnusedVersionsAsync(Guid template, [Body] ArchiveTemplateVersionsRequest request, CancellationToken cancellationToken = default);

    [Get("/api/v2/templates/{template}/acl")]
    Task<TemplateACL> GetAclAsync(Guid template, CancellationToken cancellationToken = default);

    /// <summary>Sets the roles of the listed users and groups; an empty role removes the entry.</summary>
    [Patch("/api/v2/templates/{template}/acl")]
    Task UpdateAclAsync(Guid template, [Body] UpdateTemplateACL request, CancellationToken cancellationToken = default);
}

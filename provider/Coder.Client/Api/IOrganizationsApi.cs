using Coder.Client.Models;
using Refit;

namespace Coder.Client.Api;

/// <summary>Organizations and their members. <c>organization</c> is an organization's ID or name; <c>user</c> is a
/// user's ID, username or <c>me</c>.</summary>
public interface IOrganizationsApi
{
    [Get("/api/v2/organizations")]
    Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken = default);

    [Post("/api/v2/organizations")]
    Task<Organization> CreateAsync([Body] CreateOrganizationRequest request, CancellationToken cancellationToken = default);

    [Get("/api/v2/organizations/{organization}")]
    Task<Organization> GetAsync(string organization, CancellationToken cancellationToken = default);

    [Patch("/api/v2/organizations/{organization}")]
    Task<Organization> UpdateAsync(string organization, [Body] UpdateOrganizationRequest request, CancellationToken cancellationToken = default);

    [Delete("/api/v2/organizations/{organization}")]
    Task DeleteAsync(string organization, CancellationToken cancellationToken = default);

    [Get("/api/v2/organizations/{organization}/members")]
    Task<IReadOnlyList<OrganizationMemberWithUserData>> ListMembersAsync(string organization, CancellationToken cancellationToken = default);

    [Get("/api/v2/organizations/{organization}/members/{user}")]
    Task<OrganizationMemberWithUserData> GetMemberAsync(string organization, string user, CancellationToken cancellationToken = default);

    [Post("/api/v2/organizations/{organization}/members/{user}")]
    Task<OrganizationMember> AddMemberAsync(string organization, string user, CancellationToken cancellationToken = default);

    [Delete("/api/v2/organizations/{organization}/members/{user}")]
    Task RemoveMemberAsync(string organization, string user, CancellationToken cancellationToken = default);

    /// <summary>Replaces the member's organization roles.</summary>
    [Put("/api/v2/organizations/{organization}/members/{user}/roles")]
    Task<OrganizationMember> UpdateMemberRolesAsync(string organization, string user, [Body] UpdateRoles request, CancellationToken cancellationToken = default);

    [Get("/api/v2/organizations/{organization}/provisionerjobs/{job}")]
    Task<ProvisionerJob> GetProvisionerJobAsync(string organization, Guid job, CancellationToken cancellationToken = default);

    /// <summary>
    /// The organization's provisioner daemons, newest first. Without <paramref name="offline"/> coderd lists only
    /// daemons seen in the last 90 seconds. Needs permission to read provisioner jobs (owners, template admins).
    /// </summary>
    /// <param name="tags">Only daemons that could take a job with these tags (their tags contain them; a job with
    /// no tags but scope and owner only matches an untagged daemon): a JSON object, <see cref="ProvisionerTags.ToQuery"/>.</param>
    /// <param name="offline">Also daemons not seen recently (or never), with status <see cref="ProvisionerDaemonStatus.Offline"/>.</param>
    /// <param name="limit">At most this many; coderd's default is 50, and 0 means all.</param>
    [Get("/api/v2/organizations/{organization}/provisionerdaemons")]
    Task<IReadOnlyList<ProvisionerDaemon>> ListProvisionerDaemonsAsync(
        string organization,
        string? tags = null,
        bool? offline = null,
        int? limit = null,
        CancellationToken cancellationToken = default);
}

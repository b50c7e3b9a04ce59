using Coder.Client.Models;
using Refit;

namespace Coder.Client.Api;

/// <summary>Groups (a licensed feature: without it coderd answers 403, see
/// <see cref="Errors.CoderApiException.MissingLicenseFeature"/>). <c>organization</c> is an ID or name.</summary>
public interface IGroupsApi
{
    /// <param name="organization">Only groups of this organization (ID or name).</param>
    /// <param name="hasMember">Only groups with this member (user ID or username).</param>
    /// <param name="groupIds">Only these groups, comma separated.</param>
    [Get("/api/v2/groups")]
    Task<IReadOnlyList<Group>> ListAsync(
        string? organization = null,
        [AliasAs("has_member")] string? hasMember = null,
        [AliasAs("group_ids")] string? groupIds = null,
        CancellationToken cancellationToken = default);

    [Get("/api/v2/organizations/{organization}/groups")]
    Task<IReadOnlyList<Group>> ListByOrganizationAsync(string organization, CancellationToken cancellationToken = default);

    [Post("/api/v2/organizations/{organization}/groups")]
    Task<Group> CreateAsync(string organization, [Body] CreateGroupRequest request, CancellationToken cancellationToken = default);

    [Get("/api/v2/organizations/{organization}/groups/{groupName}")]
    Task<Group> GetByNameAsync(string organization, string groupName, CancellationToken cancellationToken = default);

    [Get("/api/v2/groups/{group}")]
    Task<Group> GetAsync(Guid group, [AliasAs("exclude_members")] bool? excludeMembers = null, CancellationToken cancellationToken = default);

    [Patch("/api/v2/groups/{group}")]
    Task<Group> UpdateAsync(Guid group, [Body] PatchGroupRequest request, CancellationToken cancellationToken = default);

    [Delete("/api/v2/groups/{group}")]
    Task DeleteAsync(Guid group, CancellationToken cancellationToken = default);
}

using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>Rows to codersdk response shapes (db2sdk). Callers hold the state lock.</summary>
public static class Convert
{
    /// <summary>Go's omitempty for strings: an empty value is left out of the JSON.</summary>
    public static string? OmitEmpty(string value) => value.Length == 0 ? null : value;

    public static SlimRole SiteRole(string name) =>
        Roles.Site.TryGetValue(name, out var display) ? new SlimRole(name, display) : new SlimRole(name, "");

    public static SlimRole OrganizationRole(string name, Guid organizationId) =>
        new(name, Roles.Organization.GetValueOrDefault(name, ""), organizationId.ToString());

    public static ReducedUser Reduced(UserRow user) => new(
        user.Id, user.Username, OmitEmpty(user.Name), OmitEmpty(user.AvatarUrl), user.Email, user.CreatedAt, user.UpdatedAt, user.LastSeenAt,
        user.Status, user.LoginType, user.IsServiceAccount);

    /// <param name="organizationIds">As coderd fills it: null when the lookup found no memberships in a list call.</param>
    public static User User(UserRow user, IReadOnlyList<Guid>? organizationIds) => new(
        user.Id, user.Username, OmitEmpty(user.Name), OmitEmpty(user.AvatarUrl), user.Email, user.CreatedAt, user.UpdatedAt, user.LastSeenAt,
        user.Status, user.LoginType, user.IsServiceAccount, organizationIds,
        user.RbacRoles.Select(SiteRole).ToList(), HasAiSeat: false);

    public static Organization Organization(OrganizationRow org) => new(
        org.Id, org.Name, org.DisplayName, org.Icon, org.Description, org.CreatedAt, org.UpdatedAt, org.IsDefault,
        org.DefaultOrgMemberRoles.ToList());

    public static OrganizationMember Member(MembershipRow membership) => new(
        membership.UserId, membership.OrganizationId, membership.CreatedAt, membership.UpdatedAt,
        membership.Roles.Select(r => OrganizationRole(r, membership.OrganizationId)).ToList());

    public static OrganizationMemberWithUserData MemberWithUser(MembershipRow membership, UserRow user) => new(
        user.Username, OmitEmpty(user.Name), OmitEmpty(user.AvatarUrl), user.Email, user.Status, user.LoginType, user.LastSeenAt,
        user.CreatedAt, user.UpdatedAt, user.IsServiceAccount, user.RbacRoles.Select(SiteRole).ToList(), HasAiSeat: false,
        membership.UserId, membership.OrganizationId, membership.CreatedAt, membership.UpdatedAt,
        membership.Roles.Select(r => OrganizationRole(r, membership.OrganizationId)).ToList());

    public static Group Group(DoubleState state, GroupRow group, bool includeMembers = true)
    {
        var org = state.OrganizationById(group.OrganizationId)!;
        var members = state.GroupMembers(group);
        return new Group(
            group.Id, group.Name, group.DisplayName, group.OrganizationId,
            includeMembers ? members.Select(Reduced).ToList() : [],
            members.Count, group.AvatarUrl, group.QuotaAllowance, group.Source, org.Name, org.DisplayName);
    }

    public static PaginatedGroup PaginatedGroup(DoubleState state, GroupRow group)
    {
        var org = state.OrganizationById(group.OrganizationId)!;
        return new PaginatedGroup(group.Id, group.Name, group.DisplayName, group.OrganizationId, state.GroupMembers(group).Count,
            group.AvatarUrl, group.QuotaAllowance, group.Source, org.Name, org.DisplayName);
    }
}

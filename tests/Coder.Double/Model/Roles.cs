namespace Coder.Double.Model;

/// <summary>coderd's built-in roles (rbac/roles.go) and the per-organization system roles it stores.</summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Member = "member";
    public const string OrganizationMember = "organization-member";

    /// <summary>Deployment-wide roles and their display names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Site = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Owner] = "Owner",
        [Member] = "Member",
        ["auditor"] = "Auditor",
        ["template-admin"] = "Template Admin",
        ["user-admin"] = "User Admin",
    };

    /// <summary>Organization-scoped built-in roles and their display names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Organization = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["organization-admin"] = "Organization Admin",
        ["organization-auditor"] = "Organization Auditor",
        ["organization-user-admin"] = "Organization User Admin",
        ["organization-template-admin"] = "Organization Template Admin",
        ["organization-workspace-creation-ban"] = "Organization Workspace Creation Ban",
        ["organization-workspace-access"] = "Organization Workspace Access",
        ["agents-access"] = "Coder Agents User",
    };

    /// <summary>System roles coderd stores per organization (no built-in display name in responses).</summary>
    public static readonly IReadOnlySet<string> OrganizationSystem = new HashSet<string>(StringComparer.Ordinal)
    {
        OrganizationMember,
        "organization-service-account",
    };

    /// <summary>Roles an owner may grant inside an organization (the system service-account role is not one).</summary>
    public static bool OwnerMayAssignInOrganization(string name) => Organization.ContainsKey(name) || name == OrganizationMember;
}

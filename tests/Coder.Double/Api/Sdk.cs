using System.Text.Json.Serialization;

namespace Coder.Double.Api;

// Response bodies, shaped like codersdk's Go structs (field names, omitempty, null slices). Property order follows
// the Go field order so captured JSON reads like coderd's. Go's omitempty on a string is modelled as a nullable
// string that converters set to null when empty (see Convert.OmitEmpty).

public sealed record SlimRole(
    string Name,
    string DisplayName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OrganizationId = null);

public sealed record ReducedUser(
    Guid Id,
    string Username,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AvatarUrl,
    string Email,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastSeenAt,
    string Status,
    string LoginType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsServiceAccount);

public sealed record User(
    Guid Id,
    string Username,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AvatarUrl,
    string Email,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastSeenAt,
    string Status,
    string LoginType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsServiceAccount,
    IReadOnlyList<Guid>? OrganizationIds,
    IReadOnlyList<SlimRole> Roles,
    bool HasAiSeat);

public sealed record GetUsersResponse(IReadOnlyList<User> Users, int Count);

public sealed record UserRoles(IReadOnlyList<string> Roles, IReadOnlyDictionary<string, IReadOnlyList<string>> OrganizationRoles);

public sealed record UserLoginType(string LoginType);

public sealed record Organization(
    Guid Id,
    string Name,
    string DisplayName,
    string Icon,
    string Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool IsDefault,
    IReadOnlyList<string> DefaultOrgMemberRoles);

public sealed record OrganizationMember(
    Guid UserId,
    Guid OrganizationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<SlimRole> Roles);

public sealed record OrganizationMemberWithUserData(
    string Username,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AvatarUrl,
    string Email,
    string Status,
    string LoginType,
    DateTimeOffset LastSeenAt,
    DateTimeOffset UserCreatedAt,
    DateTimeOffset UserUpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsServiceAccount,
    IReadOnlyList<SlimRole> GlobalRoles,
    bool HasAiSeat,
    Guid UserId,
    Guid OrganizationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<SlimRole> Roles);

public sealed record PaginatedMembersResponse(IReadOnlyList<OrganizationMemberWithUserData> Members, int Count);

public sealed record Group(
    Guid Id,
    string Name,
    string DisplayName,
    Guid OrganizationId,
    IReadOnlyList<ReducedUser> Members,
    int TotalMemberCount,
    string AvatarUrl,
    int QuotaAllowance,
    string Source,
    string OrganizationName,
    string OrganizationDisplayName);

public sealed record PaginatedGroup(
    Guid Id,
    string Name,
    string DisplayName,
    Guid OrganizationId,
    int TotalMemberCount,
    string AvatarUrl,
    int QuotaAllowance,
    string Source,
    string OrganizationName,
    string OrganizationDisplayName);

public sealed record PaginatedGroupsResponse(IReadOnlyList<PaginatedGroup> Groups, int Count);

/// <summary>Users is null (not []) when empty, as coderd sends it.</summary>
public sealed record GroupMembersResponse(IReadOnlyList<ReducedUser>? Users, int Count);

public sealed record BuildInfoResponse(
    string ExternalUrl,
    string Version,
    string DashboardUrl,
    bool Telemetry,
    bool WorkspaceProxy,
    string AgentApiVersion,
    string ProvisionerApiVersion,
    string UpgradeMessage,
    string DeploymentId);

public sealed record Feature(
    string Entitlement,
    bool Enabled,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Limit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Actual = null);

public sealed record Entitlements(
    IReadOnlyDictionary<string, Feature> Features,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Errors,
    bool HasLicense,
    bool Trial,
    bool RequireTelemetry,
    DateTimeOffset RefreshedAt);

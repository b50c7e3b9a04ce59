using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record Organization
{
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("default_org_member_roles")] public IReadOnlyList<string>? DefaultOrgMemberRoles { get; init; }
    [JsonPropertyName("description")] public string Description { get; set; } = "";
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("icon")] public string Icon { get; set; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("is_default")] public bool IsDefault { get; init; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record CreateOrganizationRequest
{
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("display_name")] public string? DisplayName { get; init; }
    [JsonPropertyName("icon")] public string? Icon { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
}

public sealed record UpdateOrganizationRequest
{
    [JsonPropertyName("default_org_member_roles")] public IReadOnlyList<string>? DefaultOrgMemberRoles { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("display_name")] public string? DisplayName { get; init; }
    [JsonPropertyName("icon")] public string? Icon { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

public sealed record OrganizationMember
{
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("organization_id")] public Guid OrganizationId { get; init; }
    [JsonPropertyName("roles")] public IReadOnlyList<SlimRole>? Roles { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("user_id")] public Guid UserId { get; init; }
}

public sealed record OrganizationMemberWithUserData
{
    [JsonPropertyName("avatar_url")] public string AvatarUrl { get; set; } = "";
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("email")] public string Email { get; set; } = "";
    [JsonPropertyName("global_roles")] public IReadOnlyList<SlimRole>? GlobalRoles { get; init; }
    [JsonPropertyName("has_ai_seat")] public bool HasAiSeat { get; init; }
    [JsonPropertyName("is_service_account")] public bool IsServiceAccount { get; init; }
    [JsonPropertyName("last_seen_at")] public DateTimeOffset? LastSeenAt { get; init; }
    [JsonPropertyName("login_type")] public string LoginType { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("organization_id")] public Guid OrganizationId { get; init; }
    [JsonPropertyName("roles")] public IReadOnlyList<SlimRole>? Roles { get; init; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("user_created_at")] public DateTimeOffset UserCreatedAt { get; init; }
    [JsonPropertyName("user_id")] public Guid UserId { get; init; }
    [JsonPropertyName("user_updated_at")] public DateTimeOffset UserUpdatedAt { get; init; }
    [JsonPropertyName("username")] public string Username { get; set; } = "";
}

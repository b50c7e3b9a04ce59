using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record User
{
    [JsonPropertyName("avatar_url")] public string AvatarUrl { get; set; } = "";
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("email")] public string Email { get; set; } = "";
    [JsonPropertyName("has_ai_seat")] public bool HasAiSeat { get; init; }
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("is_service_account")] public bool IsServiceAccount { get; init; }
    [JsonPropertyName("last_seen_at")] public DateTimeOffset? LastSeenAt { get; init; }
    [JsonPropertyName("login_type")] public string LoginType { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("organization_ids")] public IReadOnlyList<Guid>? OrganizationIds { get; init; }
    [JsonPropertyName("roles")] public IReadOnlyList<SlimRole>? Roles { get; init; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("theme_preference")] public string ThemePreference { get; set; } = "";
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("username")] public string Username { get; set; } = "";
}

public sealed record GetUsersResponse
{
    [JsonPropertyName("count")] public long Count { get; init; }
    [JsonPropertyName("users")] public IReadOnlyList<User>? Users { get; init; }
}

public sealed record CreateUserRequestWithOrgs
{
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("login_type")] public string? LoginType { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("organization_ids")] public IReadOnlyList<Guid>? OrganizationIds { get; init; }
    [JsonPropertyName("password")] public string? Password { get; init; }
    [JsonPropertyName("roles")] public IReadOnlyList<string>? Roles { get; init; }
    [JsonPropertyName("service_account")] public bool? ServiceAccount { get; init; }
    [JsonPropertyName("user_status")] public string? UserStatus { get; init; }
    [JsonPropertyName("username")] public required string Username { get; init; }
}

public sealed record UpdateUserProfileRequest
{
    [JsonPropertyName("avatar_url")] public string? AvatarUrl { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("username")] public required string Username { get; init; }
}

public sealed record UpdateUserPasswordRequest
{
    [JsonPropertyName("old_password")] public string? OldPassword { get; init; }
    [JsonPropertyName("password")] public required string Password { get; init; }
}

public sealed record UpdateRoles
{
    [JsonPropertyName("roles")] public IReadOnlyList<string>? Roles { get; init; }
}

public sealed record UserLoginType
{
    [JsonPropertyName("login_type")] public string LoginType { get; set; } = "";
}

/// <summary>GET /api/v2/users/{user}/roles. The swagger says it returns a User; coderd writes this shape.</summary>
public sealed record UserRoles
{
    [JsonPropertyName("roles")] public IReadOnlyList<string>? Roles { get; init; }
    [JsonPropertyName("organization_roles")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? OrganizationRoles { get; init; }
}

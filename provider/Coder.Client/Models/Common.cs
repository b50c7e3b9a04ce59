using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record ApiResponse
{
    [JsonPropertyName("detail")] public string Detail { get; init; } = "";
    [JsonPropertyName("message")] public string Message { get; init; } = "";
    [JsonPropertyName("validations")] public IReadOnlyList<ValidationError>? Validations { get; init; }
}

public sealed record ValidationError
{
    [JsonPropertyName("detail")] public string Detail { get; init; } = "";
    [JsonPropertyName("field")] public string Field { get; init; } = "";
}

public sealed record MinimalUser
{
    [JsonPropertyName("avatar_url")] public string AvatarUrl { get; init; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("username")] public string Username { get; init; } = "";
}

public sealed record ReducedUser
{
    [JsonPropertyName("avatar_url")] public string AvatarUrl { get; init; } = "";
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("email")] public string Email { get; init; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("is_service_account")] public bool IsServiceAccount { get; init; }
    [JsonPropertyName("last_seen_at")] public DateTimeOffset? LastSeenAt { get; init; }
    [JsonPropertyName("login_type")] public string LoginType { get; init; } = "";
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    [JsonPropertyName("theme_preference")] public string ThemePreference { get; init; } = "";
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("username")] public string Username { get; init; } = "";
}

public sealed record SlimRole
{
    [JsonPropertyName("display_name")] public string DisplayName { get; init; } = "";
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("organization_id")] public string OrganizationId { get; init; } = "";
}

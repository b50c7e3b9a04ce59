using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record ApiResponse
{
    [JsonPropertyName("detail")] public string Detail { get; set; } = "";
    [JsonPropertyName("message")] public string Message { get; set; } = "";
    [JsonPropertyName("validations")] public IReadOnlyList<ValidationError>? Validations { get; init; }
}

public sealed record ValidationError
{
    [JsonPropertyName("detail")] public string Detail { get; set; } = "";
    [JsonPropertyName("field")] public string Field { get; set; } = "";
}

public sealed record MinimalUser
{
    [JsonPropertyName("avatar_url")] public string AvatarUrl { get; set; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("username")] public string Username { get; set; } = "";
}

public sealed record ReducedUser
{
    [JsonPropertyName("avatar_url")] public string AvatarUrl { get; set; } = "";
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("email")] public string Email { get; set; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("is_service_account")] public bool IsServiceAccount { get; init; }
    [JsonPropertyName("last_seen_at")] public DateTimeOffset? LastSeenAt { get; init; }
    [JsonPropertyName("login_type")] public string LoginType { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("theme_preference")] public string ThemePreference { get; set; } = "";
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("username")] public string Username { get; set; } = "";
}

public sealed record SlimRole
{
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("organization_id")] public string OrganizationId { get; set; } = "";
}

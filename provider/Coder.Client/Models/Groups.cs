using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record Group
{
    [JsonPropertyName("avatar_url")] public string AvatarUrl { get; set; } = "";
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("members")] public IReadOnlyList<ReducedUser>? Members { get; init; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("organization_display_name")] public string OrganizationDisplayName { get; set; } = "";
    [JsonPropertyName("organization_id")] public Guid OrganizationId { get; init; }
    [JsonPropertyName("organization_name")] public string OrganizationName { get; set; } = "";
    [JsonPropertyName("quota_allowance")] public long QuotaAllowance { get; init; }
    [JsonPropertyName("source")] public string Source { get; set; } = "";
    [JsonPropertyName("total_member_count")] public long TotalMemberCount { get; init; }
}

public sealed record CreateGroupRequest
{
    [JsonPropertyName("avatar_url")] public string? AvatarUrl { get; init; }
    [JsonPropertyName("display_name")] public string? DisplayName { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("quota_allowance")] public long? QuotaAllowance { get; init; }
}

public sealed record PatchGroupRequest
{
    [JsonPropertyName("add_users")] public IReadOnlyList<string>? AddUsers { get; init; }
    [JsonPropertyName("avatar_url")] public string? AvatarUrl { get; init; }
    [JsonPropertyName("display_name")] public string? DisplayName { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("quota_allowance")] public long? QuotaAllowance { get; init; }
    [JsonPropertyName("remove_users")] public IReadOnlyList<string>? RemoveUsers { get; init; }
}

using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record Template
{
    [JsonPropertyName("active_user_count")] public long ActiveUserCount { get; init; }
    [JsonPropertyName("active_version_id")] public Guid ActiveVersionId { get; init; }
    [JsonPropertyName("activity_bump_ms")] public long ActivityBumpMs { get; init; }
    [JsonPropertyName("agents_allowed")] public bool AgentsAllowed { get; init; }
    [JsonPropertyName("allow_user_autostart")] public bool AllowUserAutostart { get; init; }
    [JsonPropertyName("allow_user_autostop")] public bool AllowUserAutostop { get; init; }
    [JsonPropertyName("allow_user_cancel_workspace_jobs")] public bool AllowUserCancelWorkspaceJobs { get; init; }
    [JsonPropertyName("autostart_requirement")] public TemplateAutostartRequirement AutostartRequirement { get; set; } = new();
    [JsonPropertyName("autostop_requirement")] public TemplateAutostopRequirement AutostopRequirement { get; set; } = new();
    [JsonPropertyName("build_time_stats")] public IReadOnlyDictionary<string, TransitionStats>? BuildTimeStats { get; init; }
    [JsonPropertyName("cors_behavior")] public string CorsBehavior { get; set; } = "";
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("created_by_id")] public Guid CreatedById { get; init; }
    [JsonPropertyName("created_by_name")] public string CreatedByName { get; set; } = "";
    [JsonPropertyName("default_ttl_ms")] public long DefaultTtlMs { get; init; }
    [JsonPropertyName("deleted")] public bool Deleted { get; init; }
    [JsonPropertyName("deprecated")] public bool Deprecated { get; init; }
    [JsonPropertyName("deprecation_message")] public string DeprecationMessage { get; set; } = "";
    [JsonPropertyName("description")] public string Description { get; set; } = "";
    [JsonPropertyName("disable_module_cache")] public bool DisableModuleCache { get; init; }
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("failure_ttl_ms")] public long FailureTtlMs { get; init; }
    [JsonPropertyName("icon")] public string Icon { get; set; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("max_port_share_level")] public string MaxPortShareLevel { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("organization_display_name")] public string OrganizationDisplayName { get; set; } = "";
    [JsonPropertyName("organization_icon")] public string OrganizationIcon { get; set; } = "";
    [JsonPropertyName("organization_id")] public Guid OrganizationId { get; init; }
    [JsonPropertyName("organization_name")] public string OrganizationName { get; set; } = "";
    [JsonPropertyName("provisioner")] public string Provisioner { get; set; } = "";
    [JsonPropertyName("require_active_version")] public bool RequireActiveVersion { get; init; }
    [JsonPropertyName("time_til_autostop_notify_ms")] public long TimeTilAutostopNotifyMs { get; init; }
    [JsonPropertyName("time_til_dormant_autodelete_ms")] public long TimeTilDormantAutodeleteMs { get; init; }
    [JsonPropertyName("time_til_dormant_ms")] public long TimeTilDormantMs { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("use_classic_parameter_flow")] public bool UseClassicParameterFlow { get; init; }
}

public sealed record CreateTemplateRequest
{
    [JsonPropertyName("activity_bump_ms")] public long? ActivityBumpMs { get; init; }
    [JsonPropertyName("agents_allowed")] public bool? AgentsAllowed { get; init; }
    [JsonPropertyName("allow_user_autostart")] public bool? AllowUserAutostart { get; init; }
    [JsonPropertyName("allow_user_autostop")] public bool? AllowUserAutostop { get; init; }
    [JsonPropertyName("allow_user_cancel_workspace_jobs")] public bool? AllowUserCancelWorkspaceJobs { get; init; }
    [JsonPropertyName("autostart_requirement")] public TemplateAutostartRequirement? AutostartRequirement { get; init; }
    [JsonPropertyName("autostop_requirement")] public TemplateAutostopRequirement? AutostopRequirement { get; init; }
    [JsonPropertyName("cors_behavior")] public string? CorsBehavior { get; init; }
    [JsonPropertyName("default_ttl_ms")] public long? DefaultTtlMs { get; init; }
    [JsonPropertyName("delete_ttl_ms")] public long? DeleteTtlMs { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("disable_everyone_group_access")] public bool? DisableEveryoneGroupAccess { get; init; }
    [JsonPropertyName("display_name")] public string? DisplayName { get; init; }
    [JsonPropertyName("dormant_ttl_ms")] public long? DormantTtlMs { get; init; }
    [JsonPropertyName("failure_ttl_ms")] public long? FailureTtlMs { get; init; }
    [JsonPropertyName("icon")] public string? Icon { get; init; }
    [JsonPropertyName("max_port_share_level")] public string? MaxPortShareLevel { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("require_active_version")] public bool? RequireActiveVersion { get; init; }
    [JsonPropertyName("template_use_classic_parameter_flow")] public bool? TemplateUseClassicParameterFlow { get; init; }
    [JsonPropertyName("template_version_id")] public required Guid TemplateVersionId { get; init; }
    [JsonPropertyName("time_til_autostop_notify_ms")] public long? TimeTilAutostopNotifyMs { get; init; }
}

public sealed record UpdateTemplateMeta
{
    [JsonPropertyName("activity_bump_ms")] public long? ActivityBumpMs { get; init; }
    [JsonPropertyName("agents_allowed")] public bool? AgentsAllowed { get; init; }
    [JsonPropertyName("allow_user_autostart")] public bool? AllowUserAutostart { get; init; }
    [JsonPropertyName("allow_user_autostop")] public bool? AllowUserAutostop { get; init; }
    [JsonPropertyName("allow_user_cancel_workspace_jobs")] public bool? AllowUserCancelWorkspaceJobs { get; init; }
    [JsonPropertyName("autostart_requirement")] public TemplateAutostartRequirement? AutostartRequirement { get; init; }
    [JsonPropertyName("autostop_requirement")] public TemplateAutostopRequirement? AutostopRequirement { get; init; }
    [JsonPropertyName("cors_behavior")] public string? CorsBehavior { get; init; }
    [JsonPropertyName("default_ttl_ms")] public long? DefaultTtlMs { get; init; }
    [JsonPropertyName("deprecation_message")] public string? DeprecationMessage { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("disable_everyone_group_access")] public bool? DisableEveryoneGroupAccess { get; init; }
    [JsonPropertyName("disable_module_cache")] public bool? DisableModuleCache { get; init; }
    [JsonPropertyName("display_name")] public string? DisplayName { get; init; }
    [JsonPropertyName("failure_ttl_ms")] public long? FailureTtlMs { get; init; }
    [JsonPropertyName("icon")] public string? Icon { get; init; }
    [JsonPropertyName("max_port_share_level")] public string? MaxPortShareLevel { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("require_active_version")] public bool? RequireActiveVersion { get; init; }
    [JsonPropertyName("time_til_autostop_notify_ms")] public long? TimeTilAutostopNotifyMs { get; init; }
    [JsonPropertyName("time_til_dormant_autodelete_ms")] public long? TimeTilDormantAutodeleteMs { get; init; }
    [JsonPropertyName("time_til_dormant_ms")] public long? TimeTilDormantMs { get; init; }
    [JsonPropertyName("update_workspace_dormant_at")] public bool? UpdateWorkspaceDormantAt { get; init; }
    [JsonPropertyName("update_workspace_last_used_at")] public bool? UpdateWorkspaceLastUsedAt { get; init; }
    [JsonPropertyName("use_classic_parameter_flow")] public bool? UseClassicParameterFlow { get; init; }
}

public sealed record TemplateAutostartRequirement
{
    [JsonPropertyName("days_of_week")] public IReadOnlyList<string>? DaysOfWeek { get; init; }
}

public sealed record TemplateAutostopRequirement
{
    [JsonPropertyName("days_of_week")] public IReadOnlyList<string>? DaysOfWeek { get; init; }
    [JsonPropertyName("weeks")] public long Weeks { get; init; }
}

public sealed record TransitionStats
{
    [JsonPropertyName("p50")] public long? P50 { get; init; }
    [JsonPropertyName("p95")] public long? P95 { get; init; }
}

public sealed record UpdateActiveTemplateVersion
{
    [JsonPropertyName("id")] public required Guid Id { get; init; }
}

public sealed record ArchiveTemplateVersionsRequest
{
    [JsonPropertyName("all")] public bool? All { get; init; }
}

/// <summary>What <c>POST /templates/{template}/versions/archive</c> archived. (Swagger documents a
/// codersdk.Response; coderd writes this.)</summary>
public sealed record ArchiveTemplateVersionsResponse
{
    [JsonPropertyName("template_id")] public Guid TemplateId { get; init; }
    [JsonPropertyName("archived_ids")] public IReadOnlyList<Guid>? ArchivedIds { get; init; }
}

public sealed record TemplateACL
{
    [JsonPropertyName("group")] public IReadOnlyList<TemplateGroup>? Group { get; init; }
    [JsonPropertyName("users")] public IReadOnlyList<TemplateUser>? Users { get; init; }
}

public sealed record TemplateUser
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
    [JsonPropertyName("role")] public string Role { get; set; } = "";
    [JsonPropertyName("roles")] public IReadOnlyList<SlimRole>? Roles { get; init; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("theme_preference")] public string ThemePreference { get; set; } = "";
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("username")] public string Username { get; set; } = "";
}

public sealed record TemplateGroup
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
    [JsonPropertyName("role")] public string Role { get; set; } = "";
    [JsonPropertyName("source")] public string Source { get; set; } = "";
    [JsonPropertyName("total_member_count")] public long TotalMemberCount { get; init; }
}

public sealed record UpdateTemplateACL
{
    [JsonPropertyName("group_perms")] public IReadOnlyDictionary<string, string>? GroupPerms { get; init; }
    [JsonPropertyName("user_perms")] public IReadOnlyDictionary<string, string>? UserPerms { get; init; }
}

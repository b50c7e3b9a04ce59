using System.Text.Json.Serialization;
using Coder.Client.Serialization;

namespace Coder.Client.Models;

public sealed record Workspace
{
    [JsonPropertyName("allow_renames")] public bool AllowRenames { get; init; }
    [JsonPropertyName("automatic_updates")] public string AutomaticUpdates { get; set; } = "";
    [JsonPropertyName("autostart_schedule")] public string? AutostartSchedule { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("deleting_at")] public DateTimeOffset? DeletingAt { get; init; }
    [JsonPropertyName("dormant_at")] public DateTimeOffset? DormantAt { get; init; }
    [JsonPropertyName("favorite")] public bool Favorite { get; init; }
    [JsonPropertyName("health")] public WorkspaceHealth Health { get; set; } = new();
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("is_prebuild")] public bool IsPrebuild { get; init; }
    [JsonPropertyName("last_used_at")] public DateTimeOffset LastUsedAt { get; init; }
    [JsonPropertyName("latest_app_status")] public WorkspaceAppStatus? LatestAppStatus { get; init; }
    [JsonPropertyName("latest_build")] public WorkspaceBuild LatestBuild { get; set; } = new();
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("next_start_at")] public DateTimeOffset? NextStartAt { get; init; }
    [JsonPropertyName("organization_id")] public Guid OrganizationId { get; init; }
    [JsonPropertyName("organization_name")] public string OrganizationName { get; set; } = "";
    [JsonPropertyName("outdated")] public bool Outdated { get; init; }
    [JsonPropertyName("owner_avatar_url")] public string OwnerAvatarUrl { get; set; } = "";
    [JsonPropertyName("owner_id")] public Guid OwnerId { get; init; }
    [JsonPropertyName("owner_name")] public string OwnerName { get; set; } = "";
    [JsonPropertyName("shared_with")] public IReadOnlyList<SharedWorkspaceActor>? SharedWith { get; init; }
    [JsonPropertyName("task_id")] [JsonConverter(typeof(LenientNullableGuidConverter))] public Guid? TaskId { get; init; }
    [JsonPropertyName("template_active_version_id")] public Guid TemplateActiveVersionId { get; init; }
    [JsonPropertyName("template_allow_user_cancel_workspace_jobs")] public bool TemplateAllowUserCancelWorkspaceJobs { get; init; }
    [JsonPropertyName("template_display_name")] public string TemplateDisplayName { get; set; } = "";
    [JsonPropertyName("template_icon")] public string TemplateIcon { get; set; } = "";
    [JsonPropertyName("template_id")] public Guid TemplateId { get; init; }
    [JsonPropertyName("template_name")] public string TemplateName { get; set; } = "";
    [JsonPropertyName("template_require_active_version")] public bool TemplateRequireActiveVersion { get; init; }
    [JsonPropertyName("template_use_classic_parameter_flow")] public bool TemplateUseClassicParameterFlow { get; init; }
    [JsonPropertyName("ttl_ms")] public long? TtlMs { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record WorkspacesResponse
{
    [JsonPropertyName("count")] public long Count { get; init; }
    [JsonPropertyName("workspaces")] public IReadOnlyList<Workspace>? Workspaces { get; init; }
}

public sealed record CreateWorkspaceRequest
{
    [JsonPropertyName("automatic_updates")] public string? AutomaticUpdates { get; init; }
    [JsonPropertyName("autostart_schedule")] public string? AutostartSchedule { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("rich_parameter_values")] public IReadOnlyList<WorkspaceBuildParameter>? RichParameterValues { get; init; }
    [JsonPropertyName("template_id")] public Guid? TemplateId { get; init; }
    [JsonPropertyName("template_version_id")] public Guid? TemplateVersionId { get; init; }
    [JsonPropertyName("template_version_preset_id")] public Guid? TemplateVersionPresetId { get; init; }
    [JsonPropertyName("ttl_ms")] public long? TtlMs { get; init; }
}

public sealed record UpdateWorkspaceRequest
{
    [JsonPropertyName("name")] public string? Name { get; init; }
}

public sealed record UpdateWorkspaceAutostartRequest
{
    [JsonPropertyName("schedule")] public string? Schedule { get; init; }
}

public sealed record UpdateWorkspaceTTLRequest
{
    [JsonPropertyName("ttl_ms")] public long? TtlMs { get; init; }
}

public sealed record UpdateWorkspaceAutomaticUpdatesRequest
{
    [JsonPropertyName("automatic_updates")] public string? AutomaticUpdates { get; init; }
}

public sealed record UpdateWorkspaceDormancy
{
    [JsonPropertyName("dormant")] public bool? Dormant { get; init; }
}

public sealed record WorkspaceHealth
{
    [JsonPropertyName("failing_agents")] public IReadOnlyList<Guid>? FailingAgents { get; init; }
    [JsonPropertyName("healthy")] public bool Healthy { get; init; }
}

public sealed record SharedWorkspaceActor
{
    [JsonPropertyName("actor_type")] public string ActorType { get; set; } = "";
    [JsonPropertyName("avatar_url")] public string AvatarUrl { get; set; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("roles")] public IReadOnlyList<string>? Roles { get; init; }
}

using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record WorkspaceBuild
{
    [JsonPropertyName("build_number")] public int BuildNumber { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("daily_cost")] public int DailyCost { get; init; }
    [JsonPropertyName("deadline")] public DateTimeOffset? Deadline { get; init; }
    [JsonPropertyName("has_ai_task")] public bool? HasAiTask { get; init; }
    [JsonPropertyName("has_external_agent")] public bool? HasExternalAgent { get; init; }
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("initiator_id")] public Guid InitiatorId { get; init; }
    [JsonPropertyName("initiator_name")] public string InitiatorName { get; set; } = "";
    [JsonPropertyName("job")] public ProvisionerJob Job { get; set; } = new();
    [JsonPropertyName("matched_provisioners")] public MatchedProvisioners? MatchedProvisioners { get; init; }
    [JsonPropertyName("max_deadline")] public DateTimeOffset? MaxDeadline { get; init; }
    [JsonPropertyName("reason")] public string Reason { get; set; } = "";
    [JsonPropertyName("resources")] public IReadOnlyList<WorkspaceResource>? Resources { get; init; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("template_version_id")] public Guid TemplateVersionId { get; init; }
    [JsonPropertyName("template_version_name")] public string TemplateVersionName { get; set; } = "";
    [JsonPropertyName("template_version_preset_id")] public Guid? TemplateVersionPresetId { get; init; }
    [JsonPropertyName("transition")] public string Transition { get; set; } = "";
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("workspace_id")] public Guid WorkspaceId { get; init; }
    [JsonPropertyName("workspace_name")] public string WorkspaceName { get; set; } = "";
    [JsonPropertyName("workspace_owner_avatar_url")] public string WorkspaceOwnerAvatarUrl { get; set; } = "";
    [JsonPropertyName("workspace_owner_id")] public Guid WorkspaceOwnerId { get; init; }
    [JsonPropertyName("workspace_owner_name")] public string WorkspaceOwnerName { get; set; } = "";
}

public sealed record CreateWorkspaceBuildRequest
{
    [JsonPropertyName("dry_run")] public bool? DryRun { get; init; }
    [JsonPropertyName("log_level")] public string? LogLevel { get; init; }
    [JsonPropertyName("on_success")] public CreateWorkspaceBuildOnSuccessRequest? OnSuccess { get; init; }
    [JsonPropertyName("orphan")] public bool? Orphan { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("rich_parameter_values")] public IReadOnlyList<WorkspaceBuildParameter>? RichParameterValues { get; init; }
    [JsonPropertyName("state")] public byte[]? State { get; init; }
    [JsonPropertyName("template_version_id")] public Guid? TemplateVersionId { get; init; }
    [JsonPropertyName("template_version_preset_id")] public Guid? TemplateVersionPresetId { get; init; }
    [JsonPropertyName("transition")] public required string Transition { get; init; }
}

public sealed record CreateWorkspaceBuildOnSuccessRequest
{
    [JsonPropertyName("rich_parameter_values")] public IReadOnlyList<WorkspaceBuildParameter>? RichParameterValues { get; init; }
    [JsonPropertyName("template_version_id")] public Guid? TemplateVersionId { get; init; }
    [JsonPropertyName("template_version_preset_id")] public Guid? TemplateVersionPresetId { get; init; }
    [JsonPropertyName("transition")] public required string Transition { get; init; }
}

public sealed record WorkspaceBuildParameter
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("value")] public string Value { get; set; } = "";
}

public sealed record WorkspaceResource
{
    [JsonPropertyName("agents")] public IReadOnlyList<WorkspaceAgent>? Agents { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("daily_cost")] public int DailyCost { get; init; }
    [JsonPropertyName("hide")] public bool Hide { get; init; }
    [JsonPropertyName("icon")] public string Icon { get; set; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("job_id")] public Guid JobId { get; init; }
    [JsonPropertyName("metadata")] public IReadOnlyList<WorkspaceResourceMetadata>? Metadata { get; init; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("workspace_transition")] public string WorkspaceTransition { get; set; } = "";
}

public sealed record WorkspaceResourceMetadata
{
    [JsonPropertyName("key")] public string Key { get; set; } = "";
    [JsonPropertyName("sensitive")] public bool Sensitive { get; init; }
    [JsonPropertyName("value")] public string Value { get; set; } = "";
}

using System.Text.Json.Serialization;
using Coder.Client.Serialization;

namespace Coder.Client.Models;

public sealed record WorkspaceAgent
{
    [JsonPropertyName("api_version")] public string ApiVersion { get; set; } = "";
    [JsonPropertyName("apps")] public IReadOnlyList<WorkspaceApp>? Apps { get; init; }
    [JsonPropertyName("architecture")] public string Architecture { get; set; } = "";
    [JsonPropertyName("connection_timeout_seconds")] public int ConnectionTimeoutSeconds { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("directory")] public string Directory { get; set; } = "";
    [JsonPropertyName("disconnected_at")] public DateTimeOffset? DisconnectedAt { get; init; }
    [JsonPropertyName("display_apps")] public IReadOnlyList<string>? DisplayApps { get; init; }
    [JsonPropertyName("environment_variables")] public IReadOnlyDictionary<string, string>? EnvironmentVariables { get; init; }
    [JsonPropertyName("expanded_directory")] public string ExpandedDirectory { get; set; } = "";
    [JsonPropertyName("first_connected_at")] public DateTimeOffset? FirstConnectedAt { get; init; }
    [JsonPropertyName("health")] public WorkspaceAgentHealth Health { get; set; } = new();
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("instance_id")] public string InstanceId { get; set; } = "";
    [JsonPropertyName("last_connected_at")] public DateTimeOffset? LastConnectedAt { get; init; }
    [JsonPropertyName("latency")] public IReadOnlyDictionary<string, DERPRegion>? Latency { get; init; }
    [JsonPropertyName("lifecycle_state")] public string LifecycleState { get; set; } = "";
    [JsonPropertyName("log_sources")] public IReadOnlyList<WorkspaceAgentLogSource>? LogSources { get; init; }
    [JsonPropertyName("logs_length")] public int LogsLength { get; init; }
    [JsonPropertyName("logs_overflowed")] public bool LogsOverflowed { get; init; }
    [JsonPropertyName("metadata")] public IReadOnlyList<WorkspaceAgentMetadata>? Metadata { get; init; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("operating_system")] public string OperatingSystem { get; set; } = "";
    [JsonPropertyName("parent_id")] [JsonConverter(typeof(LenientNullableGuidConverter))] public Guid? ParentId { get; init; }
    [JsonPropertyName("ready_at")] public DateTimeOffset? ReadyAt { get; init; }
    [JsonPropertyName("resource_id")] public Guid ResourceId { get; init; }
    [JsonPropertyName("scripts")] public IReadOnlyList<WorkspaceAgentScript>? Scripts { get; init; }
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("startup_script_behavior")] public string StartupScriptBehavior { get; set; } = "";
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("subsystems")] public IReadOnlyList<string>? Subsystems { get; init; }
    [JsonPropertyName("troubleshooting_url")] public string TroubleshootingUrl { get; set; } = "";
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("version")] public string Version { get; set; } = "";
}

public sealed record WorkspaceAgentHealth
{
    [JsonPropertyName("healthy")] public bool Healthy { get; init; }
    [JsonPropertyName("reason")] public string Reason { get; set; } = "";
}

public sealed record WorkspaceAgentLogSource
{
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("icon")] public string Icon { get; set; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("workspace_agent_id")] public Guid WorkspaceAgentId { get; init; }
}

public sealed record WorkspaceAgentMetadata
{
    [JsonPropertyName("description")] public WorkspaceAgentMetadataDescription Description { get; set; } = new();
    [JsonPropertyName("result")] public WorkspaceAgentMetadataResult Result { get; set; } = new();
}

public sealed record WorkspaceAgentMetadataDescription
{
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("interval")] public long Interval { get; init; }
    [JsonPropertyName("key")] public string Key { get; set; } = "";
    [JsonPropertyName("script")] public string Script { get; set; } = "";
    [JsonPropertyName("timeout")] public long Timeout { get; init; }
}

public sealed record WorkspaceAgentMetadataResult
{
    [JsonPropertyName("age")] public long Age { get; init; }
    [JsonPropertyName("collected_at")] public DateTimeOffset CollectedAt { get; init; }
    [JsonPropertyName("error")] public string Error { get; set; } = "";
    [JsonPropertyName("value")] public string Value { get; set; } = "";
}

public sealed record WorkspaceAgentScript
{
    [JsonPropertyName("cron")] public string Cron { get; set; } = "";
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("exit_code")] public int? ExitCode { get; init; }
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("log_path")] public string LogPath { get; set; } = "";
    [JsonPropertyName("log_source_id")] public Guid LogSourceId { get; init; }
    [JsonPropertyName("run_on_start")] public bool RunOnStart { get; init; }
    [JsonPropertyName("run_on_stop")] public bool RunOnStop { get; init; }
    [JsonPropertyName("script")] public string Script { get; set; } = "";
    [JsonPropertyName("start_blocks_login")] public bool StartBlocksLogin { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("timeout")] public long Timeout { get; init; }
}

public sealed record WorkspaceApp
{
    [JsonPropertyName("command")] public string Command { get; set; } = "";
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("external")] public bool External { get; init; }
    [JsonPropertyName("group")] public string Group { get; set; } = "";
    [JsonPropertyName("health")] public string Health { get; set; } = "";
    [JsonPropertyName("healthcheck")] public Healthcheck? Healthcheck { get; init; }
    [JsonPropertyName("hidden")] public bool Hidden { get; init; }
    [JsonPropertyName("icon")] public string Icon { get; set; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("open_in")] public string OpenIn { get; set; } = "";
    [JsonPropertyName("sharing_level")] public string SharingLevel { get; set; } = "";
    [JsonPropertyName("slug")] public string Slug { get; set; } = "";
    [JsonPropertyName("statuses")] public IReadOnlyList<WorkspaceAppStatus>? Statuses { get; init; }
    [JsonPropertyName("subdomain")] public bool Subdomain { get; init; }
    [JsonPropertyName("subdomain_name")] public string SubdomainName { get; set; } = "";
    [JsonPropertyName("tooltip")] public string Tooltip { get; set; } = "";
    [JsonPropertyName("url")] public string Url { get; set; } = "";
}

public sealed record WorkspaceAppStatus
{
    [JsonPropertyName("agent_id")] public Guid AgentId { get; init; }
    [JsonPropertyName("app_id")] public Guid AppId { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("icon")] public string Icon { get; set; } = "";
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("message")] public string Message { get; set; } = "";
    [JsonPropertyName("needs_user_attention")] public bool NeedsUserAttention { get; init; }
    [JsonPropertyName("state")] public string State { get; set; } = "";
    [JsonPropertyName("uri")] public string Uri { get; set; } = "";
    [JsonPropertyName("workspace_id")] public Guid WorkspaceId { get; init; }
}

public sealed record Healthcheck
{
    [JsonPropertyName("interval")] public int Interval { get; init; }
    [JsonPropertyName("threshold")] public int Threshold { get; init; }
    [JsonPropertyName("url")] public string Url { get; set; } = "";
}

public sealed record DERPRegion
{
    [JsonPropertyName("latency_ms")] public double LatencyMs { get; init; }
    [JsonPropertyName("preferred")] public bool Preferred { get; init; }
}

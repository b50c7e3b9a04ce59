using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record ProvisionerJob
{
    [JsonPropertyName("available_workers")] public IReadOnlyList<Guid>? AvailableWorkers { get; init; }
    [JsonPropertyName("canceled_at")] public DateTimeOffset? CanceledAt { get; init; }
    [JsonPropertyName("completed_at")] public DateTimeOffset? CompletedAt { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("error")] public string Error { get; set; } = "";
    [JsonPropertyName("error_code")] public string ErrorCode { get; set; } = "";
    [JsonPropertyName("file_id")] public Guid FileId { get; init; }
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("initiator_id")] public Guid InitiatorId { get; init; }
    [JsonPropertyName("input")] public ProvisionerJobInput Input { get; set; } = new();
    [JsonPropertyName("logs_overflowed")] public bool LogsOverflowed { get; init; }
    [JsonPropertyName("metadata")] public ProvisionerJobMetadata Metadata { get; set; } = new();
    [JsonPropertyName("organization_id")] public Guid OrganizationId { get; init; }
    [JsonPropertyName("queue_position")] public long QueuePosition { get; init; }
    [JsonPropertyName("queue_size")] public long QueueSize { get; init; }
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("tags")] public IReadOnlyDictionary<string, string>? Tags { get; init; }
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("worker_id")] public Guid? WorkerId { get; init; }
    [JsonPropertyName("worker_name")] public string WorkerName { get; set; } = "";
}

public sealed record ProvisionerJobInput
{
    [JsonPropertyName("error")] public string Error { get; set; } = "";
    [JsonPropertyName("template_version_id")] public Guid? TemplateVersionId { get; init; }
    [JsonPropertyName("workspace_build_id")] public Guid? WorkspaceBuildId { get; init; }
}

public sealed record ProvisionerJobMetadata
{
    [JsonPropertyName("template_display_name")] public string TemplateDisplayName { get; set; } = "";
    [JsonPropertyName("template_icon")] public string TemplateIcon { get; set; } = "";
    [JsonPropertyName("template_id")] public Guid TemplateId { get; init; }
    [JsonPropertyName("template_name")] public string TemplateName { get; set; } = "";
    [JsonPropertyName("template_version_name")] public string TemplateVersionName { get; set; } = "";
    [JsonPropertyName("workspace_build_transition")] public string WorkspaceBuildTransition { get; set; } = "";
    [JsonPropertyName("workspace_id")] public Guid? WorkspaceId { get; init; }
    [JsonPropertyName("workspace_name")] public string WorkspaceName { get; set; } = "";
}

public sealed record ProvisionerJobLog
{
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("log_level")] public string LogLevel { get; set; } = "";
    [JsonPropertyName("log_source")] public string LogSource { get; set; } = "";
    [JsonPropertyName("output")] public string Output { get; set; } = "";
    [JsonPropertyName("stage")] public string Stage { get; set; } = "";
}

/// <summary>A provisioner daemon: the process that runs jobs whose tags its own tags contain
/// (<see cref="ProvisionerTags"/>).</summary>
public sealed record ProvisionerDaemon
{
    [JsonPropertyName("api_version")] public string ApiVersion { get; set; } = "";
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("current_job")] public ProvisionerDaemonJob? CurrentJob { get; init; }
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("key_id")] public Guid KeyId { get; init; }
    [JsonPropertyName("key_name")] public string? KeyName { get; init; }
    /// <summary>Null for a daemon that never connected.</summary>
    [JsonPropertyName("last_seen_at")] public DateTimeOffset? LastSeenAt { get; init; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("organization_id")] public Guid OrganizationId { get; init; }
    [JsonPropertyName("previous_job")] public ProvisionerDaemonJob? PreviousJob { get; init; }
    [JsonPropertyName("provisioners")] public IReadOnlyList<string>? Provisioners { get; init; }
    /// <summary>One of <see cref="ProvisionerDaemonStatus"/>.</summary>
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyDictionary<string, string>? Tags { get; init; }
    [JsonPropertyName("version")] public string Version { get; set; } = "";
}

public sealed record ProvisionerDaemonJob
{
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("template_display_name")] public string TemplateDisplayName { get; set; } = "";
    [JsonPropertyName("template_icon")] public string TemplateIcon { get; set; } = "";
    [JsonPropertyName("template_name")] public string TemplateName { get; set; } = "";
}

/// <summary>Provisioner tags as coderd's query parameters take them.</summary>
public static class ProvisionerTags
{
    /// <summary>The JSON object form of <c>tags</c> in <see cref="Api.IOrganizationsApi.ListProvisionerDaemonsAsync"/>.</summary>
    public static string ToQuery(IReadOnlyDictionary<string, string> tags) =>
        System.Text.Json.JsonSerializer.Serialize(tags, Serialization.CoderJsonContext.Default.IReadOnlyDictionaryStringString);
}

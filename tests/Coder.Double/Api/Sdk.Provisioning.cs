using System.Text.Json.Serialization;

namespace Coder.Double.Api;

// Response bodies of the template, template version, provisioner job and workspace areas, in codersdk's field order.
// WhenWritingNull marks Go's omitempty on pointers and strings (converters pass null for empty).

public sealed record ProvisionerJobInput(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? TemplateVersionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? WorkspaceBuildId);

public sealed record ProvisionerJobMetadata(
    string TemplateVersionName,
    Guid TemplateId,
    string TemplateName,
    string TemplateDisplayName,
    string TemplateIcon,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? WorkspaceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WorkspaceName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WorkspaceBuildTransition)
{
    public static readonly ProvisionerJobMetadata Empty = new("", Guid.Empty, "", "", "", null, null, null);
}

public sealed record ProvisionerJob(
    Guid Id,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? StartedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CanceledAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? WorkerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WorkerName,
    Guid FileId,
    IReadOnlyDictionary<string, string> Tags,
    int QueuePosition,
    int QueueSize,
    Guid OrganizationId,
    Guid InitiatorId,
    ProvisionerJobInput Input,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Guid>? AvailableWorkers,
    ProvisionerJobMetadata Metadata,
    bool LogsOverflowed);

public sealed record ProvisionerJobLog(long Id, DateTimeOffset CreatedAt, string LogSource, string LogLevel, string Stage, string Output);

public sealed record MatchedProvisioners(int Count, int Available, DateTimeOffset? MostRecentlySeen);

/// <summary>codersdk.ProvisionerDaemon: last_seen_at, key_name, status and the jobs are written as null when unset.</summary>
public sealed record ProvisionerDaemon(
    Guid Id,
    Guid OrganizationId,
    Guid KeyId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSeenAt,
    string Name,
    string Version,
    string ApiVersion,
    IReadOnlyList<string> Provisioners,
    IReadOnlyDictionary<string, string> Tags,
    string? KeyName,
    string? Status,
    ProvisionerDaemonJob? CurrentJob,
    ProvisionerDaemonJob? PreviousJob);

public sealed record ProvisionerDaemonJob(Guid Id, string Status, string TemplateName, string TemplateIcon, string TemplateDisplayName);

public sealed record MinimalUser(
    Guid Id,
    string Username,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AvatarUrl);

public sealed record TemplateVersion(
    Guid Id,
    Guid TemplateId,
    Guid OrganizationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Name,
    string Message,
    ProvisionerJob Job,
    string Readme,
    MinimalUser CreatedBy,
    bool Archived,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Warnings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MatchedProvisioners? MatchedProvisioners,
    bool HasExternalAgent);

public sealed record TemplateVersionParameterOption(string Name, string Description, string Value, string Icon);

public sealed record TemplateVersionParameter(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DisplayName,
    string Description,
    string DescriptionPlaintext,
    string Type,
    string FormType,
    bool Mutable,
    string DefaultValue,
    string Icon,
    IReadOnlyList<TemplateVersionParameterOption> Options,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ValidationError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ValidationRegex,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ValidationMin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ValidationMax,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ValidationMonotonic,
    bool Required,
    bool Ephemeral);

public sealed record TemplateVersionVariable(string Name, string Description, string Type, string Value, string DefaultValue, bool Required, bool Sensitive);

public sealed record TemplateAutostopRequirement(IReadOnlyList<string> DaysOfWeek, long Weeks);

public sealed record TemplateAutostartRequirement(IReadOnlyList<string> DaysOfWeek);

/// <summary>Go marshals these without json tags, so the names are capitalised.</summary>
public sealed record TransitionStats(
    [property: JsonPropertyName("P50")] long? P50,
    [property: JsonPropertyName("P95")] long? P95);

public sealed record Template(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid OrganizationId,
    string OrganizationName,
    string OrganizationDisplayName,
    string OrganizationIcon,
    string Name,
    string DisplayName,
    string Provisioner,
    Guid ActiveVersionId,
    int ActiveUserCount,
    IReadOnlyDictionary<string, TransitionStats> BuildTimeStats,
    string Description,
    bool Deprecated,
    string DeprecationMessage,
    bool Deleted,
    string Icon,
    long DefaultTtlMs,
    long ActivityBumpMs,
    long TimeTilAutostopNotifyMs,
    TemplateAutostopRequirement AutostopRequirement,
    TemplateAutostartRequirement AutostartRequirement,
    Guid CreatedById,
    string CreatedByName,
    bool AllowUserAutostart,
    bool AllowUserAutostop,
    bool AllowUserCancelWorkspaceJobs,
    long FailureTtlMs,
    long TimeTilDormantMs,
    long TimeTilDormantAutodeleteMs,
    bool RequireActiveVersion,
    string MaxPortShareLevel,
    string CorsBehavior,
    bool UseClassicParameterFlow,
    bool AgentsAllowed,
    bool DisableModuleCache);

/// <summary>codersdk.TemplateUser: a User plus the template role.</summary>
public sealed record TemplateUser(
    Guid Id,
    string Username,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AvatarUrl,
    string Email,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastSeenAt,
    string Status,
    string LoginType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsServiceAccount,
    IReadOnlyList<Guid>? OrganizationIds,
    IReadOnlyList<SlimRole> Roles,
    bool HasAiSeat,
    string Role);

/// <summary>codersdk.TemplateGroup: a Group plus the template role.</summary>
public sealed record TemplateGroup(
    Guid Id,
    string Name,
    string DisplayName,
    Guid OrganizationId,
    IReadOnlyList<ReducedUser> Members,
    int TotalMemberCount,
    string AvatarUrl,
    int QuotaAllowance,
    string Source,
    string OrganizationName,
    string OrganizationDisplayName,
    string Role);

public sealed record TemplateAcl(IReadOnlyList<TemplateUser> Users, [property: JsonPropertyName("group")] IReadOnlyList<TemplateGroup> Group);

public sealed record ArchiveTemplateVersionsResponse(Guid TemplateId, IReadOnlyList<Guid> ArchivedIds);

public sealed record WorkspaceResourceMetadata(string Key, string Value, bool Sensitive);

public sealed record WorkspaceAgentHealth(bool Healthy, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);

public sealed record WorkspaceAgent(
    Guid Id,
    Guid? ParentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? FirstConnectedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? LastConnectedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? StartedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ReadyAt,
    string Status,
    string LifecycleState,
    string Name,
    Guid ResourceId,
    string Architecture,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    string OperatingSystem,
    int LogsLength,
    bool LogsOverflowed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Directory,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExpandedDirectory,
    string Version,
    string ApiVersion,
    IReadOnlyList<object> Apps,
    int ConnectionTimeoutSeconds,
    string TroubleshootingUrl,
    IReadOnlyList<string> Subsystems,
    WorkspaceAgentHealth Health,
    IReadOnlyList<string> DisplayApps,
    IReadOnlyList<object> LogSources,
    IReadOnlyList<object> Scripts,
    string StartupScriptBehavior);

public sealed record WorkspaceResource(
    Guid Id,
    DateTimeOffset CreatedAt,
    Guid JobId,
    string WorkspaceTransition,
    string Type,
    string Name,
    bool Hide,
    string Icon,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WorkspaceAgent>? Agents,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WorkspaceResourceMetadata>? Metadata,
    int DailyCost);

public sealed record WorkspaceBuildParameter(string Name, string Value);

public sealed record WorkspaceBuild(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid WorkspaceId,
    string WorkspaceName,
    Guid WorkspaceOwnerId,
    string WorkspaceOwnerName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WorkspaceOwnerAvatarUrl,
    Guid TemplateVersionId,
    string TemplateVersionName,
    int BuildNumber,
    string Transition,
    Guid InitiatorId,
    string InitiatorName,
    ProvisionerJob Job,
    string Reason,
    IReadOnlyList<WorkspaceResource> Resources,
    DateTimeOffset? Deadline,
    DateTimeOffset? MaxDeadline,
    string Status,
    int DailyCost,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MatchedProvisioners? MatchedProvisioners,
    Guid? TemplateVersionPresetId);

public sealed record WorkspaceHealth(bool Healthy, IReadOnlyList<Guid> FailingAgents);

public sealed record Workspace(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid OwnerId,
    string OwnerName,
    string OwnerAvatarUrl,
    Guid OrganizationId,
    string OrganizationName,
    Guid TemplateId,
    string TemplateName,
    string TemplateDisplayName,
    string TemplateIcon,
    bool TemplateAllowUserCancelWorkspaceJobs,
    Guid TemplateActiveVersionId,
    bool TemplateRequireActiveVersion,
    bool TemplateUseClassicParameterFlow,
    WorkspaceBuild LatestBuild,
    object? LatestAppStatus,
    bool Outdated,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AutostartSchedule,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? TtlMs,
    DateTimeOffset LastUsedAt,
    DateTimeOffset? DeletingAt,
    DateTimeOffset? DormantAt,
    WorkspaceHealth Health,
    string AutomaticUpdates,
    bool AllowRenames,
    bool Favorite,
    DateTimeOffset? NextStartAt,
    bool IsPrebuild,
    Guid? TaskId);

public sealed record WorkspacesResponse(IReadOnlyList<Workspace> Workspaces, int Count);

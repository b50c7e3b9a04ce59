using Coder.Double.Declaration;

namespace Coder.Double.Model;

// Rows of the provisioning areas: templates, template versions, provisioner jobs, workspaces and their builds.
// Like the identity rows they are mutable and only touched under DoubleState's lock.

public sealed class TemplateRow
{
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    public required string Name { get; set; }
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public string Icon { get; set; } = "";
    public string Provisioner { get; init; } = "terraform";
    public required Guid ActiveVersionId { get; set; }
    public required Guid CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public bool Deleted { get; set; }

    // Durations are kept in milliseconds, the unit of the API.
    public long DefaultTtlMs { get; set; }
    public long ActivityBumpMs { get; set; } = 3_600_000;
    public long TimeTilAutostopNotifyMs { get; set; }
    public long FailureTtlMs { get; set; }
    public long TimeTilDormantMs { get; set; }
    public long TimeTilDormantAutoDeleteMs { get; set; }
    public bool AllowUserAutostart { get; set; } = true;
    public bool AllowUserAutostop { get; set; } = true;
    public bool AllowUserCancelWorkspaceJobs { get; set; }

    /// <summary>Bit 0 is Monday … bit 6 Sunday, as coderd stores it.</summary>
    public int AutostopRequirementDays { get; set; }
    public long AutostopRequirementWeeks { get; set; }
    /// <summary>coderd stores the days autostart is NOT allowed.</summary>
    public int AutostartBlockDays { get; set; }

    public bool RequireActiveVersion { get; set; }
    public string Deprecated { get; set; } = "";
    public string MaxPortSharingLevel { get; set; } = "owner";
    public bool UseClassicParameterFlow { get; set; }
    public string CorsBehavior { get; set; } = "simple";
    public bool DisableModuleCache { get; set; }
    public bool AgentsAllowed { get; set; } = true;

    /// <summary>User id → role ("admin" or "use").</summary>
    public Dictionary<string, string> UserAcl { get; } = new(StringComparer.Ordinal);
    /// <summary>Group id → role; the organization's Everyone group (id = organization id) gets "use" by default.</summary>
    public Dictionary<string, string> GroupAcl { get; } = new(StringComparer.Ordinal);

    public int AutostartAllowedDays => ~AutostartBlockDays & 0b0111_1111;
}

public sealed class TemplateVersionRow
{
    public required Guid Id { get; init; }
    public Guid? TemplateId { get; set; }
    public required Guid OrganizationId { get; init; }
    public required string Name { get; set; }
    public string Message { get; set; } = "";
    public string Readme { get; set; } = "";
    public required Guid JobId { get; init; }
    public required Guid CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public bool Archived { get; set; }

    /// <summary>What the uploaded files declare (the double's coder-double.json), or the reason they declare nothing usable.</summary>
    public required TemplateDeclaration Declaration { get; init; }
    public string? DeclarationError { get; init; }

    /// <summary>The values the version was created with (user_variable_values), by name.</summary>
    public Dictionary<string, string> VariableValues { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Filled when the import job succeeds, as coderd's provisioner reports them.</summary>
    public List<ParameterDeclaration> Parameters { get; } = [];
    public List<VariableDeclaration> Variables { get; } = [];
}

/// <summary>coderd's provisioner job kinds.</summary>
public static class JobKinds
{
    public const string Import = "template_version_import";
    public const string Build = "workspace_build";
    public const string DryRun = "template_version_dry_run";
}

public sealed class ProvisionerJobRow
{
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    public required Guid InitiatorId { get; init; }
    public required string Type { get; init; }
    public required Guid FileId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? CanceledAt { get; set; }
    public string Error { get; set; } = "";
    public string ErrorCode { get; set; } = "";
    public Guid? WorkerId { get; set; }
    public Dictionary<string, string> Tags { get; init; } = new(StringComparer.Ordinal);

    public Guid? TemplateVersionId { get; init; }
    public Guid? WorkspaceBuildId { get; init; }

    /// <summary>For dry runs: the values and the workspace name the dry run was asked to plan with.</summary>
    public List<(string Name, string Value)> DryRunParameters { get; init; } = [];

    public List<JobLogRow> Logs { get; } = [];
    public List<ResourceRow> Resources { get; } = [];

    /// <summary>The generated job_status column of coderd's provisioner_jobs table.</summary>
    public string Status =>
        CompletedAt is not null
            ? Error.Length > 0 ? "failed" : CanceledAt is not null ? "canceled" : "succeeded"
            : Error.Length > 0 ? "failed" : CanceledAt is not null ? "canceling" : StartedAt is null ? "pending" : "running";

    /// <summary>pending, running and canceling jobs are still active (codersdk.ProvisionerJobStatus.Active).</summary>
    public bool IsActive => Status is "pending" or "running" or "canceling";
}

public sealed record JobLogRow(long Id, DateTimeOffset CreatedAt, string Source, string Level, string Stage, string Output);

public sealed class ResourceRow
{
    public required Guid Id { get; init; }
    public required Guid JobId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Transition { get; init; }
    public required string Type { get; init; }
    public required string Name { get; init; }
    public bool Hide { get; init; }
    public string Icon { get; init; } = "";
    public int DailyCost { get; init; }
    public List<(string Key, string Value, bool Sensitive)> Metadata { get; init; } = [];
    public List<AgentRow> Agents { get; init; } = [];
}

public sealed class AgentRow
{
    public required Guid Id { get; init; }
    public required Guid ResourceId { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string OperatingSystem { get; init; } = "linux";
    public string Architecture { get; init; } = "amd64";
    public string Directory { get; init; } = "";
    public Dictionary<string, string> EnvironmentVariables { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Set when the simulated agent "connects": the build that created it succeeded.</summary>
    public DateTimeOffset? ConnectedAt { get; set; }
}

public sealed class WorkspaceRow
{
    public required Guid Id { get; init; }
    public required Guid OwnerId { get; init; }
    public required Guid OrganizationId { get; init; }
    public required Guid TemplateId { get; init; }
    public required string Name { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public string? AutostartSchedule { get; set; }
    public DateTimeOffset? NextStartAt { get; set; }
    /// <summary>Time to live in milliseconds (coderd stores nanoseconds; the API speaks milliseconds).</summary>
    public long? TtlMs { get; set; }
    public required DateTimeOffset LastUsedAt { get; set; }
    public DateTimeOffset? DormantAt { get; set; }
    public DateTimeOffset? DeletingAt { get; set; }
    public string AutomaticUpdates { get; set; } = "never";
    public bool Favorite { get; set; }
}

public sealed class WorkspaceBuildRow
{
    public required Guid Id { get; init; }
    public required Guid WorkspaceId { get; init; }
    public required Guid TemplateVersionId { get; init; }
    public required int BuildNumber { get; init; }
    public required string Transition { get; init; }
    public required Guid InitiatorId { get; init; }
    public required Guid JobId { get; init; }
    public string Reason { get; init; } = "initiator";
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    public DateTimeOffset? MaxDeadline { get; set; }
    public int DailyCost { get; set; }
    /// <summary>The resolved parameter values of this build, in the template version's parameter order.</summary>
    public List<(string Name, string Value)> Parameters { get; init; } = [];
    /// <summary>An orphan delete: the provisioner forgets the resources instead of destroying them.</summary>
    public bool Orphan { get; init; }

    /// <summary>on_success of a stop build: the start build coderd's orchestrator queues once this build succeeded.</summary>
    public FollowUpBuild? OnSuccess { get; set; }
}

/// <param name="TemplateVersionId">Null: the template's active version.</param>
public sealed record FollowUpBuild(Guid? TemplateVersionId, IReadOnlyList<(string Name, string Value)> Values, string Reason);

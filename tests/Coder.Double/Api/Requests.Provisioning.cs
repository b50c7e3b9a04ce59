using Coder.Double.Declaration;
using Coder.Double.Infrastructure;

namespace Coder.Double.Api;

// Request bodies of the provisioning areas, as coderd decodes them (nullable = Go's zero value when absent), with
// their validate tags in Validate().

internal static class CheckMore
{
    private static readonly string ZeroUuid = Guid.Empty.ToString();

    /// <summary>go-playground "required" on a uuid.UUID: the zero uuid fails, shown as its string.</summary>
    public static FieldFailure? RequiredUuid(string field, Guid? value) =>
        (value ?? Guid.Empty) == Guid.Empty ? new FieldFailure(field, "required", ZeroUuid) : null;

    /// <summary>"oneof=a b": the value must be one of the words (an empty value fails too).</summary>
    public static FieldFailure? OneOf(string field, string? value, params string[] allowed) =>
        allowed.Contains(value ?? "", StringComparer.Ordinal) ? null : new FieldFailure(field, "oneof", value ?? "");

    /// <summary>"lt=n" on a string: fewer than n characters (runes, as the validator counts).</summary>
    public static FieldFailure? ShorterThan(string field, string? value, int limit) =>
        (value ?? "").EnumerateRunes().Count() < limit ? null : new FieldFailure(field, "lt", value ?? "");

    public static string Show(Guid? id) => (id ?? Guid.Empty).ToString();
}

public sealed record VariableValueRequest(string? Name, string? Value);

public sealed record BuildParameterRequest(string? Name, string? Value);

internal static class ParameterRequests
{
    public static List<ParameterValue> Values(List<BuildParameterRequest>? values) =>
        (values ?? []).Select(v => new ParameterValue(v.Name ?? "", v.Value ?? "")).ToList();
}

public sealed record CreateTemplateVersionRequest(
    string? Name,
    string? Message,
    Guid? TemplateId,
    string? StorageMethod,
    Guid? FileId,
    string? ExampleId,
    string? Provisioner,
    Dictionary<string, string>? Tags,
    List<VariableValueRequest>? UserVariableValues) : ICoderRequest<CreateTemplateVersionRequest>
{
    public static string GoTypeName => "CreateTemplateVersionRequest";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(
        Check.Optional("name", "template_version_name", Name, CoderRules.TemplateVersionNameProblem),
        CheckMore.ShorterThan("message", Message, 1048577),
        CheckMore.OneOf("storage_method", StorageMethod, "file"),
        (FileId ?? Guid.Empty) == Guid.Empty && string.IsNullOrEmpty(ExampleId) ? new FieldFailure("file_id", "required_without", CheckMore.Show(FileId)) : null,
        (FileId ?? Guid.Empty) == Guid.Empty && string.IsNullOrEmpty(ExampleId) ? new FieldFailure("example_id", "required_without", "") : null,
        CheckMore.OneOf("provisioner", Provisioner, "terraform", "echo"));
}

public sealed record PatchTemplateVersionRequest(string? Name, string? Message) : ICoderRequest<PatchTemplateVersionRequest>
{
    public static string GoTypeName => "PatchTemplateVersionRequest";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(
        Check.Optional("name", "template_version_name", Name, CoderRules.TemplateVersionNameProblem),
        Message is { Length: > 0 } ? CheckMore.ShorterThan("message", Message, 1048577) : null);
}

public sealed record CreateTemplateVersionDryRunRequest(
    string? WorkspaceName,
    List<BuildParameterRequest>? RichParameterValues,
    List<VariableValueRequest>? UserVariableValues) : ICoderRequest<CreateTemplateVersionDryRunRequest>
{
    public static string GoTypeName => "CreateTemplateVersionDryRunRequest";

    public IEnumerable<FieldFailure> Validate() => [];
}

public sealed record AutostopRequirementRequest(List<string>? DaysOfWeek, long? Weeks);

public sealed record AutostartRequirementRequest(List<string>? DaysOfWeek);

public sealed record CreateTemplateRequest(
    string? Name,
    string? DisplayName,
    string? Description,
    string? Icon,
    Guid? TemplateVersionId,
    long? DefaultTtlMs,
    long? ActivityBumpMs,
    long? TimeTilAutostopNotifyMs,
    AutostopRequirementRequest? AutostopRequirement,
    AutostartRequirementRequest? AutostartRequirement,
    bool? AllowUserCancelWorkspaceJobs,
    bool? AllowUserAutostart,
    bool? AllowUserAutostop,
    long? FailureTtlMs,
    long? DormantTtlMs,
    long? DeleteTtlMs,
    bool? DisableEveryoneGroupAccess,
    bool? RequireActiveVersion,
    string? MaxPortShareLevel,
    bool? TemplateUseClassicParameterFlow,
    string? CorsBehavior,
    bool? AgentsAllowed) : ICoderRequest<CreateTemplateRequest>
{
    public static string GoTypeName => "CreateTemplateRequest";

    // Tags: name "template_name,required" (the name rule runs first), display_name "template_display_name",
    // description "lt=128", template_version_id "required".
    public IEnumerable<FieldFailure> Validate() => Check.Collect(
        Check.Rule("name", "template_name", Name, CoderRules.NameProblem),
        Check.Rule("display_name", "template_display_name", DisplayName, CoderRules.DisplayNameProblem),
        CheckMore.ShorterThan("description", Description, 128),
        CheckMore.RequiredUuid("template_version_id", TemplateVersionId));
}

public sealed record UpdateTemplateMetaRequest(
    string? Name,
    string? DisplayName,
    string? Description,
    string? Icon,
    long? DefaultTtlMs,
    long? ActivityBumpMs,
    long? TimeTilAutostopNotifyMs,
    AutostopRequirementRequest? AutostopRequirement,
    AutostartRequirementRequest? AutostartRequirement,
    bool? AllowUserAutostart,
    bool? AllowUserAutostop,
    bool? AllowUserCancelWorkspaceJobs,
    long? FailureTtlMs,
    long? TimeTilDormantMs,
    long? TimeTilDormantAutodeleteMs,
    bool? UpdateWorkspaceLastUsedAt,
    bool? UpdateWorkspaceDormantAt,
    bool? RequireActiveVersion,
    string? DeprecationMessage,
    bool? DisableEveryoneGroupAccess,
    string? MaxPortShareLevel,
    string? CorsBehavior,
    bool? UseClassicParameterFlow,
    bool? DisableModuleCache,
    bool? AgentsAllowed) : ICoderRequest<UpdateTemplateMetaRequest>
{
    public static string GoTypeName => "UpdateTemplateMeta";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(
        Check.Optional("name", "template_name", Name, CoderRules.NameProblem),
        Check.Optional("display_name", "template_display_name", DisplayName, CoderRules.DisplayNameProblem));
}

public sealed record UpdateActiveTemplateVersionRequest(Guid? Id) : ICoderRequest<UpdateActiveTemplateVersionRequest>
{
    public static string GoTypeName => "UpdateActiveTemplateVersion";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(CheckMore.RequiredUuid("id", Id));
}

public sealed record ArchiveTemplateVersionsRequest(bool? All) : ICoderRequest<ArchiveTemplateVersionsRequest>
{
    public static string GoTypeName => "ArchiveTemplateVersionsRequest";

    public IEnumerable<FieldFailure> Validate() => [];
}

public sealed record UpdateTemplateAclRequest(Dictionary<string, string>? UserPerms, Dictionary<string, string>? GroupPerms)
    : ICoderRequest<UpdateTemplateAclRequest>
{
    public static string GoTypeName => "UpdateTemplateACL";

    public IEnumerable<FieldFailure> Validate() => [];
}

public sealed record CreateWorkspaceRequest(
    Guid? TemplateId,
    Guid? TemplateVersionId,
    string? Name,
    string? AutostartSchedule,
    long? TtlMs,
    List<BuildParameterRequest>? RichParameterValues,
    string? AutomaticUpdates,
    Guid? TemplateVersionPresetId) : ICoderRequest<CreateWorkspaceRequest>
{
    public static string GoTypeName => "CreateWorkspaceRequest";

    public IEnumerable<FieldFailure> Validate()
    {
        var hasTemplate = (TemplateId ?? Guid.Empty) != Guid.Empty;
        var hasVersion = (TemplateVersionId ?? Guid.Empty) != Guid.Empty;
        // template_id and template_version_id: "required_without=<other>,excluded_with=<other>".
        return Check.Collect(
            !hasTemplate && !hasVersion ? new FieldFailure("template_id", "required_without", CheckMore.Show(TemplateId))
            : hasTemplate && hasVersion ? new FieldFailure("template_id", "excluded_with", CheckMore.Show(TemplateId)) : null,
            !hasTemplate && !hasVersion ? new FieldFailure("template_version_id", "required_without", CheckMore.Show(TemplateVersionId))
            : hasTemplate && hasVersion ? new FieldFailure("template_version_id", "excluded_with", CheckMore.Show(TemplateVersionId)) : null,
            Check.Rule("name", "workspace_name", Name, CoderRules.NameProblem));
    }
}

public sealed record CreateWorkspaceBuildRequest(
    Guid? TemplateVersionId,
    string? Transition,
    bool? DryRun,
    byte[]? State,
    bool? Orphan,
    List<BuildParameterRequest>? RichParameterValues,
    string? LogLevel,
    Guid? TemplateVersionPresetId,
    string? Reason,
    CreateWorkspaceBuildOnSuccessRequest? OnSuccess) : ICoderRequest<CreateWorkspaceBuildRequest>
{
    public static string GoTypeName => "CreateWorkspaceBuildRequest";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(
        CheckMore.OneOf("transition", Transition, "start", "stop", "delete"),
        string.IsNullOrEmpty(LogLevel) ? null : CheckMore.OneOf("log_level", LogLevel, "debug"),
        string.IsNullOrEmpty(Reason) ? null : CheckMore.OneOf("reason", Reason, "dashboard", "cli", "ssh_connection", "vscode_connection", "jetbrains_connection", "task_manual_pause"),
        // The validator descends into a non-nil nested struct and reports its fields by their own JSON names.
        OnSuccess is { } onSuccess ? CheckMore.OneOf("transition", onSuccess.Transition, "start") : null);
}

public sealed record CreateWorkspaceBuildOnSuccessRequest(
    string? Transition,
    Guid? TemplateVersionId,
    Guid? TemplateVersionPresetId,
    List<BuildParameterRequest>? RichParameterValues);

public sealed record UpdateWorkspaceRequest(string? Name) : ICoderRequest<UpdateWorkspaceRequest>
{
    public static string GoTypeName => "UpdateWorkspaceRequest";

    // validate:"username" without omitempty: an empty name fails too.
    public IEnumerable<FieldFailure> Validate() => Check.Collect(Check.Rule("name", "username", Name, CoderRules.NameProblem));
}

public sealed record UpdateWorkspaceAutostartRequest(string? Schedule) : ICoderRequest<UpdateWorkspaceAutostartRequest>
{
    public static string GoTypeName => "UpdateWorkspaceAutostartRequest";

    public IEnumerable<FieldFailure> Validate() => [];
}

public sealed record UpdateWorkspaceTtlRequest(long? TtlMs) : ICoderRequest<UpdateWorkspaceTtlRequest>
{
    public static string GoTypeName => "UpdateWorkspaceTTLRequest";

    public IEnumerable<FieldFailure> Validate() => [];
}

public sealed record UpdateWorkspaceDormancyRequest(bool? Dormant) : ICoderRequest<UpdateWorkspaceDormancyRequest>
{
    public static string GoTypeName => "UpdateWorkspaceDormancy";

    public IEnumerable<FieldFailure> Validate() => [];
}

public sealed record UpdateWorkspaceAutomaticUpdatesRequest(string? AutomaticUpdates) : ICoderRequest<UpdateWorkspaceAutomaticUpdatesRequest>
{
    public static string GoTypeName => "UpdateWorkspaceAutomaticUpdatesRequest";

    public IEnumerable<FieldFailure> Validate() => [];
}

namespace Coder.Double.Declaration;

// What a template says about itself to the double. The double cannot run Terraform, so an uploaded template may
// carry coder-double.json (format in README.md) with the parameters, variables and resources Terraform would have
// reported, and how long its jobs take and whether they fail. These records are the parsed, checked form.

/// <summary>One coder_parameter, after the provider's checks (type, form type, options, validation, default).</summary>
public sealed record ParameterDeclaration(
    string Name,
    string DisplayName,
    string Description,
    string Type,
    string FormType,
    string? DefaultValue,
    bool Mutable,
    bool Ephemeral,
    string Icon,
    int Order,
    IReadOnlyList<OptionDeclaration> Options,
    ValidationDeclaration? Validation)
{
    /// <summary>A parameter without a default is required (terraform-provider-coder's rule).</summary>
    public bool Required => DefaultValue is null;
}

public sealed record OptionDeclaration(string Name, string Value, string Description, string Icon);

public sealed record ValidationDeclaration(string Regex, string Error, int? Min, int? Max, string Monotonic);

/// <summary>A Terraform variable of the template (template version variables).</summary>
public sealed record VariableDeclaration(string Name, string Description, string Type, string? DefaultValue, bool Sensitive)
{
    public bool Required => DefaultValue is null;
}

public sealed record ResourceDeclaration(
    string Name,
    string Type,
    string Icon,
    bool Hide,
    int DailyCost,
    bool Persistent,
    IReadOnlyList<(string Key, string Value, bool Sensitive)> Metadata,
    IReadOnlyList<AgentDeclaration> Agents);

public sealed record AgentDeclaration(string Name, string OperatingSystem, string Architecture, string Directory, IReadOnlyDictionary<string, string> Environment);

/// <summary>How one kind of job of this template behaves.</summary>
/// <param name="DurationMs">How long the job runs (null: the double's default).</param>
/// <param name="Logs">Lines the provisioner prints while running.</param>
/// <param name="Failure">When set, the job fails with this error (for builds: only on the listed transitions).</param>
public sealed record JobDeclaration(int? DurationMs, IReadOnlyList<string> Logs, FailureDeclaration? Failure)
{
    public static readonly JobDeclaration Plain = new(null, [], null);
}

public sealed record FailureDeclaration(string Error, string ErrorCode, IReadOnlyList<string> Logs, IReadOnlyList<string> Transitions);

public sealed record TemplateDeclaration(
    IReadOnlyList<ParameterDeclaration> Parameters,
    IReadOnlyList<VariableDeclaration> Variables,
    IReadOnlyList<ResourceDeclaration> Resources,
    JobDeclaration Import,
    JobDeclaration DryRun,
    JobDeclaration Build,
    string Readme)
{
    /// <summary>A template without coder-double.json: no parameters, one trivial resource.</summary>
    public static TemplateDeclaration Default(string readme = "") => new(
        [], [],
        [new ResourceDeclaration("main", "null_resource", "", false, 0, false, [], [])],
        JobDeclaration.Plain, JobDeclaration.Plain, JobDeclaration.Plain, readme);
}

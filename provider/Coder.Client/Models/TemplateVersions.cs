using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record TemplateVersion
{
    [JsonPropertyName("archived")] public bool Archived { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("created_by")] public MinimalUser CreatedBy { get; set; } = new();
    [JsonPropertyName("has_external_agent")] public bool HasExternalAgent { get; init; }
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("job")] public ProvisionerJob Job { get; set; } = new();
    [JsonPropertyName("matched_provisioners")] public MatchedProvisioners? MatchedProvisioners { get; init; }
    [JsonPropertyName("message")] public string Message { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("organization_id")] public Guid? OrganizationId { get; init; }
    [JsonPropertyName("readme")] public string Readme { get; set; } = "";
    [JsonPropertyName("template_id")] public Guid? TemplateId { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("warnings")] public IReadOnlyList<string>? Warnings { get; init; }
}

public sealed record CreateTemplateVersionRequest
{
    [JsonPropertyName("example_id")] public string? ExampleId { get; init; }
    [JsonPropertyName("file_id")] public Guid? FileId { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("provisioner")] public required string Provisioner { get; init; }
    [JsonPropertyName("storage_method")] public required string StorageMethod { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyDictionary<string, string>? Tags { get; init; }
    [JsonPropertyName("template_id")] public Guid? TemplateId { get; init; }
    [JsonPropertyName("user_variable_values")] public IReadOnlyList<VariableValue>? UserVariableValues { get; init; }
}

public sealed record VariableValue
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("value")] public required string Value { get; init; }
}

public sealed record PatchTemplateVersionRequest
{
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

public sealed record TemplateVersionParameter
{
    [JsonPropertyName("default_value")] public string DefaultValue { get; set; } = "";
    [JsonPropertyName("description")] public string Description { get; set; } = "";
    [JsonPropertyName("description_plaintext")] public string DescriptionPlaintext { get; set; } = "";
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("ephemeral")] public bool Ephemeral { get; init; }
    [JsonPropertyName("form_type")] public string FormType { get; set; } = "";
    [JsonPropertyName("icon")] public string Icon { get; set; } = "";
    [JsonPropertyName("mutable")] public bool Mutable { get; init; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("options")] public IReadOnlyList<TemplateVersionParameterOption>? Options { get; init; }
    [JsonPropertyName("required")] public bool Required { get; init; }
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("validation_error")] public string ValidationError { get; set; } = "";
    [JsonPropertyName("validation_max")] public int? ValidationMax { get; init; }
    [JsonPropertyName("validation_min")] public int? ValidationMin { get; init; }
    [JsonPropertyName("validation_monotonic")] public string ValidationMonotonic { get; set; } = "";
    [JsonPropertyName("validation_regex")] public string ValidationRegex { get; set; } = "";
}

public sealed record TemplateVersionParameterOption
{
    [JsonPropertyName("description")] public string Description { get; set; } = "";
    [JsonPropertyName("icon")] public string Icon { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("value")] public string Value { get; set; } = "";
}

public sealed record TemplateVersionVariable
{
    [JsonPropertyName("default_value")] public string DefaultValue { get; set; } = "";
    [JsonPropertyName("description")] public string Description { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("required")] public bool Required { get; init; }
    [JsonPropertyName("sensitive")] public bool Sensitive { get; init; }
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("value")] public string Value { get; set; } = "";
}

public sealed record TemplateVersionExternalAuth
{
    [JsonPropertyName("authenticate_url")] public string AuthenticateUrl { get; set; } = "";
    [JsonPropertyName("authenticated")] public bool Authenticated { get; init; }
    [JsonPropertyName("display_icon")] public string DisplayIcon { get; set; } = "";
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("optional")] public bool Optional { get; init; }
    [JsonPropertyName("type")] public string Type { get; set; } = "";
}

public sealed record CreateTemplateVersionDryRunRequest
{
    [JsonPropertyName("rich_parameter_values")] public IReadOnlyList<WorkspaceBuildParameter>? RichParameterValues { get; init; }
    [JsonPropertyName("user_variable_values")] public IReadOnlyList<VariableValue>? UserVariableValues { get; init; }
    [JsonPropertyName("workspace_name")] public string? WorkspaceName { get; init; }
}

public sealed record MatchedProvisioners
{
    [JsonPropertyName("available")] public long Available { get; init; }
    [JsonPropertyName("count")] public long Count { get; init; }
    [JsonPropertyName("most_recently_seen")] public DateTimeOffset? MostRecentlySeen { get; init; }
}

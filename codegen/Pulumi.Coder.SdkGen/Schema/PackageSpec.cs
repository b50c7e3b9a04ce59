using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulumi.Coder.SdkGen.Schema;

// The subset of Pulumi's package-schema format (https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/)
// the generator understands. Members it cannot turn into C# are still read, so that it can refuse them loudly
// instead of dropping them.

internal sealed record PackageSpec
{
    public required string Name { get; init; }
    public string? Version { get; init; }
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    public string? Homepage { get; init; }
    public string? Repository { get; init; }
    public string? License { get; init; }
    public string? Publisher { get; init; }
    [JsonPropertyName("pluginDownloadURL")] public string? PluginDownloadUrl { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public ConfigSpec? Config { get; init; }
    public ResourceSpec? Provider { get; init; }
    public IReadOnlyDictionary<string, ResourceSpec> Resources { get; init; } = new Dictionary<string, ResourceSpec>();
    public IReadOnlyDictionary<string, FunctionSpec> Functions { get; init; } = new Dictionary<string, FunctionSpec>();
    public IReadOnlyDictionary<string, ComplexTypeSpec> Types { get; init; } = new Dictionary<string, ComplexTypeSpec>();
    public LanguageSpec? Language { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static PackageSpec Parse(string json) =>
        JsonSerializer.Deserialize<PackageSpec>(json, JsonOptions)
        ?? throw new InvalidDataException("the package schema is empty");
}

internal sealed record LanguageSpec
{
    public CSharpSpec? Csharp { get; init; }
}

internal sealed record CSharpSpec
{
    public string? RootNamespace { get; init; }
    /// <summary>Namespace spellings of the package and module names, for example <c>coder</c> → <c>Coder</c>.</summary>
    public IReadOnlyDictionary<string, string> Namespaces { get; init; } = new Dictionary<string, string>();
    /// <summary>The SDK project's NuGet references and their versions, for example <c>Pulumi</c> → <c>3.112.1</c>.</summary>
    public IReadOnlyDictionary<string, string> PackageReferences { get; init; } = new Dictionary<string, string>();
}

internal sealed record ConfigSpec
{
    public IReadOnlyDictionary<string, PropertySpec> Variables { get; init; } = new Dictionary<string, PropertySpec>();
    public IReadOnlyList<string> Required { get; init; } = [];
}

internal record TypeSpec
{
    public string? Type { get; init; }
    public TypeSpec? Items { get; init; }
    public TypeSpec? AdditionalProperties { get; init; }
    [JsonPropertyName("$ref")] public string? Ref { get; init; }
    public IReadOnlyList<TypeSpec>? OneOf { get; init; }
    public bool Plain { get; init; }
}

internal sealed record PropertySpec : TypeSpec
{
    public string? Description { get; init; }
    public bool Secret { get; init; }
    public JsonElement? Default { get; init; }
    public DefaultInfoSpec? DefaultInfo { get; init; }
    public JsonElement? Const { get; init; }
    public string? DeprecationMessage { get; init; }
    public bool WillReplaceOnChanges { get; init; }
}

internal sealed record DefaultInfoSpec
{
    public IReadOnlyList<string> Environment { get; init; } = [];
}

internal record ObjectTypeSpec
{
    public string? Description { get; init; }
    public string? Type { get; init; }
    public IReadOnlyDictionary<string, PropertySpec> Properties { get; init; } = new Dictionary<string, PropertySpec>();
    public IReadOnlyList<string> Required { get; init; } = [];
}

internal sealed record ComplexTypeSpec : ObjectTypeSpec
{
    /// <summary>Set for an enum type, whose <c>type</c> is then the type of its values.</summary>
    [JsonPropertyName("enum")] public IReadOnlyList<EnumValueSpec>? Enum { get; init; }
}

internal sealed record EnumValueSpec
{
    /// <summary>The member name; without one the value names the member.</summary>
    public string? Name { get; init; }
    public JsonElement Value { get; init; }
    public string? Description { get; init; }
    public string? DeprecationMessage { get; init; }
}

internal sealed record ResourceSpec : ObjectTypeSpec
{
    public IReadOnlyDictionary<string, PropertySpec> InputProperties { get; init; } = new Dictionary<string, PropertySpec>();
    public IReadOnlyList<string> RequiredInputs { get; init; } = [];
    public ObjectTypeSpec? StateInputs { get; init; }
    public bool IsComponent { get; init; }
    public IReadOnlyDictionary<string, string>? Methods { get; init; }
    public string? DeprecationMessage { get; init; }
    /// <summary>Types the resource was known by before; each either a type token or <c>{ "type": … }</c> (older
    /// schemas also allowed a name and a project, which Pulumi's codegen no longer reads).</summary>
    public IReadOnlyList<JsonElement>? Aliases { get; init; }
}

internal sealed record FunctionSpec
{
    public string? Description { get; init; }
    public ObjectTypeSpec? Inputs { get; init; }
    /// <summary>Usually an object type; a bare type (a "return type") is read so that it can be refused.</summary>
    public ObjectTypeSpec? Outputs { get; init; }
    public string? DeprecationMessage { get; init; }
    public bool MultiArgumentInputs { get; init; }
    public bool IsOverlay { get; init; }
}

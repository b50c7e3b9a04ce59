using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>Turns the declared resources, functions and configuration into the Pulumi package schema. Output is
/// deterministic (sorted keys, LF line endings) so that the committed schema.json can be compared byte for byte.</summary>
public static class SchemaBuilder
{
    public sealed record Package(
        string Name,
        string DisplayName,
        string Version,
        string Description,
        ObjectShape Configuration,
        string ProviderDescription,
        IReadOnlyList<IResourceHandler> Resources,
        IReadOnlyList<IFunctionHandler> Functions);

    /// <summary>Where the provider's sources live: the SDK package's repository and SourceLink point there.</summary>
    public const string RepositoryUrl = "https://github.com/pulumi-coder/pulumi-coder";

    /// <summary>Where the Pulumi CLI downloads the plugin from when a program uses the SDK and the plugin is not
    /// installed: the GitHub releases of <see cref="RepositoryUrl"/>. The CLI reads <c>github://&lt;api host&gt;/&lt;owner&gt;/&lt;repository&gt;</c>,
    /// asks for the release tagged <c>v&lt;version&gt;</c> and takes its asset
    /// <c>pulumi-resource-coder-v&lt;version&gt;-&lt;linux|darwin|windows&gt;-&lt;amd64|arm64&gt;.tar.gz</c>, the names <c>make dist</c> writes.
    /// Derived, so that the repository is named in one place.</summary>
    public static readonly string PluginDownloadUrl = "github://api.github.com" + new Uri(RepositoryUrl).AbsolutePath.TrimEnd('/');

    /// <summary>The Pulumi package the generated SDK references; Directory.Packages.props pins the same (a test checks).</summary>
    public const string PulumiSdkVersion = "3.112.1";

    public static string Build(Package package)
    {
        var types = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var prefix = package.Name + ":index:";

        JsonObject Properties(ObjectShape shape, Func<PropertyDescriptor, bool> include, bool input)
        {
            var result = new JsonObject();
            foreach (var property in shape.Properties.Where(include).OrderBy(p => p.Name, StringComparer.Ordinal))
                result[property.Name] = PropertySpec(property, input);
            return result;
        }

        JsonObject PropertySpec(PropertyDescriptor property, bool input)
        {
            var spec = TypeSpec(property.Shape);
            spec["description"] = property.Description;
            if (input && property.Default is not null) spec["default"] = DefaultValue(property.Default);
            if (input && property.EnvironmentVariables.Count > 0)
                spec["defaultInfo"] = new JsonObject { ["environment"] = new JsonArray([.. property.EnvironmentVariables.Select(v => JsonValue.Create(v))]) };
            if (property.IsSecret) spec["secret"] = true;
            // On outputs too: Pulumi's codegen for Node.js, Python and Go reads it from a resource's `properties`.
            if (property.ReplaceOnChanges) spec["willReplaceOnChanges"] = true;
            return spec;
        }

        JsonObject TypeSpec(PropertyShape shape) => shape switch
        {
            ScalarShape scalar => new JsonObject
            {
                ["type"] = scalar.Kind switch
                {
                    ScalarKind.String => "string",
                    ScalarKind.Boolean => "boolean",
                    // Pulumi's SDKs make "integer" a 32-bit int; a 64-bit value (milliseconds: 30 days is over
                    // 2^31) is a number, which the provider still reads as a whole one.
                    ScalarKind.Integer when scalar.ClrType == typeof(long) => "number",
                    ScalarKind.Integer => "integer",
                    _ => "number",
                },
            },
            ListShape list => new JsonObject { ["type"] = "array", ["items"] = TypeSpec(list.Element) },
            MapShape map => new JsonObject { ["type"] = "object", ["additionalProperties"] = TypeSpec(map.Value) },
            ObjectShape obj => new JsonObject { ["$ref"] = "#/types/" + DeclareType(obj) },
            ArchiveShape => new JsonObject { ["$ref"] = "pulumi.json#/Archive" },
            _ => throw new NotSupportedException(shape.ToString()),
        };

        string DeclareType(ObjectShape obj)
        {
            var token = prefix + (obj.TypeName ?? throw new InvalidOperationException($"{obj.ClrType} needs [PulumiType]"));
            if (types.ContainsKey(token)) return token;
            types[token] = null; // reserve first: object types may refer to themselves
            types[token] = new JsonObject
            {
                ["description"] = obj.Description,
                ["type"] = "object",
                ["properties"] = Properties(obj, _ => true, input: true),
                ["required"] = Required(obj, p => p.IsRequired),
            };
            return token;
        }

        static JsonArray Required(ObjectShape shape, Func<PropertyDescriptor, bool> isRequired) =>
            new([.. shape.Properties.Where(isRequired).Select(p => p.Name)
                .Order(StringComparer.Ordinal).Select(n => JsonValue.Create(n))]);

        var resources = new JsonObject();
        foreach (var resource in package.Resources.OrderBy(r => r.Token, StringComparer.Ordinal))
        {
            resources[resource.Token] = new JsonObject
            {
                ["description"] = resource.Description,
                ["properties"] = Properties(resource.Outputs, p => !p.IsWriteOnly, input: false),
                ["required"] = Required(resource.Outputs, p => p.IsAlwaysOutput && !p.IsWriteOnly),
                ["inputProperties"] = Properties(resource.Inputs, p => !p.IsDerived, input: true),
                ["requiredInputs"] = Required(resource.Inputs, p => p.IsRequired),
                ["stateInputs"] = new JsonObject
                {
                    ["description"] = $"Input properties used for looking up and filtering {resource.Token[prefix.Length..]} resources.",
                    ["properties"] = Properties(resource.Outputs, p => !p.IsWriteOnly, input: true),
                    ["type"] = "object",
                },
            };
        }

        var functions = new JsonObject();
        foreach (var function in package.Functions.OrderBy(f => f.Token, StringComparer.Ordinal))
        {
            functions[function.Token] = new JsonObject
            {
                ["description"] = function.Description,
                ["inputs"] = new JsonObject
                {
                    ["properties"] = Properties(function.Arguments, _ => true, input: true),
                    ["required"] = Required(function.Arguments, p => p.IsRequired),
                    ["type"] = "object",
                },
                ["outputs"] = new JsonObject
                {
                    ["description"] = function.Result.Description,
                    ["properties"] = Properties(function.Result, _ => true, input: false),
                    ["required"] = Required(function.Result, p => p.IsAlwaysOutput),
                    ["type"] = "object",
                },
            };
        }

        var configVariables = Properties(package.Configuration, _ => true, input: true);
        var document = new JsonObject
        {
            ["name"] = package.Name,
            ["displayName"] = package.DisplayName,
            ["version"] = package.Version,
            ["description"] = package.Description,
            ["keywords"] = new JsonArray("pulumi", "coder", "category/infrastructure", "kind/native"),
            ["homepage"] = "https://coder.com",
            ["license"] = "Apache-2.0",
            ["publisher"] = "Pulumi.Coder",
            ["repository"] = RepositoryUrl,
            ["pluginDownloadURL"] = PluginDownloadUrl,
            ["meta"] = new JsonObject { ["moduleFormat"] = "(.*)" },
            ["language"] = new JsonObject
            {
                ["csharp"] = new JsonObject
                {
                    // The SDK package's own reference, a minimum: the Pulumi version it is built and tested with here.
                    ["packageReferences"] = new JsonObject { ["Pulumi"] = PulumiSdkVersion },
                    ["rootNamespace"] = "Pulumi",
                    ["respectSchemaVersion"] = true,
                },
            },
            ["config"] = new JsonObject { ["variables"] = configVariables },
            ["provider"] = new JsonObject
            {
                ["description"] = package.ProviderDescription,
                ["properties"] = Properties(package.Configuration, p => !p.IsSecret && p.Shape is ScalarShape, input: false),
                ["inputProperties"] = Properties(package.Configuration, _ => true, input: true),
            },
            ["resources"] = resources,
            ["functions"] = functions,
        };
        // Types last: they are discovered while the rest is built.
        document["types"] = new JsonObject(types.Select(t => KeyValuePair.Create(t.Key, t.Value)));
        return Serialize(Sorted(document)) + "\n";
    }

    /// <summary>A [DefaultValue] as JSON, through the non-generic factories (the generic one needs reflection at run
    /// time, which a NativeAOT build does not have).</summary>
    private static JsonValue DefaultValue(object value) => value switch
    {
        bool flag => JsonValue.Create(flag),
        string text => JsonValue.Create(text),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        _ => throw new InvalidOperationException($"a [DefaultValue] of type {value.GetType().Name} has no schema form: use a bool, string or number."),
    };

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value?.DeepClone())))),
        JsonArray array => new JsonArray([.. array.Select(item => Sorted(item?.DeepClone()))]),
        _ => node?.DeepClone(),
    };

    private static string Serialize(JsonNode? node) =>
        node!.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NewLine = "\n",
        });
}

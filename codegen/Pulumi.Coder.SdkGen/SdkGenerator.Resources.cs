using System.Text.Json;
using Pulumi.Coder.SdkGen.Schema;

namespace Pulumi.Coder.SdkGen;

// Resource classes (with their Args and State classes) and the provider resource.
internal sealed partial class SdkGenerator
{
    private static readonly string[] InheritedResourceMembers =
        ["Id", "Urn", "Get", "GetResourceName", "GetResourceType", "MakeResourceOptions"];

    private void EmitResource(string tokenText, ResourceSpec resource)
    {
        if (resource.IsComponent) throw new NotSupportedException($"{tokenText}: component resources");
        if (resource.Methods is { Count: > 0 }) throw new NotSupportedException($"{tokenText}: resource methods");
        if (resource.DeprecationMessage is not null) throw new NotSupportedException($"{tokenText}: deprecated resources");
        var token = Token.Parse(tokenText);
        var module = ModuleOf(token);
        var className = token.Name;
        var argsClass = className + "Args";
        var stateClass = resource.StateInputs is null ? null : className + "State";
        var argsOptional = resource.RequiredInputs.Count == 0;

        var w = StartFile(module.Namespace);
        w.Summary(resource.Description);
        w.Line($"[{ResourceTypeAttribute}({CSharp.String(tokenText)})]");
        w.Open($"public partial class {className} : global::Pulumi.CustomResource");
        var secretOutputs = OutputProperties(w, className, resource, module, tokenText, stringsOnly: false);

        w.Line("/// <summary>");
        w.Line($"/// Creates a {className} resource.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"name\">The unique name of the resource in the program.</param>");
        w.Line("/// <param name=\"args\">The arguments that set the resource's properties.</param>");
        w.Line("/// <param name=\"options\">Options that control the resource's behaviour.</param>");
        w.Line($"public {className}(string name, {argsClass}{(argsOptional ? "? args = null" : " args")}, CustomResourceOptions? options = null)");
        w.Line($"    : base({CSharp.String(tokenText)}, name, args ?? new {argsClass}(), MakeResourceOptions(options, null))");
        w.Open().Close();
        w.Line();
        var stateParameter = stateClass is null ? "" : $", {stateClass}? state = null";
        w.Line($"private {className}(string name, Input<string> id{stateParameter}, CustomResourceOptions? options = null)");
        w.Line($"    : base({CSharp.String(tokenText)}, name, {(stateClass is null ? "null" : "state")}, MakeResourceOptions(options, id))");
        w.Open().Close();
        w.Line();
        ResourceOptionsMethod(w, secretOutputs, ReplaceOnChangesPaths(resource, tokenText), AliasTypes(resource, tokenText));
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// Reads the state of an existing {className} resource.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"name\">The unique name of the resulting resource in the program.</param>");
        w.Line("/// <param name=\"id\">The provider id of the resource to read.</param>");
        if (stateClass is not null)
            w.Line("/// <param name=\"state\">Properties that further qualify the resource to read.</param>");
        w.Line("/// <param name=\"options\">Options that control the resource's behaviour.</param>");
        w.Line($"public static {className} Get(string name, Input<string> id{stateParameter}, CustomResourceOptions? options = null)");
        w.Line($"    => new {className}(name, id{(stateClass is null ? "" : ", state")}, options);");
        w.Close();

        w.Line();
        w.Summary($"The arguments of a {className} resource.");
        w.Open($"public sealed class {argsClass} : global::Pulumi.ResourceArgs");
        InputClassBody(w, argsClass, new ObjectTypeSpec { Properties = resource.InputProperties }, resource.RequiredInputs,
            Shape.Args, module, tokenText + ".inputProperties");
        w.Close();

        if (resource.StateInputs is { } state)
        {
            w.Line();
            w.Summary(state.Description ?? $"Properties that qualify an existing {className} resource to read.");
            w.Open($"public sealed class {stateClass} : global::Pulumi.ResourceArgs");
            InputClassBody(w, stateClass!, state, [], Shape.GetArgs, module, tokenText + ".stateInputs");
            w.Close();
        }
        FinishFile(w, $"{module.Folder}{className}.cs");
    }

    private void EmitProvider(ResourceSpec provider)
    {
        if (provider.Methods is { Count: > 0 }) throw new NotSupportedException("provider: methods");
        var module = new Module(_rootNamespace, "");
        var argsOptional = provider.RequiredInputs.Count == 0;
        var w = StartFile(_rootNamespace);
        w.Summary(provider.Description);
        w.Line($"[{ResourceTypeAttribute}({CSharp.String($"pulumi:providers:{_spec.Name}")})]");
        w.Open("public partial class Provider : global::Pulumi.ProviderResource");
        // The engine keeps a provider's outputs as strings, so only string properties are readable.
        var secretOutputs = OutputProperties(w, "Provider", provider, module, "provider", stringsOnly: true);
        // A secret setting stays secret should the provider ever hand it back among its outputs.
        var secrets = secretOutputs.Concat(provider.InputProperties.Where(p => p.Value.Secret).Select(p => p.Key))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        w.Line("/// <summary>");
        w.Line("/// Creates a provider instance: resources and invokes given it as their provider use its settings.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"name\">The unique name of the provider in the program.</param>");
        w.Line("/// <param name=\"args\">The provider's settings.</param>");
        w.Line("/// <param name=\"options\">Options that control the provider resource's behaviour.</param>");
        w.Line($"public Provider(string name, ProviderArgs{(argsOptional ? "? args = null" : " args")}, CustomResourceOptions? options = null)");
        w.Line($"    : base({CSharp.String(_spec.Name)}, name, args ?? new ProviderArgs(), MakeResourceOptions(options, null))");
        w.Open().Close();
        w.Line();
        ResourceOptionsMethod(w, secrets, ReplaceOnChangesPaths(provider, "provider"), AliasTypes(provider, "provider"));
        w.Close();
        w.Line();
        w.Summary("The settings of a provider instance.");
        w.Open("public sealed class ProviderArgs : global::Pulumi.ResourceArgs");
        InputClassBody(w, "ProviderArgs", new ObjectTypeSpec { Properties = provider.InputProperties }, provider.RequiredInputs,
            Shape.Args, module, "provider.inputProperties", isProvider: true);
        w.Close();
        FinishFile(w, "Provider.cs");
    }

    /// <summary>The <c>[Output]</c> properties of a resource; returns the names of secret ones.</summary>
    private List<string> OutputProperties(CodeWriter w, string className, ResourceSpec resource, Module module, string where, bool stringsOnly)
    {
        var secret = new List<string>();
        foreach (var (schemaName, property) in Sorted(resource.Properties))
        {
            // The id and URN are every resource's own members.
            if (schemaName is "id" or "urn") continue;
            var at = $"{where}.{schemaName}";
            RefuseDeprecatedOrConst(property, at);
            if (stringsOnly && !(property.Ref is null && property.Type == "string")) continue;
            if (property.Secret) secret.Add(schemaName);
            var member = MemberName(schemaName, className, InheritedResourceMembers);
            var type = Optional(OutputType(property, module, at), resource.Required.Contains(schemaName));
            w.Summary(property.Description);
            w.Line($"[Output({CSharp.String(schemaName)})]");
            w.Line($"public Output<{type}> {member} {{ get; private set; }} = null!;");
            w.Line();
        }
        return secret;
    }

    /// <summary>
    /// The properties whose change replaces the resource, as paths (<c>a</c>, or <c>a.b</c> into an object type).
    /// The schema may mark a property among the inputs, the outputs or both; either counts.
    /// </summary>
    private List<string> ReplaceOnChangesPaths(ResourceSpec resource, string where)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var properties in new[] { resource.Properties, resource.InputProperties })
        {
            foreach (var (name, property) in properties) Collect(name, property);
        }
        return [.. paths];

        void Collect(string path, PropertySpec property)
        {
            if (property.WillReplaceOnChanges)
            {
                paths.Add(path);
                return;
            }
            if (property.Ref is not { } reference || reference.StartsWith("pulumi.json#", StringComparison.Ordinal)) return;
            var token = TypeToken(reference, $"{where}.{path}");
            // A type that contains itself is searched once along each path.
            if (IsEnum(token) || !visiting.Add(token)) return;
            foreach (var (name, nested) in _spec.Types[token].Properties) Collect($"{path}.{name}", nested);
            visiting.Remove(token);
        }
    }

    /// <summary>The alias types of a resource, which the SDK passes as resource options the way pulumi-dotnet's codegen
    /// does, so that a renamed resource type is updated in place rather than replaced.</summary>
    private static List<string> AliasTypes(ResourceSpec resource, string where)
    {
        var types = new List<string>();
        foreach (var alias in resource.Aliases ?? [])
        {
            if (alias.ValueKind == JsonValueKind.String)
            {
                types.Add(alias.GetString()!);
                continue;
            }
            if (alias.ValueKind != JsonValueKind.Object || alias.EnumerateObject().Any(p => p.Name != "type")
                || !alias.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                throw new NotSupportedException($"{where}.aliases: alias {alias.GetRawText()}; only aliases of a type " +
                    "(\"acme:index:Old\" or { \"type\": \"acme:index:Old\" }) are supported, as Pulumi's codegen reads no name or project");
            types.Add(type.GetString()!);
        }
        return types;
    }

    private static void ResourceOptionsMethod(CodeWriter w, List<string> secretOutputs, List<string> replaceOnChanges, List<string> aliasTypes)
    {
        w.Open("private static CustomResourceOptions MakeResourceOptions(CustomResourceOptions? options, Input<string>? id)");
        w.Line("var defaults = new CustomResourceOptions");
        w.Open();
        w.Line("Version = Utilities.Version,");
        if (aliasTypes.Count > 0)
            w.Line($"Aliases = {{ {string.Join(", ", aliasTypes.Select(t => $"new global::Pulumi.Alias {{ Type = {CSharp.String(t)} }}"))} }},");
        if (secretOutputs.Count > 0)
            w.Line($"AdditionalSecretOutputs = {{ {string.Join(", ", secretOutputs.Select(CSharp.String))} }},");
        if (replaceOnChanges.Count > 0)
            w.Line($"ReplaceOnChanges = {{ {string.Join(", ", replaceOnChanges.Select(CSharp.String))} }},");
        w.Close("};");
        w.Line("return Utilities.Merge(defaults, options, id);");
        w.Close();
    }
}

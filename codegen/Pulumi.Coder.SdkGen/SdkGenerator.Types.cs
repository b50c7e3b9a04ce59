using Pulumi.Coder.SdkGen.Schema;

namespace Pulumi.Coder.SdkGen;

// How schema types are spelled in C#, and the members every Args-like or output class is made of.
internal sealed partial class SdkGenerator
{
    private const string AnyRef = "pulumi.json#/Any";
    private const string ArchiveRef = "pulumi.json#/Archive";
    private const string AssetRef = "pulumi.json#/Asset";
    private const string JsonRef = "pulumi.json#/Json";
    private const string JsonElement = "System.Text.Json.JsonElement";

    /// <summary>The token of the type a <c>$ref</c> names, checked to be one of this package's types.</summary>
    private string TypeToken(string reference, string where)
    {
        const string local = "#/types/";
        if (!reference.StartsWith(local, StringComparison.Ordinal))
            throw new NotSupportedException($"{where}: reference '{reference}' (only this package's #/types/ and pulumi.json#/Any, Archive, Asset, Json)");
        var token = Uri.UnescapeDataString(reference[local.Length..]);
        if (!_spec.Types.TryGetValue(token, out var type))
            throw new InvalidDataException($"{where}: reference to undefined type {token}");
        if (type.Enum is null && type.Type != "object")
            throw new NotSupportedException($"{where}: type {token} of kind '{type.Type}'");
        return token;
    }

    /// <summary>The C# type a <c>$ref</c> to this package's types stands for in one shape.</summary>
    private string ReferencedType(string reference, Shape shape, Module from, string where)
    {
        var token = TypeToken(reference, where);
        return IsEnum(token) ? EnumClass(token) : ObjectClass(token, shape, from);
    }

    /// <summary>The enum a property's <c>$ref</c> names, if it names one.</summary>
    private string? EnumToken(TypeSpec type) =>
        type.Ref is { } reference && reference.StartsWith("#/types/", StringComparison.Ordinal)
        && Uri.UnescapeDataString(reference["#/types/".Length..]) is var token && IsEnum(token) ? token : null;

    /// <summary>The class of an object type in one shape, named from the namespace of <paramref name="from"/>.</summary>
    private string ObjectClass(string token, Shape shape, Module from)
    {
        _neededTypes.Add(new ObjectUse(token, shape));
        var parsed = Token.Parse(token);
        var module = ModuleOf(parsed);
        var name = ObjectClassName(parsed.Name, shape);
        var sub = shape == Shape.Output ? "Outputs" : "Inputs";
        return module == from ? $"{sub}.{name}" : $"global::{module.Namespace}.{sub}.{name}";
    }

    private static string ObjectClassName(string name, Shape shape) => shape switch
    {
        Shape.Args => name + "Args",
        Shape.GetArgs => name + "GetArgs",
        Shape.PlainArgs => name,
        Shape.InvokeArgs => name + "InputArgs",
        _ => name,
    };

    private static void RefuseUnsupported(TypeSpec type, string where)
    {
        if (type.OneOf is not null) throw new NotSupportedException($"{where}: oneOf (union) types");
        if (type.Plain) throw new NotSupportedException($"{where}: plain properties");
    }

    /// <summary>A value as resources and functions return it (element form: never nullable).</summary>
    private string OutputType(TypeSpec type, Module from, string where)
    {
        RefuseUnsupported(type, where);
        return type.Ref switch
        {
            AnyRef => "object",
            ArchiveRef => "Archive",
            AssetRef => "AssetOrArchive",
            JsonRef => JsonElement,
            { } reference => ReferencedType(reference, Shape.Output, from, where),
            null => type.Type switch
            {
                "array" => $"ImmutableArray<{OutputType(Items(type, where), from, where)}>",
                "object" => $"ImmutableDictionary<string, {(type.AdditionalProperties is { } values ? OutputType(values, from, where) : "object")}>",
                _ => Primitive(type, where),
            },
        };
    }

    /// <summary>An output member's type: optional values may be absent, except arrays (absent reads as empty).</summary>
    private static string Optional(string type, bool required) =>
        required || type.StartsWith("ImmutableArray<", StringComparison.Ordinal) ? type : type + "?";

    /// <summary>A value inside an Input, InputList or InputMap.</summary>
    private string InputElement(TypeSpec type, Shape shape, Module from, string where)
    {
        RefuseUnsupported(type, where);
        return type.Ref switch
        {
            AnyRef => "object",
            ArchiveRef => "Archive",
            AssetRef => "AssetOrArchive",
            JsonRef => JsonElement,
            { } reference => ReferencedType(reference, shape, from, where),
            null => type.Type switch
            {
                "array" => $"ImmutableArray<{InputElement(Items(type, where), shape, from, where)}>",
                "object" => $"ImmutableDictionary<string, {(type.AdditionalProperties is { } values ? InputElement(values, shape, from, where) : "object")}>",
                _ => Primitive(type, where),
            },
        };
    }

    /// <summary>An Input-typed member: lists and maps are InputList/InputMap so their items may be outputs too.</summary>
    private (string Type, bool IsCollection) InputMember(TypeSpec type, Shape shape, Module from, string where)
    {
        RefuseUnsupported(type, where);
        if (type.Ref == JsonRef) return ("InputJson", false);
        if (type.Ref is null && type.Type == "array")
            return ($"InputList<{InputElement(Items(type, where), shape, from, where)}>", true);
        if (type.Ref is null && type.Type == "object")
            return ($"InputMap<{(type.AdditionalProperties is { } values ? InputElement(values, shape, from, where) : "object")}>", true);
        return ($"Input<{InputElement(type, shape, from, where)}>", false);
    }

    /// <summary>A plain (non-Input) member of <c>InvokeAsync</c> arguments: lists and maps are List/Dictionary.</summary>
    private (string Type, bool IsCollection) PlainMember(TypeSpec type, Module from, string where)
    {
        RefuseUnsupported(type, where);
        if (type.Ref is null && type.Type == "array")
            return ($"List<{InputElement(Items(type, where), Shape.PlainArgs, from, where)}>", true);
        if (type.Ref is null && type.Type == "object")
            return ($"Dictionary<string, {(type.AdditionalProperties is { } values ? InputElement(values, Shape.PlainArgs, from, where) : "object")}>", true);
        return (InputElement(type, Shape.PlainArgs, from, where), false);
    }

    private static TypeSpec Items(TypeSpec array, string where) =>
        array.Items ?? throw new InvalidDataException($"{where}: array without items");

    private static string Primitive(TypeSpec type, string where) => type.Type switch
    {
        "string" => "string",
        "integer" => "int",
        "number" => "double",
        "boolean" => "bool",
        _ => throw new NotSupportedException($"{where}: type '{type.Type}'"),
    };

    private bool IsValueType(TypeSpec type, string csharpType) =>
        csharpType is "int" or "double" or "bool" or JsonElement || EnumToken(type) is not null;

    /// <summary>The C# member name of a schema property, moved aside when it would clash with the class or a member it inherits.</summary>
    private static string MemberName(string schemaName, string className, params string[] reserved)
    {
        var name = CSharp.Pascal(schemaName);
        return name == className || reserved.Contains(name) ? name + "Value" : name;
    }

    private static string BackingField(string memberName) => "_" + char.ToLowerInvariant(memberName[0]) + memberName[1..];

    private static string InputAttribute(string schemaName, bool required, bool json = false) =>
        $"[Input({CSharp.String(schemaName)}{(required ? ", required: true" : "")}{(json ? ", json: true" : "")})]";

    /// <summary>
    /// The body of a class whose members are Inputs (resource and provider args, resource state, Input-typed
    /// object types and Invoke arguments): one member per property, then a constructor applying schema defaults.
    /// </summary>
    private void InputClassBody(CodeWriter w, string className, ObjectTypeSpec type, IReadOnlyCollection<string> required,
        Shape shape, Module from, string where, bool isProvider = false)
    {
        var defaults = new List<(string Member, PropertySpec Property, string Where)>();
        foreach (var (schemaName, property) in Sorted(type.Properties))
        {
            var at = $"{where}.{schemaName}";
            RefuseDeprecatedOrConst(property, at);
            var member = MemberName(schemaName, className, "Empty");
            var isRequired = required.Contains(schemaName);
            var (memberType, isCollection) = InputMember(property, shape, from, at);
            // Provider settings travel as strings: anything else is sent as JSON.
            var json = isProvider && !IsString(property);
            var attribute = InputAttribute(schemaName, isRequired, json);

            if (!isCollection && !property.Secret)
            {
                w.Summary(property.Description);
                w.Line(attribute);
                w.Line(isRequired
                    ? $"public {memberType} {member} {{ get; set; }} = null!;"
                    : $"public {memberType}? {member} {{ get; set; }}");
            }
            else
            {
                // A backing field lets a list or map start empty on first use, and lets a secret be wrapped
                // however the caller assigns it.
                var field = BackingField(member);
                // An optional list or map that the program only read (creating it) is sent as unset, not empty:
                // unset often leaves a setting unmanaged where empty clears it. Its own Input member sends it.
                var unsetUntilChanged = isCollection && !isRequired;
                var createdOnRead = field + "OnRead";
                if (!unsetUntilChanged) w.Line(attribute);
                w.Line($"private {memberType}? {field};");
                if (unsetUntilChanged) w.Line($"private Output<{CollectionValue(memberType)}>? {createdOnRead};");
                w.Line();
                w.Summary(property.Description);
                w.Open($"public {memberType}{(isCollection ? "" : "?")} {member}");
                // A secret list or map starts out secret, so that items added to it later stay secret.
                var empty = property.Secret ? $"Output.CreateSecret({EmptyCollection(memberType)})" : $"new {memberType}()";
                w.Line(!isCollection ? $"get => {field};"
                    : unsetUntilChanged ? $"get => {field} ?? ({field} = Utilities.CreatedOnRead({empty}, out {createdOnRead}));"
                    : $"get => {field} ?? ({field} = {empty});");
                w.Line(property.Secret
                    ? $"set => {field} = value is null ? null : ({memberType})Output.CreateSecret(value.ToOutput());"
                    : $"set => {field} = value;");
                w.Close();
                if (unsetUntilChanged)
                {
                    w.Line();
                    w.Line(attribute);
                    w.Line($"private {memberType}? {member}Input => Utilities.UnlessOnlyRead({field}, {createdOnRead});");
                }
            }
            w.Line();
            // A provider applies its own environment defaults when a setting is left unset; read here, the
            // values (secrets too) would land in the program's state, and a changed variable would change the provider.
            if (property.Default is not null || (!isProvider && property.DefaultInfo is { Environment.Count: > 0 }))
                defaults.Add((member, isProvider ? property with { DefaultInfo = null } : property, at));
        }
        ConstructorAndEmpty(w, className, defaults);
    }

    /// <summary>The empty value of an InputList or InputMap type: <c>InputList&lt;T&gt;</c> → <c>ImmutableArray&lt;T&gt;.Empty</c>.</summary>
    private static string EmptyCollection(string collectionType) => CollectionValue(collectionType) + ".Empty";

    /// <summary>The value an InputList or InputMap type holds: <c>InputList&lt;T&gt;</c> → <c>ImmutableArray&lt;T&gt;</c>.</summary>
    private static string CollectionValue(string collectionType)
    {
        var element = collectionType[(collectionType.IndexOf('<') + 1)..^1];
        return collectionType.StartsWith("InputList<", StringComparison.Ordinal)
            ? $"ImmutableArray<{element}>"
            : $"ImmutableDictionary<string, {element}>";
    }

    /// <summary>Whether values of a property are strings (plain or string enum).</summary>
    private bool IsString(TypeSpec type) =>
        (type.Ref is null && type.Type == "string") || (EnumToken(type) is { } token && _spec.Types[token].Type == "string");

    /// <summary>The body of <c>InvokeAsync</c> arguments and their object types: plain values, no Inputs.</summary>
    private void PlainClassBody(CodeWriter w, string className, ObjectTypeSpec type, IReadOnlyCollection<string> required,
        Module from, string where)
    {
        var defaults = new List<(string Member, PropertySpec Property, string Where)>();
        foreach (var (schemaName, property) in Sorted(type.Properties))
        {
            var at = $"{where}.{schemaName}";
            RefuseDeprecatedOrConst(property, at);
            var member = MemberName(schemaName, className, "Empty");
            var isRequired = required.Contains(schemaName);
            var (memberType, isCollection) = PlainMember(property, from, at);
            var attribute = InputAttribute(schemaName, isRequired);
            if (isCollection)
            {
                var field = BackingField(member);
                w.Line(attribute);
                w.Line($"private {memberType}? {field};");
                w.Line();
                w.Summary(property.Description);
                w.Open($"public {memberType} {member}");
                w.Line($"get => {field} ?? ({field} = new {memberType}());");
                w.Line($"set => {field} = value;");
                w.Close();
            }
            else
            {
                // A plain value cannot carry secretness; the engine still treats the property as the schema says.
                w.Summary(property.Description);
                w.Line(attribute);
                w.Line(isRequired
                    ? $"public {memberType} {member} {{ get; set; }}{(IsValueType(property, memberType) ? "" : " = null!;")}"
                    : $"public {memberType}? {member} {{ get; set; }}");
            }
            w.Line();
            if (property.Default is not null || property.DefaultInfo is { Environment.Count: > 0 })
                defaults.Add((member, property, at));
        }
        ConstructorAndEmpty(w, className, defaults);
    }

    /// <summary>A constructor that applies schema defaults (an environment variable first, then the default value).</summary>
    private void ConstructorAndEmpty(CodeWriter w, string className, List<(string Member, PropertySpec Property, string Where)> defaults)
    {
        w.Open($"public {className}()");
        foreach (var (member, property, where) in defaults)
        {
            var environment = property.DefaultInfo?.Environment ?? [];
            if (EnumToken(property) is { } enumToken)
            {
                if (environment.Count > 0 || property.Default is not { } enumValue)
                    throw new NotSupportedException($"{where}: environment defaults of enum properties");
                w.Line($"{member} = {EnumDefault(enumToken, enumValue, where)};");
                continue;
            }
            if (property.Ref is not null || property.Type is "array" or "object" or null)
                throw new NotSupportedException($"{where}: defaults of non-primitive properties");
            var literal = property.Default is { } value ? CSharp.Literal(value, property.Type, where) : null;
            if (environment.Count == 0)
            {
                w.Line($"{member} = {literal};");
                continue;
            }
            var read = $"Utilities.{EnvironmentReader(property.Type, where)}({string.Join(", ", environment.Select(CSharp.String))})";
            if (literal is not null)
            {
                w.Line($"{member} = {read} ?? {literal};");
            }
            else
            {
                var local = char.ToLowerInvariant(member[0]) + member[1..] + "FromEnvironment";
                w.Line($"if ({read} is {{ }} {local}) {member} = {local};");
            }
        }
        w.Close();
        w.Line();
        w.Line($"public static new {className} Empty => new {className}();");
    }

    private static string EnvironmentReader(string schemaType, string where) => schemaType switch
    {
        "string" => "GetEnv",
        "boolean" => "GetEnvBoolean",
        "integer" => "GetEnvInt32",
        "number" => "GetEnvDouble",
        _ => throw new NotSupportedException($"{where}: environment defaults of type '{schemaType}'"),
    };

    private static void RefuseDeprecatedOrConst(PropertySpec property, string where)
    {
        if (property.Const is not null) throw new NotSupportedException($"{where}: const properties");
        if (property.DeprecationMessage is not null) throw new NotSupportedException($"{where}: deprecated properties");
    }

    /// <summary>
    /// The body of an output class (<c>Outputs/X</c>, function results): read-only fields, filled by the
    /// deserializer through the constructor, whose parameter names are the schema names.
    /// </summary>
    private void OutputClassBody(CodeWriter w, string className, ObjectTypeSpec type, Module from, string where)
    {
        var members = new List<(string Parameter, string Member, string Type)>();
        foreach (var (schemaName, property) in Sorted(type.Properties))
        {
            var at = $"{where}.{schemaName}";
            RefuseDeprecatedOrConst(property, at);
            var member = MemberName(schemaName, className);
            var memberType = Optional(OutputType(property, from, at), type.Required.Contains(schemaName));
            if (members.Count > 0) w.Line();
            w.Summary(property.Description);
            w.Line($"public readonly {memberType} {member};");
            members.Add((CSharp.Parameter(schemaName), member, memberType));
        }
        if (members.Count > 0) w.Line();
        w.Line("[OutputConstructor]");
        if (members.Count == 0)
        {
            w.Line($"private {className}()");
            w.Open().Close();
            return;
        }
        w.Line($"private {className}(");
        for (var i = 0; i < members.Count; i++)
            w.Line($"    {members[i].Type} {members[i].Parameter}{(i == members.Count - 1 ? ")" : ",")}");
        w.Open();
        foreach (var (parameter, member, _) in members) w.Line($"{member} = {parameter};");
        w.Close();
    }

    private void EmitObjectType(ObjectUse use)
    {
        var token = Token.Parse(use.Token);
        var module = ModuleOf(token);
        var type = _spec.Types[use.Token];
        var className = ObjectClassName(token.Name, use.Shape);
        var folder = use.Shape == Shape.Output ? "Outputs" : "Inputs";
        var w = StartFile($"{module.Namespace}.{folder}");
        w.Summary(type.Description);
        switch (use.Shape)
        {
            case Shape.Output:
                w.Line("[OutputType]");
                w.Open($"public sealed class {className}");
                OutputClassBody(w, className, type, module, use.Token);
                break;
            case Shape.PlainArgs:
                w.Open($"public sealed class {className} : global::Pulumi.InvokeArgs");
                PlainClassBody(w, className, type, type.Required, module, use.Token);
                break;
            default:
                w.Open($"public sealed class {className} : global::Pulumi.ResourceArgs");
                InputClassBody(w, className, type, type.Required, use.Shape, module, use.Token);
                break;
        }
        w.Close();
        FinishFile(w, $"{module.Folder}{folder}/{className}.cs");
    }
}

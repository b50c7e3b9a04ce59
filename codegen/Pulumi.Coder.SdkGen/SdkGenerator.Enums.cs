using System.Globalization;
using System.Text;
using System.Text.Json;
using Pulumi.Coder.SdkGen.Schema;

namespace Pulumi.Coder.SdkGen;

// Enum types: string and number enums as [EnumType] structs (so a value the SDK does not know yet still
// deserializes), integer enums as C# enums; all of a module's enums in its Enums.cs.
internal sealed partial class SdkGenerator
{
    private sealed record EnumMember(string Name, string Literal, JsonElement Value, string? Description);

    private bool IsEnum(string token) => _spec.Types.TryGetValue(token, out var type) && type.Enum is not null;

    /// <summary>
    /// The fully qualified name of an enum type: a member may carry its enum's name, and a bare name in a
    /// default (<c>LoginType = LoginType.Oidc</c>) would then mean the member.
    /// </summary>
    private string EnumClass(string token)
    {
        var parsed = Token.Parse(token);
        return $"global::{ModuleOf(parsed).Namespace}.{CSharp.Pascal(parsed.Name)}";
    }

    /// <summary>The C# expression of an enum-typed default: the member whose value it is.</summary>
    private string EnumDefault(string token, JsonElement value, string where)
    {
        var member = EnumMembers(token).FirstOrDefault(m => System.Text.Json.JsonElement.DeepEquals(m.Value, value))
            ?? throw new InvalidDataException($"{where}: default {value.GetRawText()} is not a value of {token}");
        return $"{EnumClass(token)}.{member.Name}";
    }

    private void EmitEnums()
    {
        var enums = _spec.Types.Where(t => t.Value.Enum is not null).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        foreach (var module in enums.GroupBy(e => ModuleOf(Token.Parse(e.Key))))
        {
            var w = StartFile(module.Key.Namespace);
            var first = true;
            foreach (var (token, type) in module)
            {
                if (!first) w.Line();
                first = false;
                EmitEnum(w, token, type);
            }
            FinishFile(w, $"{module.Key.Folder}Enums.cs");
        }
    }

    private void EmitEnum(CodeWriter w, string token, ComplexTypeSpec type)
    {
        var name = CSharp.Pascal(Token.Parse(token).Name);
        var members = EnumMembers(token);
        w.Summary(type.Description);
        if (type.Type == "integer")
        {
            w.Open($"public enum {name}");
            foreach (var member in members)
            {
                w.Summary(member.Description);
                w.Line($"{member.Name} = {member.Literal},");
            }
            w.Close();
            return;
        }

        var valueType = type.Type == "string" ? "string" : "double";
        const string hidden = "[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]";
        w.Line("[EnumType]");
        w.Open($"public readonly struct {name} : IEquatable<{name}>");
        w.Line($"private readonly {valueType} _value;");
        w.Line();
        // The deserializer builds values through this constructor, so values newer than the SDK still arrive.
        w.Open($"private {name}({valueType} value)");
        w.Line(valueType == "string" ? "_value = value ?? throw new ArgumentNullException(nameof(value));" : "_value = value;");
        w.Close();
        foreach (var member in members)
        {
            w.Line();
            w.Summary(member.Description);
            w.Line($"public static {name} {member.Name} {{ get; }} = new {name}({member.Literal});");
        }
        w.Line();
        w.Line($"public static bool operator ==({name} left, {name} right) => left.Equals(right);");
        w.Line($"public static bool operator !=({name} left, {name} right) => !left.Equals(right);");
        w.Line();
        w.Line($"public static explicit operator {valueType}({name} value) => value._value;");
        w.Line();
        w.Line(hidden);
        w.Line($"public override bool Equals(object? obj) => obj is {name} other && Equals(other);");
        w.Line(valueType == "string"
            ? $"public bool Equals({name} other) => string.Equals(_value, other._value, StringComparison.Ordinal);"
            : $"public bool Equals({name} other) => _value.Equals(other._value);");
        w.Line();
        w.Line(hidden);
        w.Line(valueType == "string"
            ? "public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);"
            : "public override int GetHashCode() => _value.GetHashCode();");
        w.Line();
        w.Line(valueType == "string"
            ? "public override string ToString() => _value;"
            : "public override string ToString() => _value.ToString(System.Globalization.CultureInfo.InvariantCulture);");
        w.Close();
    }

    /// <summary>The members of an enum type, named from their schema names (else their values) in PascalCase.</summary>
    private List<EnumMember> EnumMembers(string token)
    {
        var type = _spec.Types[token];
        var typeName = CSharp.Pascal(Token.Parse(token).Name);
        var values = type.Enum ?? throw new InvalidOperationException($"{token} is not an enum");
        if (values.Count == 0) throw new InvalidDataException($"{token}: an enum without values");
        if (type.Type is not ("string" or "number" or "integer"))
            throw new NotSupportedException($"{token}: enums of type '{type.Type}' (only string, number and integer)");

        var members = new List<EnumMember>();
        foreach (var value in values)
        {
            var where = $"{token}.enum[{value.Value.GetRawText()}]";
            if (value.DeprecationMessage is not null) throw new NotSupportedException($"{where}: deprecated enum values");
            var literal = (type.Type, value.Value.ValueKind) switch
            {
                ("string", JsonValueKind.String) => CSharp.String(value.Value.GetString()!),
                ("integer", JsonValueKind.Number) when value.Value.TryGetInt32(out var i) => i.ToString(CultureInfo.InvariantCulture),
                ("number", JsonValueKind.Number) => value.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                _ => throw new InvalidDataException($"{where}: not a value of type '{type.Type}'"),
            };
            var source = value.Name ?? (value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString()! : value.Value.GetRawText());
            var name = EnumMemberName(source);
            if (name is null)
                throw new NotSupportedException($"{where}: '{source}' makes no C# name; give the value a \"name\"");
            // Members may not be named like their type, nor hide what every struct has.
            if (name == typeName || name is "Equals" or "GetHashCode" or "ToString" or "GetType") name += "Value";
            if (members.Any(m => m.Name == name))
                throw new NotSupportedException($"{where}: a second member named {name}; give the values distinct \"name\"s");
            members.Add(new EnumMember(name, literal, value.Value, value.Description));
        }
        return members;
    }

    /// <summary><c>template-admin</c> → <c>TemplateAdmin</c>, <c>oidc</c> → <c>Oidc</c>; null when no name results.</summary>
    private static string? EnumMemberName(string source)
    {
        var name = new StringBuilder();
        var startOfWord = true;
        foreach (var c in source)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                name.Append(startOfWord ? char.ToUpperInvariant(c) : c);
                startOfWord = false;
            }
            else
            {
                startOfWord = true;
            }
        }
        var text = name.ToString();
        return CSharp.IsIdentifier(text) && !char.IsAsciiDigit(text[0]) && text[0] != '_' ? text : null;
    }
}

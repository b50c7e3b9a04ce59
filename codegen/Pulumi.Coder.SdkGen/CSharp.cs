using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pulumi.Coder.SdkGen;

/// <summary>Spelling of C# names and literals from schema text.</summary>
internal static partial class CSharp
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    public static bool IsIdentifier(string name) => IdentifierPattern().IsMatch(name);

    /// <summary>The schema name with its first letter raised: <c>organizationId</c> → <c>OrganizationId</c>.</summary>
    public static string Pascal(string schemaName)
    {
        RequireIdentifier(schemaName);
        return char.ToUpperInvariant(schemaName[0]) + schemaName[1..];
    }

    /// <summary>A parameter or local name for a schema name, escaped when it is a keyword.</summary>
    public static string Camel(string schemaName)
    {
        RequireIdentifier(schemaName);
        var camel = char.ToLowerInvariant(schemaName[0]) + schemaName[1..];
        return Keywords.Contains(camel) ? "@" + camel : camel;
    }

    /// <summary>
    /// An output-constructor parameter: exactly the schema name (the deserializer matches on it), escaped when it
    /// is a keyword.
    /// </summary>
    public static string Parameter(string schemaName)
    {
        RequireIdentifier(schemaName);
        return Keywords.Contains(schemaName) ? "@" + schemaName : schemaName;
    }

    public static void RequireIdentifier(string name)
    {
        if (!IsIdentifier(name))
            throw new NotSupportedException($"'{name}' is not usable as a C# name (letters, digits and '_' only)");
    }

    /// <summary>A regular C# string literal.</summary>
    public static string String(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    /// <summary>The literal of a schema default, in the C# type the property has.</summary>
    public static string Literal(JsonElement value, string schemaType, string where) => (schemaType, value.ValueKind) switch
    {
        ("string", JsonValueKind.String) => String(value.GetString()!),
        ("boolean", JsonValueKind.True) => "true",
        ("boolean", JsonValueKind.False) => "false",
        ("integer", JsonValueKind.Number) when value.TryGetInt32(out var i) => i.ToString(CultureInfo.InvariantCulture),
        ("number", JsonValueKind.Number) => value.GetDouble().ToString("R", CultureInfo.InvariantCulture) + "d",
        _ => throw new NotSupportedException($"{where}: default {value.GetRawText()} does not fit type '{schemaType}'"),
    };

    /// <summary>Description lines for an XML doc comment: markup characters escaped, trailing blanks dropped.</summary>
    public static IEnumerable<string> DocLines(string description) =>
        description.Replace("\r\n", "\n").Trim('\n').Split('\n').Select(line => EscapeXml(line.TrimEnd()));

    public static string EscapeXml(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}

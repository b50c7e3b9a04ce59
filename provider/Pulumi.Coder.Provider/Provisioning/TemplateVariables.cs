using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coder.Client.Archives;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;

namespace Pulumi.Coder.Provider.Provisioning;

/// <summary>
/// The Terraform variable values a template version is created with, as <c>coder templates push</c> gathers them:
/// the template's <c>terraform.tfvars</c>, then <c>terraform.tfvars.json</c>, then <c>*.auto.tfvars</c> and
/// <c>*.auto.tfvars.json</c> in name order, each overriding the ones before, and the program's <c>tfVars</c> last.
/// Values that are not strings are sent as Coder's CLI sends them (numbers and booleans as text, lists and objects as
/// JSON).
/// </summary>
public static partial class TemplateVariables
{
    public static IReadOnlyList<VariableValue> Resolve(
        IReadOnlyList<TemplateFile> variableFiles, IReadOnlyDictionary<string, string>? tfVars, string property)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in variableFiles.OrderBy(Precedence).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            var parsed = file.Path.EndsWith(".json", StringComparison.Ordinal) ? ParseJson(file, property) : ParseHcl(file, property);
            foreach (var (name, value) in parsed) values[name] = value;
        }
        foreach (var (name, value) in tfVars ?? new Dictionary<string, string>()) values[name] = value;
        return values.Select(v => new VariableValue { Name = v.Key, Value = v.Value }).ToList();
    }

    private static int Precedence(TemplateFile file) => file.Path switch
    {
        "terraform.tfvars" => 0,
        "terraform.tfvars.json" => 1,
        _ => 2,
    };

    private static IEnumerable<(string Name, string Value)> ParseJson(TemplateFile file, string property)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(file.Content);
        }
        catch (JsonException e)
        {
            throw new TemplateSourceException($"{property}: {file.Path} is not valid JSON ({e.Message}).");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new TemplateSourceException($"{property}: {file.Path} must hold one JSON object of variable values.");
            return document.RootElement.EnumerateObject()
                .Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))
                .ToList();
        }
    }

    /// <summary>The common <c>name = value</c> form with string, number and boolean values; anything else (lists,
    /// maps, heredocs, expressions) is refused with the fix rather than guessed at.</summary>
    private static IEnumerable<(string Name, string Value)> ParseHcl(TemplateFile file, string property)
    {
        var text = Encoding.UTF8.GetString(file.Content.Span);
        var lines = text.Split('\n');
        var result = new List<(string, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal)) continue;
            var match = Assignment().Match(line);
            var value = match.Success ? Literal(match.Groups["value"].Value) : null;
            if (value is null)
            {
                throw new TemplateSourceException($"{property}: {file.Path} line {i + 1} is not a `name = \"text\"`, number or " +
                    "true/false assignment, which is all the provider reads from variable files. Give that variable in " +
                    "`tfVars` instead (lists and maps as JSON text), or use a .tfvars.json file.");
            }
            result.Add((match.Groups["name"].Value, value));
        }
        return result;
    }

    private static string? Literal(string value)
    {
        value = TrailingComment().Replace(value, "").Trim();
        if (value is "true" or "false") return value;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !value.StartsWith('+')) return value;
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"') return null;
        try
        {
            // An HCL quoted string's escapes are JSON's, plus ${ and %{ templates, which a literal value has none of.
            using var parsed = JsonDocument.Parse(value);
            var text = parsed.RootElement.GetString();
            return text is not null && !text.Contains("${", StringComparison.Ordinal) && !text.Contains("%{", StringComparison.Ordinal) ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("""^(?<name>[A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?<value>.+)$""")]
    private static partial Regex Assignment();

    [GeneratedRegex("""\s+(#|//)[^"]*$""")]
    private static partial Regex TrailingComment();
}

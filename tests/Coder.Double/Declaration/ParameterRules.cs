using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Coder.Double.Declaration;

/// <summary>A build's parameter value as sent (rich_parameter_values) or stored (workspace_build_parameters).</summary>
public readonly record struct ParameterValue(string Name, string Value);

/// <summary>
/// How coderd resolves and validates a build's rich parameter values against a template version's parameters.
/// Templates use one of two flows (the template's use_classic_parameter_flow): the classic one
/// (codersdk.ParameterResolver, first failure only, 400 "Unable to validate parameter \"x\"") and the dynamic one
/// (coderd/dynamicparameters.ResolveParameters, every failure keyed by parameter name, 400 "Unable to validate
/// parameters"). Both decide the same values; they differ in what they report. Texts are terraform-provider-coder's.
/// </summary>
public static class ParameterRules
{
    public sealed record Outcome(List<ParameterValue> Values, ClassicFailure? Classic, IReadOnlyList<(string Field, string Detail)> Dynamic)
    {
        public bool Failed => Classic is not null || Dynamic.Count > 0;
    }

    public sealed record ClassicFailure(string Message, string Detail);

    /// <summary>Parameters in coderd's order: display order, then lower-cased name.</summary>
    public static IEnumerable<ParameterDeclaration> Ordered(IEnumerable<ParameterDeclaration> parameters) =>
        parameters.OrderBy(p => p.Order).ThenBy(p => p.Name.ToLowerInvariant(), StringComparer.Ordinal);

    /// <param name="previous">The previous build's values; null for a workspace's first build.</param>
    public static Outcome Resolve(
        IReadOnlyList<ParameterDeclaration> parameters,
        IReadOnlyList<ParameterValue> requested,
        IReadOnlyList<ParameterValue>? previous,
        bool classicFlow) =>
        classicFlow ? ResolveClassic(parameters, requested, previous ?? []) : ResolveDynamic(parameters, requested, previous);

    // ---- classic flow: codersdk.ParameterResolver.ValidateResolve, parameter by parameter, first error wins ----

    private static Outcome ResolveClassic(IReadOnlyList<ParameterDeclaration> parameters, IReadOnlyList<ParameterValue> requested, IReadOnlyList<ParameterValue> previous)
    {
        var values = new List<ParameterValue>();
        foreach (var p in Ordered(parameters))
        {
            var given = Find(requested, p.Name);
            var last = Find(previous, p.Name);
            string? problem = null;
            if (!p.Mutable && given is not null && last is not null && given.Value.Value != last.Value.Value)
            {
                problem = $"Parameter {GoQuote(p.Name)} is not mutable, so it can't be updated after creating a workspace.";
            }
            else if (p.Required && given is null && last is null)
            {
                problem = $"Parameter {GoQuote(p.Name)} is required but not provided";
            }

            var resolved = given ?? (p.Ephemeral ? null : last) ?? new ParameterValue(p.Name, p.DefaultValue ?? "");
            if (problem is null && ClassicValueProblem(p, resolved.Value, last?.Value) is { } invalid)
            {
                var shown = p.DisplayName.Length > 0 ? p.DisplayName : p.Name;
                problem = $"can't validate build parameter {GoQuote(shown)}: {invalid}";
            }
            if (problem is not null)
            {
                // wsbuilder wraps it: errors.Join(ErrParameterValidation, err) becomes the detail.
                return new Outcome([], new ClassicFailure($"Unable to validate parameter {GoQuote(p.Name)}", "parameter validation failed\n" + problem), []);
            }
            values.Add(resolved);
        }
        return new Outcome(values, null, []);
    }

    /// <summary>codersdk's validateBuildParameter.</summary>
    private static string? ClassicValueProblem(ParameterDeclaration p, string current, string? previous)
    {
        if (p.Required && current.Length == 0) return "parameter value is required";
        if (current.Length == 0) current = p.DefaultValue ?? "";
        if (p.Options.Count > 0 && !InOptionSet(p, current))
        {
            return $"parameter value must match one of options: [{string.Join(" ", p.Options.Select(o => o.Value))}]";
        }
        var validationEnabled = p.Validation is { } v && (v.Regex.Length > 0 || v.Min is not null || v.Max is not null || v.Monotonic.Length > 0)
                                || p.Type is "bool" or "list(string)";
        return validationEnabled ? ValidationProblem(p.Type, p.Validation, current, previous) : null;
    }

    private static bool InOptionSet(ParameterDeclaration p, string value)
    {
        var optionValues = p.Options.Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        if (!(p.Type == "list(string)" && p.FormType == "multi-select")) return optionValues.Contains(value);
        return ParseStringList(value) is { } items && items.All(optionValues.Contains);
    }

    // ---- dynamic flow: dynamicparameters.ResolveParameters over the version's stored parameters ----

    private static Outcome ResolveDynamic(IReadOnlyList<ParameterDeclaration> parameters, IReadOnlyList<ParameterValue> requested, IReadOnlyList<ParameterValue>? previous)
    {
        var firstBuild = previous is null;
        var previousMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in previous ?? []) previousMap[value.Name] = value.Value;

        // Previous values first, then this build's (a later duplicate overwrites an earlier one).
        var values = new Dictionary<string, (string Value, bool FromPrevious)>(StringComparer.Ordinal);
        foreach (var (name, value) in previousMap) values[name] = (value, true);
        foreach (var value in requested) values[value.Name] = (value.Value, false);

        var problems = new SortedDictionary<string, List<(string Summary, string Detail)>>(StringComparer.Ordinal);
        var resolved = new List<ParameterValue>();
        foreach (var p in Ordered(parameters))
        {
            // Ephemeral parameters never carry over from the previous build.
            if (p.Ephemeral && values.TryGetValue(p.Name, out var carried) && carried.FromPrevious) values.Remove(p.Name);

            var value = values.TryGetValue(p.Name, out var supplied) ? supplied.Value : p.DefaultValue;
            var diagnostics = new List<(string Summary, string Detail)>();
            var valueProblems = DynamicValueProblems(p, value);
            if (!firstBuild && value is not null && !p.Mutable && previousMap.TryGetValue(p.Name, out var original) && value != original)
            {
                diagnostics.Add(("Immutable parameter changed", $"Parameter {GoQuote(p.Name)} is not mutable, so it can't be updated after creating a workspace."));
            }
            if (!firstBuild && value is not null && valueProblems.Count == 0 && previousMap.TryGetValue(p.Name, out var before) &&
                p.Validation is { Monotonic.Length: > 0 } monotonic &&
                ValidationProblem(p.Type, monotonic with { Min = null, Max = null, Error = "", Regex = "" }, value, before) is { } notMonotonic)
            {
                diagnostics.Add(($"Parameter {GoQuote(p.Name)} monotonicity", notMonotonic));
            }
            diagnostics.AddRange(valueProblems);
            if (diagnostics.Count > 0) problems[p.Name] = diagnostics;
            if (value is not null) resolved.Add(new ParameterValue(p.Name, value));
        }

        if (problems.Count == 0) return new Outcome(resolved, null, []);
        var validations = problems.Select(kv => (kv.Key, kv.Value.Count == 1
            ? $"{kv.Value[0].Summary}; {kv.Value[0].Detail}"
            : $"{kv.Value[0].Summary}; {kv.Value[0].Detail}, and {kv.Value.Count - 1} other diagnostic(s)")).ToList();
        return new Outcome([], null, validations);
    }

    /// <summary>terraform-provider-coder's Parameter.ValidateInput as the static renderer applies it.</summary>
    private static List<(string Summary, string Detail)> DynamicValueProblems(ParameterDeclaration p, string? value)
    {
        if (value is null)
        {
            // The renderer has no value at all for a required parameter nobody set.
            return p.Required ? [("Required parameter not provided", "parameter value is null")] : [];
        }

        var multiSelect = p.Type == "list(string)" && p.FormType == "multi-select";
        if (p.Options.Count > 0)
        {
            var optionValues = p.Options.Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
            if (multiSelect)
            {
                if (ParseStringList(value) is not { } items)
                {
                    return [("When using list(string) type, value must be a json encoded list of strings", $"value {GoQuote(value)} is not a valid list of strings")];
                }
                var missing = items.Where(i => !optionValues.Contains(i)).ToList();
                if (missing.Count > 0)
                {
                    return [("Values must be a valid option", $"Value {GoQuote(value)} is not a valid option, values {GoQuote(string.Join(", ", missing))} are missing from the options")];
                }
            }
            else if (!optionValues.Contains(value))
            {
                var extra = value.Length == 0 ? ". The value is empty, did you forget to set it with a default or from user input?" : "";
                return [($"Value must be a valid option{extra}", $"the value {GoQuote(value)} must be defined as one of options")];
            }
        }

        if (p.Validation is { } validation && ValidationProblem(p.Type, validation with { Monotonic = "" }, value, null) is { } invalid)
        {
            return [("Invalid parameter value according to 'validation' block", invalid)];
        }

        return TypeProblem(p.Type, value) is { } wrongType ? [($"Parameter value is not of type {GoQuote(p.Type)}", wrongType)] : [];
    }

    // ---- shared rules of terraform-provider-coder ----

    /// <summary>provider.valueIsType.</summary>
    public static string? TypeProblem(string type, string value) => type switch
    {
        "number" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && value.Trim() == value ? null : $"{GoQuote(value)} is not a number",
        "bool" => value is "1" or "t" or "T" or "TRUE" or "true" or "True" or "0" or "f" or "F" or "FALSE" or "false" or "False" ? null : $"{GoQuote(value)} is not a bool",
        "list(string)" => ParseStringList(value) is null ? $"{GoQuote(value)} is not an array of strings" : null,
        _ => null,
    };

    /// <summary>provider.Validation.Valid: the validation block's check of one value (previous: for monotonicity).</summary>
    private static string? ValidationProblem(string type, ValidationDeclaration? v, string value, string? previous)
    {
        v ??= new ValidationDeclaration("", "", null, null, "");
        if (type != "number")
        {
            if (v.Min is not null) return $"a min cannot be specified for a {type} type";
            if (v.Max is not null) return $"a max cannot be specified for a {type} type";
            if (v.Monotonic.Length > 0) return $"monotonic validation can only be specified for number types, not {type} types";
        }
        if (type != "string" && v.Regex.Length > 0) return $"a regex cannot be specified for a {type} type";

        switch (type)
        {
            case "bool":
                return value is "true" or "false" ? null : "boolean value can be either \"true\" or \"false\"";
            case "string":
                if (v.Regex.Length == 0) return null;
                if (v.Error.Length == 0) return "an error must be specified with a regex validation";
                return Regex.IsMatch(value, v.Regex, RegexOptions.None, TimeSpan.FromSeconds(1))
                    ? null
                    : $"{v.Error} (value {GoQuote(value)} does not match {GoQuote(v.Regex)})";
            case "number":
                if (!TryAtoi(value, out var number)) return Rendered(v, value) ?? $"value {GoQuote(value)} is not a number";
                if (v.Min is { } min && number < min) return Rendered(v, value) ?? $"value {number} is less than the minimum {min}";
                if (v.Max is { } max && number > max) return Rendered(v, value) ?? $"value {number} is more than the maximum {max}";
                if (v.Monotonic.Length > 0 && previous is not null && TryAtoi(previous, out var before))
                {
                    if (v.Monotonic == "increasing" && number < before) return $"parameter value '{number}' must be equal or greater than previous value: {before}";
                    if (v.Monotonic == "decreasing" && number > before) return $"parameter value '{number}' must be equal or lower than previous value: {before}";
                }
                return null;
            case "list(string)":
                return ParseStringList(value) is null ? $"value {GoQuote(value)} is not valid list of strings" : null;
            default:
                return null;
        }
    }

    /// <summary>The validation's own error text with {min}, {max} and {value} filled in, when it has one.</summary>
    private static string? Rendered(ValidationDeclaration v, string value) => v.Error.Length == 0
        ? null
        : v.Error.Replace("{min}", (v.Min ?? 0).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{max}", (v.Max ?? 0).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{value}", value, StringComparison.Ordinal);

    /// <summary>strconv.Atoi: optional sign and decimal digits only.</summary>
    private static bool TryAtoi(string value, out long number) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number) && value.Trim() == value;

    private static List<string>? ParseStringList(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<List<string>>(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ParameterValue? Find(IReadOnlyList<ParameterValue> values, string name)
    {
        foreach (var value in values)
        {
            if (value.Name == name) return value;
        }
        return null;
    }

    /// <summary>Go's %q for a string: double-quoted, with Go's escapes.</summary>
    public static string GoQuote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < 0x20 or 0x7f: builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"); break;
                default: builder.Append(rune.ToString()); break;
            }
        }
        return builder.Append('"').ToString();
    }
}

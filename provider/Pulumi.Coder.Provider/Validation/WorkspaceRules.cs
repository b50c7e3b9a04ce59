using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Validation;

/// <summary>
/// A workspace's parameter values against the parameters its template version declares, as coderd checks them when
/// it builds (codersdk.ValidateWorkspaceBuildParameter and terraform-provider-coder's Validation.Valid), so that Check
/// refuses what the build would: required values, options, types, regex, min, max and monotonic. Unlike coderd,
/// names the version does not declare are refused too (coderd ignores them silently, which hides typos). A change of
/// an immutable parameter is not refused here: the workspace is replaced instead.
/// </summary>
public static class WorkspaceParameterRules
{
    /// <param name="declared">The parameters of the version the build uses.</param>
    /// <param name="values">The values the program sets.</param>
    /// <param name="previous">The values the program set before (for monotonic rules); null for a new workspace.</param>
    /// <param name="previouslyDeclared">The names the version the workspace was built on declares; null for a new
    /// workspace. A required parameter the program leaves out is refused only when it is new: Coder keeps the value of
    /// one the workspace already has.</param>
    /// <param name="version">Names the version in messages.</param>
    /// <param name="secret">Names of parameters whose values are secret: never quoted in a message.</param>
    public static IReadOnlyList<CheckFailure> Check(
        IReadOnlyList<TemplateVersionParameter> declared,
        IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string>? previous,
        IReadOnlySet<string>? previouslyDeclared,
        string version,
        IReadOnlySet<string> secret)
    {
        var failures = new List<CheckFailure>();
        var names = declared.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in values.Keys.Where(k => !names.Contains(k)).Order(StringComparer.Ordinal))
        {
            failures.Add(Failure(unknown, $"template version {version} has no parameter \"{unknown}\"; " +
                (names.Count == 0 ? "it declares none." : $"its parameters are {Quoted(names.Order(StringComparer.Ordinal))}.")));
        }
        foreach (var parameter in declared)
        {
            if (!values.TryGetValue(parameter.Name, out var value))
            {
                if (parameter.Required && previouslyDeclared?.Contains(parameter.Name) != true)
                    failures.Add(Failure(parameter.Name, $"is required by template version {version} (it has no default): {Allowed(parameter)}"));
                continue;
            }
            var shown = secret.Contains(parameter.Name) ? "" : $" (got \"{value}\")";
            if (Problem(parameter, value, previous?.GetValueOrDefault(parameter.Name)) is { } problem)
                failures.Add(Failure(parameter.Name, problem + shown));
        }
        return failures;
    }

    private static CheckFailure Failure(string name, string reason)
    {
        var path = InputDiffer.PropertyPath("parameters", name);
        return new CheckFailure(path, $"{path}: {reason}");
    }

    /// <summary>What is wrong with <paramref name="value"/>, in coderd's order of checks, or null.</summary>
    private static string? Problem(TemplateVersionParameter parameter, string value, string? previous)
    {
        if (parameter.Required && value.Length == 0) return $"a value is required: {Allowed(parameter)}";
        if (value.Length == 0) value = parameter.DefaultValue; // coderd validates the default in its place
        var options = parameter.Options ?? [];
        if (options.Count > 0 && !InOptions(parameter, value)) return $"must be one of {Options(parameter)}";
        string? TemplateSays(string fallback) => parameter.ValidationError.Length == 0 ? fallback
            : $"{fallback}; the template says: {RenderedError(parameter, value)}";
        switch (parameter.Type)
        {
            case "bool" when value is not ("true" or "false"):
                return "must be \"true\" or \"false\"";
            case "list(string)" when !IsListOfStrings(value):
                return "must be a JSON array of strings, such as [\"a\",\"b\"]";
            case "string" when parameter.ValidationRegex.Length > 0 && !Matches(parameter.ValidationRegex, value):
                return TemplateSays($"must match the regular expression {parameter.ValidationRegex}");
            case "number":
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    return TemplateSays($"must be a whole number{Range(parameter)}");
                if (number < parameter.ValidationMin || number > parameter.ValidationMax)
                    return TemplateSays($"must be {Range(parameter).TrimStart()}");
                if (previous is not null && long.TryParse(previous, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var before))
                {
                    if (parameter.ValidationMonotonic == "increasing" && number < before)
                        return $"can only increase (the template's validation is monotonic): it was {before}, so give {before} or more";
                    if (parameter.ValidationMonotonic == "decreasing" && number > before)
                        return $"can only decrease (the template's validation is monotonic): it was {before}, so give {before} or less";
                }
                break;
        }
        return null;
    }

    /// <summary>What values the parameter takes, for a message.</summary>
    private static string Allowed(TemplateVersionParameter parameter) =>
        (parameter.Options ?? []).Count > 0 ? $"set one of {Options(parameter)}" : parameter.Type switch
        {
            "number" => $"set a whole number{Range(parameter)}",
            "bool" => "set \"true\" or \"false\"",
            "list(string)" => "set a JSON array of strings",
            _ => parameter.ValidationRegex.Length > 0 ? $"set a string matching {parameter.ValidationRegex}" : "set a string",
        };

    private static string Range(TemplateVersionParameter parameter) => (parameter.ValidationMin, parameter.ValidationMax) switch
    {
        ({ } min, { } max) => $" from {min} to {max}",
        ({ } min, null) => $" of at least {min}",
        (null, { } max) => $" of at most {max}",
        _ => "",
    };

    private static string Options(TemplateVersionParameter parameter) =>
        string.Join(", ", (parameter.Options ?? []).Select(o => o.Name.Length > 0 && o.Name != o.Value ? $"\"{o.Value}\" ({o.Name})" : $"\"{o.Value}\""));

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));

    /// <summary>A multi-select list's every element must be an option; any other value must be one.</summary>
    private static bool InOptions(TemplateVersionParameter parameter, string value)
    {
        var options = (parameter.Options ?? []).Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        if (parameter.Type != "list(string)" || parameter.FormType != "multi-select") return options.Contains(value);
        return TryList(value, out var items) && items.All(options.Contains);
    }

    private static bool IsListOfStrings(string value) => TryList(value, out _);

    private static bool TryList(string value, out IReadOnlyList<string> items)
    {
        items = [];
        try
        {
            using var document = JsonDocument.Parse(value);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return false;
            if (document.RootElement.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String)) return false;
            items = [.. document.RootElement.EnumerateArray().Select(e => e.GetString()!)];
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Go's RE2 syntax is close to .NET's for what templates use; a pattern .NET cannot read is left to coderd.</summary>
    private static bool Matches(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return true;
        }
    }

    /// <summary>terraform-provider-coder renders {min}, {max} and {value} in a validation error.</summary>
    private static string RenderedError(TemplateVersionParameter parameter, string value) => parameter.ValidationError
        .Replace("{min}", (parameter.ValidationMin ?? 0).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{max}", (parameter.ValidationMax ?? 0).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{value}", value, StringComparison.Ordinal);
}

/// <summary>
/// A workspace's autostart schedule as coderd takes it (coderd/schedule/cron.Weekly, on robfig/cron): an optional
/// <c>CRON_TZ=&lt;IANA zone&gt; </c> prefix (UTC without one), then five fields: minute, hour, <c>*</c>, <c>*</c>,
/// day of week. Minute, hour and day of week take numbers, ranges (<c>1-5</c>), lists (<c>1,3</c>), steps
/// (<c>*/2</c>) and <c>*</c>; days also <c>sun</c> … <c>sat</c>. Empty turns autostart off.
/// </summary>
public sealed class AutostartScheduleAttribute : ValidationAttribute
{
    private const string Example = "such as \"CRON_TZ=Europe/Berlin 30 8 * * 1-5\" (8:30 on weekdays, Berlin time)";
    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not string schedule || schedule.Length == 0 || Problem(schedule) is not { } problem
            ? ValidationResult.Success
            : new ValidationResult($"{problem}. Write `CRON_TZ=<zone> <minute> <hour> * * <days-of-week>`, {Example}; or \"\" for no autostart");

    private static string? Problem(string schedule)
    {
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        // coderd reads a zone only at the very start: anything before CRON_TZ= makes it a sixth field.
        if (fields.Count > 0 && fields[0].StartsWith("CRON_TZ=", StringComparison.Ordinal) && !schedule.StartsWith("CRON_TZ=", StringComparison.Ordinal))
            return "CRON_TZ=<zone> must come first, with nothing before it";
        if (fields.Count > 0 && fields[0].StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var zone = fields[0]["CRON_TZ=".Length..];
            fields.RemoveAt(0);
            if (zone is "Local") return "a schedule in the server's local time zone is not allowed: name the zone";
            if (zone is not ("" or "UTC") && (zone.Contains("..", StringComparison.Ordinal) || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)))
                return $"\"{zone}\" is not a time zone: use an IANA name such as Europe/Berlin or America/New_York";
        }
        if (fields.Count != 5) return $"a schedule has 5 fields after the optional CRON_TZ=<zone>, this has {fields.Count}";
        if (fields[2] != "*" || fields[3] != "*") return "the day of month and month must both be * (the schedule is weekly)";
        return Field(fields[0], "minute", 0, 59, null) ?? Field(fields[1], "hour", 0, 23, null) ?? Field(fields[4], "day of week", 0, 6, Days);
    }

    private static string? Field(string expression, string what, int min, int max, string[]? names)
    {
        foreach (var part in expression.Split(','))
        {
            var step = part.Split('/');
            if (step.Length > 2 || step.Length == 2 && (!int.TryParse(step[1], out var by) || by <= 0))
                return $"the {what} field \"{expression}\" has a bad step";
            var range = step[0].Split('-');
            if (range is ["*" or "?"]) continue;
            if (range.Length > 2) return $"the {what} field \"{expression}\" has too many hyphens";
            foreach (var bound in range)
            {
                var number = names is not null && Array.IndexOf(names, bound.ToLowerInvariant()) is >= 0 and var index ? index
                    : int.TryParse(bound, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
                if (number < min || number > max)
                    return $"the {what} field \"{expression}\" must be from {min} to {max}{(names is null ? "" : " (0 is Sunday) or sun … sat")}";
            }
        }
        return null;
    }
}

/// <summary>A workspace's time to live as coderd takes it: whole minutes, from one minute to 30 days (coderd
/// truncates to the minute, which would show as drift).</summary>
public sealed class WorkspaceTtlAttribute : ValidationAttribute
{
    private const long Minute = 60_000;
    private const long Maximum = 30L * 24 * 60 * Minute;

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not long ms || ms >= Minute && ms <= Maximum && ms % Minute == 0
            ? ValidationResult.Success
            : new ValidationResult($"must be whole minutes in milliseconds (a multiple of 60000), from 60000 (one minute) to " +
                $"{Maximum} (30 days); leave it unset for the template's default (got {ms})");
}

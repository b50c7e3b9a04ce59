using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Validation;

/// <summary>
/// A workspace's parameter values against the parameters of the template version a build uses, refused at Check as a
/// build would refuse them. Two places in coderd decide, and a value is refused here when either would refuse it:
/// <list type="bullet">
/// <item>coderd's API, when it takes the build (codersdk.ValidateWorkspaceBuildParameter and
/// terraform-provider-coder's Validation.Valid, through codersdk.ParameterResolver in coderd/wsbuilder for templates on
/// the classic parameter flow), and</item>
/// <item>terraform-provider-coder's coder_parameter (Parameter.ValidateInput: options, the validation block, and the
/// value's type), which checks the value exactly as stored: coderd's dynamic-parameter flow (the default for
/// templates) renders it at the API, and every build's Terraform run checks it again.</item>
/// </list>
/// Where the two differ from what one would expect, the comments below say so. Unlike coderd, names the version does
/// not declare are refused (coderd drops them silently, which hides typos). A template whose parameters appear only
/// for some values of others (dynamic parameters with <c>count</c>) lists, at its version, the parameters its defaults
/// give: a name that only appears for other values is refused here.
/// <para>
/// Ephemeral parameters (<c>ephemeral = true</c>) are checked like any other, and their values are allowed, but Coder
/// does not keep them: a value is used by the one build it is sent with, and the next build that is not sent one uses
/// the parameter's default (codersdk.ParameterResolver takes the previous value only "if not ephemeral";
/// dynamicparameters.ResolveParameters drops it). So the resource sends an ephemeral value with the build it changes
/// and never compares it with the latest build's parameters to find drift: those hold the value of whichever build
/// last ran, or the default. An ephemeral parameter is never required and never immutable (terraform-provider-coder
/// refuses both at import).
/// </para>
/// <para>
/// A change of an immutable parameter (<c>mutable = false</c>) is not refused: the workspace is replaced instead
/// (<see cref="ImmutableChanges"/>), and the values are then checked as for a new workspace.
/// </para>
/// </summary>
public static class WorkspaceParameterRules
{
    /// <param name="declared">The parameters of the template version the build uses.</param>
    /// <param name="values">The values the program sets.</param>
    /// <param name="previousValues">Null for a new workspace, and for one that is replaced for another reason (a new
    /// owner or template): the new workspace starts from nothing. Otherwise the workspace's values before this update:
    /// the latest build's parameters are what coderd compares monotonic values with and keeps for names the program
    /// leaves out; the values the program set before are a subset of them that serves when nothing else is at hand.
    /// </param>
    /// <param name="versionName">Names the version in messages.</param>
    /// <param name="isSecret">Whether the value of the named parameter is secret: it is then never quoted in a
    /// message (nor its previous value, nor a validation error that would show it). Null when none is.</param>
    /// <param name="previouslyDeclared">The names the version of the workspace's latest build declares: that build
    /// holds a value for each of them (coderd stores every parameter's value, defaults included), which the next build
    /// keeps. Null to take the keys of <paramref name="previousValues"/> for them instead, which refuses a required
    /// parameter the workspace has but the program never set (one that was optional before, say).</param>
    public static IReadOnlyList<CheckFailure> Check(
        IReadOnlyList<TemplateVersionParameter> declared,
        IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string>? previousValues,
        string versionName,
        Func<string, bool>? isSecret = null,
        IReadOnlySet<string>? previouslyDeclared = null)
    {
        isSecret ??= _ => false;
        var failures = new List<CheckFailure>();
        var names = declared.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in values.Keys.Where(k => !names.Contains(k)).Order(StringComparer.Ordinal))
        {
            failures.Add(Failure(unknown, $"template version {versionName} has no parameter {Quote(unknown)}; " + (names.Count == 0
                ? "it declares none, so remove this entry."
                : $"its parameters are {string.Join(", ", declared.Select(p => Quote(p.Name)))}.")));
        }

        // A replaced workspace is a new one: no previous value carries over, and none is monotonic against.
        if (previousValues is not null && ImmutableChanges(declared, values, previousValues).Count > 0)
        {
            previousValues = null;
            previouslyDeclared = null;
        }
        foreach (var parameter in declared)
        {
            var secret = isSecret(parameter.Name);
            var previous = previousValues?.GetValueOrDefault(parameter.Name);
            if (values.TryGetValue(parameter.Name, out var value))
            {
                if (GivenProblem(parameter, value, previous, secret) is { } problem)
                    failures.Add(Failure(parameter.Name, problem + (secret ? "" : $" (got {Quote(value)})")));
                continue;
            }
            if (previousValues is null)
            {
                if (parameter.Required)
                {
                    failures.Add(Failure(parameter.Name, $"template version {versionName} requires this parameter (it has " +
                        $"no default): set {Allowed(parameter)}."));
                }
                continue;
            }
            // Left out on an update: coderd keeps the latest build's value (ephemeral ones fall back to their default).
            if (parameter.Ephemeral) continue;
            if (!(previouslyDeclared?.Contains(parameter.Name) ?? previousValues.ContainsKey(parameter.Name)))
            {
                if (parameter.Required)
                {
                    failures.Add(Failure(parameter.Name, $"template version {versionName} requires this parameter, which " +
                        $"the workspace has no value for yet (it has no default): set {Allowed(parameter)}."));
                }
                continue;
            }
            // The kept value is checked against this version's declaration like a given one: a new version may no
            // longer allow it (an option removed, a narrower range).
            if (previous is not null && GivenProblem(parameter, previous, previous, secret) is { } stale)
            {
                failures.Add(Failure(parameter.Name, $"the workspace's value{(secret ? "" : $" {Quote(previous)}")} is kept " +
                    $"for this build, but template version {versionName} does not allow it: {stale}; set a value here."));
            }
        }
        return failures;
    }

    /// <summary>
    /// The names of the parameters <paramref name="declared"/> as immutable whose value the program changes from
    /// <paramref name="previousValues"/> (null for a new workspace: nothing changes), in declaration order. Coderd
    /// refuses such a build (codersdk.ParameterResolver, dynamicparameters.ResolveParameters: "is not mutable, so it
    /// can't be updated after creating a workspace"); the resource replaces the workspace instead. A name the
    /// previous values lack is no change (coderd allows a parameter new to the workspace, immutable or not), so pass
    /// the latest build's values to see a change from a default the program never set.
    /// </summary>
    public static IReadOnlyList<string> ImmutableChanges(
        IReadOnlyList<TemplateVersionParameter> declared,
        IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string>? previousValues) =>
        previousValues is null
            ? []
            : [.. declared.Where(p => !p.Mutable && values.TryGetValue(p.Name, out var value) &&
                    previousValues.TryGetValue(p.Name, out var before) && value != before)
                .Select(p => p.Name)];

    private static CheckFailure Failure(string name, string reason)
    {
        var path = InputDiffer.PropertyPath("parameters", name);
        return new CheckFailure(path, $"{path}: {reason}");
    }

    /// <summary>What is wrong with a value the build gets for <paramref name="parameter"/>, or null.</summary>
    private static string? GivenProblem(TemplateVersionParameter parameter, string value, string? previous, bool secret)
    {
        if (value.Length > 0) return ValueProblem(parameter, value, previous, secret);
        if (parameter.Required) return $"a value is required (an empty string counts as none): set {Allowed(parameter)}";
        // Coderd's API checks the default in place of an empty value (codersdk.validateBuildParameter; the template's
        // import checked the default already) but stores the empty value, and that is what the template gets and
        // terraform-provider-coder checks: an empty value is not the default.
        return ValueProblem(parameter, "", null, secret) is null
            ? null
            : $"an empty value reaches the template as it is (Coder does not put the default " +
                $"{Quote(parameter.DefaultValue)} in its place) and is not allowed: leave the parameter out to use the " +
                $"default, or set {Allowed(parameter)}";
    }

    /// <summary>What is wrong with a non-empty value, in coderd's order of checks (options, then the validation
    /// block and type), or null.</summary>
    private static string? ValueProblem(TemplateVersionParameter parameter, string value, string? previous, bool secret)
    {
        var options = parameter.Options ?? [];
        if (options.Count > 0 && !InOptions(parameter, value, out var missing))
        {
            return MultiSelect(parameter)
                ? $"must be {Allowed(parameter)}" + (secret || missing.Count == 0 ? "" : $" ({string.Join(", ", missing.Select(Quote))} is no option)")
                : $"must be {Allowed(parameter)}";
        }
        switch (parameter.Type)
        {
            // Exactly these two: coderd refuses "True" and "1", which Terraform's bool would take.
            case "bool" when value is not ("true" or "false"):
                return "must be \"true\" or \"false\"";
            case "list(string)" when !GoSyntax.TryUnmarshalStrings(value, out _):
                return $"must be {Allowed(parameter)}";
            case "string" when parameter.ValidationRegex.Length > 0 && GoSyntax.Re2(parameter.ValidationRegex) is { } regex && !regex.IsMatch(value):
                return TemplateSays(parameter, value, secret, $"must match the regular expression {parameter.ValidationRegex}");
            case "number" when HasNumberValidation(parameter):
                if (!GoSyntax.TryAtoi(value, out var number))
                    return TemplateSays(parameter, value, secret, $"must be {Allowed(parameter)}");
                if (number < parameter.ValidationMin || number > parameter.ValidationMax)
                    return TemplateSays(parameter, value, secret, $"must be {Range(parameter)}");
                // A previous value that is no whole number is not compared (terraform-provider-coder: it would leave
                // the workspace unrepairable).
                if (previous is not null && GoSyntax.TryAtoi(previous, out var before))
                {
                    var was = secret ? "" : $": it was {before}, so set {before} or {(number < before ? "more" : "less")}";
                    if (parameter.ValidationMonotonic == "increasing" && number < before)
                        return $"can only increase from one build to the next (the template's validation is monotonic){was}";
                    if (parameter.ValidationMonotonic == "decreasing" && number > before)
                        return $"can only decrease from one build to the next (the template's validation is monotonic){was}";
                }
                return null;
            // Without a validation block coderd's API does not look at a number at all (validationEnabled), and
            // terraform-provider-coder's type check takes anything strconv.ParseFloat takes: "2.5" and "1e3" too.
            case "number" when !GoSyntax.IsFloat(value):
                return $"must be {Allowed(parameter)}";
        }
        return null;
    }

    /// <summary>Coderd checks a number against its validation block when the block sets min, max or monotonic; only
    /// then must it be a whole number.</summary>
    private static bool HasNumberValidation(TemplateVersionParameter parameter) =>
        parameter.ValidationMin is not null || parameter.ValidationMax is not null || parameter.ValidationMonotonic.Length > 0;

    /// <summary>The values the parameter takes, for a message.</summary>
    private static string Allowed(TemplateVersionParameter parameter)
    {
        var options = parameter.Options ?? [];
        if (options.Count > 0)
        {
            var listed = string.Join(", ", options.Select(o => o.Name.Length > 0 && o.Name != o.Value ? $"{Quote(o.Value)} ({o.Name})" : Quote(o.Value)));
            return MultiSelect(parameter)
                ? $"a JSON array of any of the options {listed}, such as [{Quote(options[0].Value)}]"
                : $"one of {listed}";
        }
        return parameter.Type switch
        {
            "bool" => "\"true\" or \"false\"",
            "list(string)" => "a JSON array of strings, such as [\"a\",\"b\"]",
            "number" when HasNumberValidation(parameter) => "a whole number" + (Range(parameter) is { Length: > 0 } range ? $" {range}" : "") +
                parameter.ValidationMonotonic switch
                {
                    "increasing" => ", no less than the workspace's current value",
                    "decreasing" => ", no more than the workspace's current value",
                    _ => "",
                },
            "number" => "a number, such as 4 or 2.5",
            "string" when parameter.ValidationRegex.Length > 0 => $"a string matching the regular expression {parameter.ValidationRegex}",
            _ => "a string",
        };
    }

    /// <summary>min and max are inclusive, and only those the template sets apply.</summary>
    private static string Range(TemplateVersionParameter parameter) => (parameter.ValidationMin, parameter.ValidationMax) switch
    {
        ({ } min, { } max) => $"from {min} to {max}",
        ({ } min, null) => $"at least {min}",
        (null, { } max) => $"at most {max}",
        _ => "",
    };

    /// <summary>A list(string) multi-select takes a JSON array whose every element is an option; any other parameter
    /// with options takes one of them, compared as text (so a number's "04" is not its option "4").</summary>
    private static bool InOptions(TemplateVersionParameter parameter, string value, out IReadOnlyList<string> missing)
    {
        missing = [];
        var options = (parameter.Options ?? []).Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        if (!MultiSelect(parameter)) return options.Contains(value);
        if (!GoSyntax.TryUnmarshalStrings(value, out var items)) return false;
        missing = [.. items.Where(i => !options.Contains(i)).Distinct()];
        return missing.Count == 0;
    }

    private static bool MultiSelect(TemplateVersionParameter parameter) =>
        parameter.Type == "list(string)" && parameter.FormType == "multi-select";

    /// <summary>The template's own validation error after ours, rendered as terraform-provider-coder renders it:
    /// <c>{min}</c> and <c>{max}</c> are 0 when unset, <c>{value}</c> is the value (hidden when secret).</summary>
    private static string TemplateSays(TemplateVersionParameter parameter, string value, bool secret, string ours) =>
        parameter.ValidationError.Length == 0 ? ours : ours + "; the template says: " + parameter.ValidationError
            .Replace("{min}", (parameter.ValidationMin ?? 0).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{max}", (parameter.ValidationMax ?? 0).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{value}", secret ? "(secret)" : value, StringComparison.Ordinal);

    /// <summary>A text in double quotes, with quotes, backslashes and control characters escaped.</summary>
    internal static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}

/// <summary>
/// A workspace's autostart schedule, accepted exactly as coderd accepts it (validWorkspaceSchedule in
/// coderd/workspaces.go: empty means none; else coderd/schedule/cron.Weekly on robfig/cron v3): an optional
/// <c>CRON_TZ=&lt;IANA zone&gt;</c> and a space, then five fields separated by white space: minute (0–59), hour
/// (0–23), <c>*</c>, <c>*</c>, day of week (0–6, 0 is Sunday, or <c>sun</c> … <c>sat</c> in any case). Without the
/// prefix the zone is UTC. A field is a comma-separated list of a number, a range <c>a-b</c>, <c>*</c> or <c>?</c>,
/// each optionally with a step <c>/n</c> (<c>5/15</c> is 5, 20, 35, 50). Coderd stores the text as given.
/// </summary>
public sealed class AutostartScheduleAttribute : ValidationAttribute
{
    private const string Prefix = "CRON_TZ=";
    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not string schedule || schedule.Length == 0 || Problem(schedule) is not { } problem
            ? ValidationResult.Success
            : new ValidationResult($"{problem}. Write CRON_TZ=<IANA zone> <minute> <hour> * * <days of week>, such as " +
                "\"CRON_TZ=Europe/Berlin 30 8 * * 1-5\" (8:30 on weekdays, Berlin time); minute, hour and days each take " +
                "a number, a range (1-5), a list (1,3,5), a step (*/2) or *, and days are 0 (Sunday) to 6 or sun to sat. " +
                "\"\" turns autostart off");

    /// <summary>The checks in coderd's order: cron.validateWeeklySpec, then cron.parse (robfig's Parser.Parse).</summary>
    private static string? Problem(string schedule)
    {
        var parts = GoSyntax.Fields(schedule);
        // Fewer than five parts coderd refuses first; more than six robfig refuses later, whatever they hold.
        if (parts.Count is < 5 or > 6) return $"the schedule has {parts.Count} field{(parts.Count == 1 ? "" : "s")}, not 5 (after an optional CRON_TZ=<zone>)";
        // validateWeeklySpec drops a sixth part whatever it is.
        var weekly = parts.Count == 6 ? parts.Skip(1).ToList() : parts;
        if (weekly[2] != "*" || weekly[3] != "*") return "the day of month and month fields must both be * (the schedule repeats weekly: days go in the last field)";

        string zone, spec;
        if (schedule.StartsWith(Prefix, StringComparison.Ordinal))
        {
            // robfig takes the zone up to the first space, not any white space (coderd fails on a zone with none).
            var space = schedule.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0) return "CRON_TZ=<zone> must be followed by a space";
            zone = schedule[Prefix.Length..space];
            spec = schedule[space..].Trim();
        }
        else
        {
            zone = "UTC";
            spec = schedule;
            if (schedule.TrimStart().StartsWith(Prefix, StringComparison.Ordinal)) return "CRON_TZ= must begin the schedule, without white space before it";
            if (schedule.StartsWith("TZ=", StringComparison.Ordinal)) return "the zone is written CRON_TZ=<zone>, not TZ=<zone>";
        }
        if (ZoneProblem(zone) is { } zoneProblem) return zoneProblem;
        if (spec.StartsWith('@')) return "descriptors such as @daily are not accepted";
        var fields = GoSyntax.Fields(spec);
        if (fields.Count != 5) return $"the schedule has {fields.Count} fields besides CRON_TZ=<zone>, not 5";
        return FieldProblem(fields[0], "minute", 59, null) ?? FieldProblem(fields[1], "hour", 23, null) ?? FieldProblem(fields[4], "day of week", 6, Days);
    }

    /// <summary>Go's time.LoadLocation, as robfig calls it: "" and "UTC" are UTC; "Local" (the server's zone) is
    /// refused by coderd; otherwise a name in the IANA time zone database.</summary>
    private static string? ZoneProblem(string zone)
    {
        if (zone is "" or "UTC") return null;
        if (zone == "Local") return "CRON_TZ=Local (coderd's own time zone) is not accepted: name the zone, such as Europe/Berlin";
        // LoadLocation refuses these before looking the name up. .NET would also resolve a Windows zone id and a name
        // in another case ("europe/berlin"), which Go's lookup of the zoneinfo file by name does not.
        if (zone.Contains("..", StringComparison.Ordinal) || zone[0] is '/' or '\\' ||
            !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) || !found.HasIanaId || found.Id != zone)
        {
            return "the time zone after CRON_TZ= is not in the IANA time zone database: use a name such as Europe/Berlin, " +
                "America/New_York or UTC (names are case-sensitive)";
        }
        return null;
    }

    /// <summary>robfig/cron's getField and getRange over the field's comma-separated parts (empty parts are skipped).
    /// A minute or hour of 0 … max, a day of week 0 … 6 or its name.</summary>
    private static string? FieldProblem(string field, string what, int max, string[]? names)
    {
        var allowed = names is null ? $"0 to {max}" : $"0 to {max} (0 is Sunday) or sun to sat";
        var ranges = field.Split(',', StringSplitOptions.RemoveEmptyEntries);
        // robfig accepts a field of commas alone as no time at all; coderd then never finds the next start (its
        // search for one does not end), so such a field is refused here.
        if (ranges.Length == 0) return $"the {what} field lists no value: give {allowed}";
        foreach (var range in ranges)
        {
            var rangeAndStep = range.Split('/');
            var lowAndHigh = rangeAndStep[0].Split('-');
            long start, end;
            // robfig reads * and ? first and ignores what follows a hyphen after them ("*-3" is "*").
            if (lowAndHigh[0] is "*" or "?")
            {
                (start, end) = (0, max);
            }
            else
            {
                if (lowAndHigh.Length > 2) return $"the {what} field has a range with more than one hyphen";
                if (Number(lowAndHigh[0], names) is not { } low) return $"the {what} field must be made of numbers {allowed}";
                start = end = low;
                if (lowAndHigh.Length == 2)
                {
                    if (Number(lowAndHigh[1], names) is not { } high) return $"the {what} field must be made of numbers {allowed}";
                    end = high;
                }
            }
            if (rangeAndStep.Length > 2) return $"the {what} field has a range with more than one slash";
            if (rangeAndStep.Length == 2)
            {
                if (Number(rangeAndStep[1], null) is not { } step || step == 0) return $"the {what} field's step (after /) must be a whole number of at least 1";
                if (lowAndHigh.Length == 1) end = max; // "5/15" runs from 5 to the end
            }
            if (end > max) return $"the {what} field goes beyond {max}: give {allowed}";
            if (start > end) return $"the {what} field has a range that ends before it begins";
        }
        return null;
    }

    /// <summary>A name (days only, any case) or what strconv.Atoi takes that is not negative.</summary>
    private static long? Number(string text, string[]? names)
    {
        if (names is not null && Array.IndexOf(names, text.ToLowerInvariant()) is >= 0 and var index) return index;
        return GoSyntax.TryAtoi(text, out var number) && number >= 0 ? number : null;
    }
}

/// <summary>
/// A workspace's time to live in milliseconds, as coderd validates it (validWorkspaceTTLMillis in
/// coderd/workspaces.go): unset (null) leaves it to Coder; otherwise from one minute to 30 days, both inclusive, or 0.
/// Coderd truncates a value to the minute before it checks it (so it takes 90000 and stores 60000, and even takes 30
/// days and 59999 ms); whole minutes are required here instead, so that what the program sets is what Coder stores.
/// <para>
/// What 0 and null mean depends on the call, and the resource has to bridge that: creating a workspace
/// (<c>POST /users/{user}/workspaces</c>) takes null and 0 alike as the template's default TTL; updating one
/// (<c>PUT /workspaces/{id}/ttl</c>) takes null and 0 alike as no autostop. So 0 here means "no autostop", which a
/// create must apply with <c>PUT /ttl</c> after the workspace exists, and null means "the template's default" at
/// create and "leave it" after. A template whose <c>allow_user_autostop</c> is off refuses the <c>PUT</c>.
/// </para>
/// </summary>
public sealed class WorkspaceTtlAttribute : ValidationAttribute
{
    private const long Minute = 60_000;
    private const long Maximum = 30L * 24 * 60 * Minute;

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not long ms || ms == 0 || ms >= Minute && ms <= Maximum && ms % Minute == 0
            ? ValidationResult.Success
            : new ValidationResult($"must be whole minutes in milliseconds (a multiple of 60000) from 60000 (one minute) " +
                $"to {Maximum} (30 days), or 0 for no autostop; leave it unset for the template's default" +
                (ms is > 0 and <= Maximum ? " (Coder would cut it to whole minutes, and the stack would then differ from Coder)" : ""));
}

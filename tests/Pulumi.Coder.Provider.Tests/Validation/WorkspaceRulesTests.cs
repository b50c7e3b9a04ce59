using System.ComponentModel.DataAnnotations;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Tests.Validation;

/// <summary>Parameter values, schedules and TTLs are refused at Check as coderd (its API, or the build's
/// terraform-provider-coder) would refuse them, each failure naming the parameter and the values it takes.</summary>
public class WorkspaceRulesTests
{
    private static readonly IReadOnlyList<TemplateVersionParameter> Declared =
    [
        new() { Name = "region", Type = "string", DefaultValue = "eu", Mutable = false,
            Options = [new() { Name = "Europe", Value = "eu" }, new() { Name = "us", Value = "us" }] },
        new() { Name = "cpus", Type = "number", DefaultValue = "2", Mutable = true, ValidationMin = 1, ValidationMax = 8,
            ValidationMonotonic = "increasing", ValidationError = "between {min} and {max} CPUs, not {value}" },
        new() { Name = "team", Type = "string", Required = true, Mutable = true, ValidationRegex = "^[a-z]+$", ValidationError = "lowercase letters, not {value}" },
        new() { Name = "gpu", Type = "bool", DefaultValue = "false", Mutable = true },
        new() { Name = "ides", Type = "list(string)", DefaultValue = "[]", Mutable = true, FormType = "multi-select",
            Options = [new() { Name = "vscode", Value = "vscode" }, new() { Name = "jetbrains", Value = "jetbrains" }] },
        new() { Name = "dot-files", Type = "string", DefaultValue = "", Mutable = true },
        new() { Name = "memory", Type = "number", DefaultValue = "4", Mutable = true },
        new() { Name = "disk", Type = "number", DefaultValue = "10", Mutable = true, ValidationMax = 100 },
        new() { Name = "max-users", Type = "number", DefaultValue = "1", Mutable = true, ValidationMin = 1 },
        new() { Name = "tags", Type = "list(string)", DefaultValue = "[]", Mutable = true },
        new() { Name = "size", Type = "number", DefaultValue = "4", Mutable = true,
            Options = [new() { Name = "small", Value = "4" }, new() { Name = "large", Value = "8" }] },
        new() { Name = "token", Type = "string", DefaultValue = "", Mutable = true, Ephemeral = true },
    ];

    private static IReadOnlyList<CheckFailure> Check(
        Dictionary<string, string> values, Dictionary<string, string>? previous = null, IReadOnlySet<string>? previouslyDeclared = null,
        Func<string, bool>? isSecret = null) =>
        WorkspaceParameterRules.Check(Declared, values, previous, "v1", isSecret, previouslyDeclared);

    private static readonly HashSet<string> AllDeclared = [.. Declared.Select(p => p.Name)];

    [Fact]
    public void Good_values_pass()
    {
        Assert.Empty(Check(new()
        {
            ["team"] = "platform", ["cpus"] = "4", ["region"] = "us", ["gpu"] = "true", ["ides"] = "[\"vscode\"]",
            ["dot-files"] = "x", ["memory"] = "6", ["disk"] = "50", ["max-users"] = "3", ["tags"] = "[\"a\",\"b\"]",
            ["size"] = "8", ["token"] = "once",
        }));
    }

    [Theory]
    // Each refused value names the parameter and the values it takes.
    [InlineData("region", "mars", "parameters.region", "must be one of \"eu\" (Europe), \"us\"")]
    [InlineData("cpus", "four", "parameters.cpus", "must be a whole number from 1 to 8, no less than the workspace's current value; the template says: between 1 and 8 CPUs, not four")]
    [InlineData("cpus", "9", "parameters.cpus", "must be from 1 to 8; the template says: between 1 and 8 CPUs, not 9")]
    [InlineData("cpus", "0", "parameters.cpus", "must be from 1 to 8")]
    [InlineData("cpus", " 4", "parameters.cpus", "whole number from 1 to 8")]
    [InlineData("team", "Platform", "parameters.team", "must match the regular expression ^[a-z]+$; the template says: lowercase letters, not Platform")]
    [InlineData("team", "", "parameters.team", "a value is required (an empty string counts as none): set a string matching the regular expression ^[a-z]+$")]
    [InlineData("gpu", "yes", "parameters.gpu", "must be \"true\" or \"false\"")]
    [InlineData("ides", "vscode", "parameters.ides", "must be a JSON array of any of the options \"vscode\", \"jetbrains\", such as [\"vscode\"]")]
    [InlineData("ides", "[\"emacs\",\"vscode\"]", "parameters.ides", "any of the options \"vscode\", \"jetbrains\", such as [\"vscode\"] (\"emacs\" is no option)")]
    [InlineData("memory", "four", "parameters.memory", "must be a number, such as 4 or 2.5")]
    [InlineData("disk", "101", "parameters.disk", "must be at most 100")]
    [InlineData("max-users", "0", "parameters[\"max-users\"]", "must be at least 1")]
    [InlineData("tags", "a,b", "parameters.tags", "must be a JSON array of strings, such as [\"a\",\"b\"]")]
    [InlineData("tags", "[1]", "parameters.tags", "must be a JSON array of strings")]
    // Where coderd surprises: a number with a validation block must be whole, one without takes what Go's ParseFloat
    // takes, and a number far beyond a double is none.
    [InlineData("cpus", "2.5", "parameters.cpus", "must be a whole number from 1 to 8")]
    [InlineData("memory", "2.5", null, null)]
    [InlineData("memory", "1e3", null, null)]
    [InlineData("memory", "1_000", null, null)]
    [InlineData("memory", "1e400", "parameters.memory", "must be a number")]
    [InlineData("cpus", "+4", null, null)]
    // Only the bounds the template sets apply, inclusively.
    [InlineData("disk", "-5", null, null)]
    [InlineData("disk", "100", null, null)]
    [InlineData("cpus", "8", null, null)]
    // A boolean is exactly "true" or "false": coderd refuses what Terraform's bool would take.
    [InlineData("gpu", "True", "parameters.gpu", "must be \"true\" or \"false\"")]
    [InlineData("gpu", "1", "parameters.gpu", "must be \"true\" or \"false\"")]
    // Go's JSON takes null for a list, and a null element as "".
    [InlineData("tags", "null", null, null)]
    [InlineData("tags", "[\"a\",null]", null, null)]
    [InlineData("ides", "null", null, null)]
    // Options are compared as text, even a number's.
    [InlineData("size", "04", "parameters.size", "must be one of \"4\" (small), \"8\" (large)")]
    // Go's $ is the end of the text; .NET's would also match before a final newline.
    [InlineData("team", "abc\n", "parameters.team", "must match the regular expression ^[a-z]+$")]
    // An empty value reaches the template as it is; the default is not put in its place.
    [InlineData("region", "", "parameters.region", "an empty value reaches the template as it is (Coder does not put the default \"eu\" in its place) and is not allowed: leave the parameter out to use the default, or set one of \"eu\" (Europe), \"us\"")]
    [InlineData("memory", "", "parameters.memory", "leave the parameter out to use the default, or set a number, such as 4 or 2.5")]
    [InlineData("gpu", "", "parameters.gpu", "leave the parameter out to use the default, or set \"true\" or \"false\"")]
    [InlineData("dot-files", "", null, null)]
    [InlineData("token", "for this build", null, null)]
    public void A_value_is_refused_as_coderd_refuses_it_naming_the_parameter_and_what_it_takes(string name, string value, string? property, string? reason)
    {
        var values = new Dictionary<string, string> { ["team"] = "platform", [name] = value };

        var failures = Check(values);

        if (property is null)
        {
            Assert.Empty(failures);
            return;
        }
        var failure = Assert.Single(failures);
        Assert.Equal(property, failure.Property);
        Assert.StartsWith($"{property}: ", failure.Reason);
        Assert.Contains(reason!, failure.Reason);
    }

    [Fact]
    public void A_refused_value_is_quoted_after_the_reason()
    {
        var failure = Assert.Single(Check(new() { ["team"] = "platform", ["region"] = "ma\"rs" }));
        Assert.EndsWith("(got \"ma\\\"rs\")", failure.Reason);
    }

    [Theory]
    [InlineData("colour", "parameters.colour")]
    [InlineData("dot files", "parameters[\"dot files\"]")]
    public void A_name_the_version_does_not_declare_is_refused_listing_the_names_it_does(string name, string property)
    {
        var failure = Assert.Single(Check(new() { ["team"] = "a", [name] = "x" }));

        Assert.Equal(property, failure.Property);
        Assert.Contains($"template version v1 has no parameter \"{name}\"; its parameters are \"region\", \"cpus\", \"team\", \"gpu\", " +
            "\"ides\", \"dot-files\", \"memory\", \"disk\", \"max-users\", \"tags\", \"size\", \"token\".", failure.Reason);
    }

    [Fact]
    public void A_version_without_parameters_says_so()
    {
        var failure = Assert.Single(WorkspaceParameterRules.Check([], new Dictionary<string, string> { ["x"] = "1" }, null, "v2"));
        Assert.Equal("parameters.x: template version v2 has no parameter \"x\"; it declares none, so remove this entry.", failure.Reason);
    }

    [Fact]
    public void A_required_parameter_is_needed_for_a_new_workspace()
    {
        var failure = Assert.Single(Check([]));

        Assert.Equal("parameters.team", failure.Property);
        Assert.Equal("parameters.team: template version v1 requires this parameter (it has no default): set a string " +
            "matching the regular expression ^[a-z]+$.", failure.Reason);
    }

    [Fact]
    public void On_update_a_required_parameter_left_out_keeps_the_workspaces_value_unless_the_workspace_has_none()
    {
        // The latest build's version declared it: coderd keeps that build's value.
        Assert.Empty(Check([], previous: [], previouslyDeclared: new HashSet<string> { "team" }));
        // Newly required: the workspace has no value to keep.
        var failure = Assert.Single(Check([], previous: [], previouslyDeclared: new HashSet<string> { "cpus" }));
        Assert.Equal("parameters.team", failure.Property);
        Assert.Contains("requires this parameter, which the workspace has no value for yet (it has no default): set a string matching", failure.Reason);
        // Without the previous version's names, the previous values say what the workspace has.
        Assert.Empty(Check([], previous: new() { ["team"] = "platform" }));
        Assert.Equal("parameters.team", Assert.Single(Check([], previous: new() { ["cpus"] = "2" })).Property);
    }

    [Fact]
    public void A_kept_value_that_the_new_version_no_longer_allows_is_refused()
    {
        var failures = Check(new() { ["team"] = "a" }, previous: new() { ["team"] = "a", ["region"] = "apac" }, previouslyDeclared: AllDeclared);

        var failure = Assert.Single(failures);
        Assert.Equal("parameters.region", failure.Property);
        Assert.Equal("parameters.region: the workspace's value \"apac\" is kept for this build, but template version v1 " +
            "does not allow it: must be one of \"eu\" (Europe), \"us\"; set a value here.", failure.Reason);
    }

    [Fact]
    public void An_ephemeral_parameter_is_never_kept_so_its_old_value_is_not_checked()
    {
        var withOldToken = new Dictionary<string, string> { ["team"] = "a", ["token"] = "anything" };
        var ephemeralWithOptions = Declared.Select(p => p.Name == "token" ? p with { Options = [new() { Name = "a", Value = "" }] } : p).ToList();

        Assert.Empty(WorkspaceParameterRules.Check(ephemeralWithOptions, new Dictionary<string, string> { ["team"] = "a" }, withOldToken, "v1", null, AllDeclared));
    }

    [Theory]
    [InlineData("3", "4", "parameters.cpus: can only increase from one build to the next (the template's validation is monotonic): it was 4, so set 4 or more (got \"3\")")]
    [InlineData("4", "4", null)]
    [InlineData("5", "4", null)]
    // A previous value that is no whole number is not compared (terraform-provider-coder's choice).
    [InlineData("3", "many", null)]
    // An empty value is not the default: the template gets it as it is.
    [InlineData("", "4", "parameters.cpus: an empty value reaches the template as it is (Coder does not put the default \"2\" in its place) and is not allowed: leave the parameter out to use the default, or set a whole number from 1 to 8, no less than the workspace's current value (got \"\")")]
    public void A_monotonic_number_cannot_move_against_its_direction_from_the_workspaces_value(string value, string before, string? reason)
    {
        var failures = Check(new() { ["team"] = "a", ["cpus"] = value }, previous: new() { ["team"] = "a", ["cpus"] = before }, previouslyDeclared: AllDeclared);

        if (reason is null)
        {
            Assert.Empty(failures);
            return;
        }
        Assert.Equal(reason, Assert.Single(failures).Reason);
    }

    [Fact]
    public void A_decreasing_number_says_so()
    {
        IReadOnlyList<TemplateVersionParameter> declared = [new() { Name = "replicas", Type = "number", Mutable = true, DefaultValue = "5", ValidationMonotonic = "decreasing" }];

        var failure = Assert.Single(WorkspaceParameterRules.Check(declared, new Dictionary<string, string> { ["replicas"] = "6" },
            new Dictionary<string, string> { ["replicas"] = "5" }, "v1"));

        Assert.Contains("can only decrease from one build to the next (the template's validation is monotonic): it was 5, so set 5 or less", failure.Reason);
    }

    [Fact]
    public void A_changed_immutable_parameter_replaces_the_workspace_so_values_are_checked_as_for_a_new_one()
    {
        var previous = new Dictionary<string, string> { ["region"] = "eu", ["cpus"] = "4", ["team"] = "a" };

        // The new workspace has no value to keep (team is required again) and none to be monotonic against (cpus 2 < 4).
        var failure = Assert.Single(Check(new() { ["region"] = "us", ["cpus"] = "2" }, previous, AllDeclared));

        Assert.Equal("parameters.team", failure.Property);
        Assert.Contains("(it has no default)", failure.Reason);
        Assert.DoesNotContain("which the workspace has no value for yet", failure.Reason);
    }

    [Fact]
    public void Immutable_changes_are_the_immutable_parameters_whose_value_the_program_changes()
    {
        var previous = new Dictionary<string, string> { ["region"] = "eu", ["cpus"] = "4" };

        Assert.Equal(["region"], WorkspaceParameterRules.ImmutableChanges(Declared, new Dictionary<string, string> { ["region"] = "us", ["cpus"] = "5" }, previous));
        Assert.Empty(WorkspaceParameterRules.ImmutableChanges(Declared, new Dictionary<string, string> { ["region"] = "eu", ["cpus"] = "5" }, previous));
        // Left out: Coder keeps the value. New to the workspace: coderd allows it. New workspace: nothing changes.
        Assert.Empty(WorkspaceParameterRules.ImmutableChanges(Declared, new Dictionary<string, string>(), previous));
        Assert.Empty(WorkspaceParameterRules.ImmutableChanges(Declared, new Dictionary<string, string> { ["region"] = "us" }, new Dictionary<string, string>()));
        Assert.Empty(WorkspaceParameterRules.ImmutableChanges(Declared, new Dictionary<string, string> { ["region"] = "us" }, null));
        // An empty value is a change too: coderd compares the texts.
        Assert.Equal(["region"], WorkspaceParameterRules.ImmutableChanges(Declared, new Dictionary<string, string> { ["region"] = "" }, previous));
    }

    [Theory]
    [InlineData("team", "Sup3rSecret")]
    [InlineData("cpus", "Sup3rSecret")]
    [InlineData("ides", "[\"Sup3rSecret\"]")]
    [InlineData("region", "Sup3rSecret")]
    public void A_secret_value_is_never_shown_nor_in_the_templates_error(string name, string value)
    {
        var failure = Assert.Single(Check(new() { ["team"] = "a", [name] = value }, isSecret: n => n == name));

        Assert.Equal($"parameters.{name}", failure.Property);
        Assert.DoesNotContain("Sup3rSecret", failure.Reason);
        Assert.DoesNotContain("(got", failure.Reason);
    }

    [Fact]
    public void A_secret_previous_value_is_not_shown_either()
    {
        var failure = Assert.Single(Check(new() { ["team"] = "a", ["cpus"] = "3" }, previous: new() { ["team"] = "a", ["cpus"] = "7" },
            previouslyDeclared: AllDeclared, isSecret: n => n == "cpus"));
        Assert.DoesNotContain("7", failure.Reason);
        Assert.Contains("can only increase", failure.Reason);

        var kept = Assert.Single(Check(new() { ["team"] = "a" }, previous: new() { ["region"] = "S3cretRegion" }, previouslyDeclared: AllDeclared,
            isSecret: n => n == "region"));
        Assert.DoesNotContain("S3cretRegion", kept.Reason);
    }

    [Fact]
    public void Every_bad_parameter_is_reported_at_once()
    {
        var failures = Check(new() { ["team"] = "A", ["cpus"] = "0", ["gpu"] = "no", ["nope"] = "1" });

        Assert.Equal(["parameters.nope", "parameters.cpus", "parameters.team", "parameters.gpu"], failures.Select(f => f.Property));
    }

    [Theory]
    // Valid, as coderd's cron.Weekly takes them.
    [InlineData("CRON_TZ=Europe/Berlin 30 8 * * 1-5", null)]
    [InlineData("CRON_TZ=America/Argentina/Buenos_Aires 0 9 * * 1", null)]
    [InlineData("CRON_TZ=US/Central 0 9 * * 1", null)]
    [InlineData("30 8 * * mon-fri", null)]
    [InlineData("0 9 * * SUN", null)]
    [InlineData("0 */2 * * 1,3,5", null)]
    [InlineData("5/15 9 * * 1", null)]
    [InlineData("0 9 * * ?", null)]
    [InlineData("CRON_TZ=UTC 0 9 * * *", null)]
    [InlineData("+5 09 * * 1", null)]
    [InlineData("0 9 * * 1 ", null)]
    // Where coderd surprises: an empty zone is UTC, any white space separates fields, robfig ignores what follows
    // "*-", and skips empty list entries.
    [InlineData("CRON_TZ= 0 9 * * 1", null)]
    [InlineData("0\t9 * * 1", null)]
    [InlineData("0 9 * * *-3", null)]
    [InlineData("0 9 * * 1,,2", null)]
    // Refused.
    [InlineData("CRON_TZ=Mars/Olympus 0 9 * * 1", "the time zone after CRON_TZ= is not in the IANA time zone database")]
    [InlineData("CRON_TZ=europe/berlin 0 9 * * 1", "names are case-sensitive")]
    [InlineData("CRON_TZ=Pacific Standard Time 0 9 * * 1", "not 5")]
    [InlineData("CRON_TZ=UTC-11 0 9 * * 1", "not in the IANA time zone database")]
    [InlineData("CRON_TZ=../../etc/passwd 0 9 * * 1", "not in the IANA time zone database")]
    [InlineData("CRON_TZ=Local 0 9 * * 1", "CRON_TZ=Local (coderd's own time zone) is not accepted")]
    [InlineData("TZ=Europe/Berlin 0 9 * * 1", "written CRON_TZ=<zone>, not TZ=<zone>")]
    [InlineData(" CRON_TZ=Europe/Berlin 0 9 * * 1", "CRON_TZ= must begin the schedule")]
    [InlineData("CRON_TZ=Europe/Berlin\t0 9 * * 1", "not in the IANA time zone database")]
    [InlineData("0 9 1 * *", "the day of month and month fields must both be *")]
    [InlineData("0 9 * 1 1", "the day of month and month fields must both be *")]
    [InlineData("0 9 * *", "the schedule has 4 fields, not 5")]
    [InlineData("@daily", "the schedule has 1 field, not 5")]
    [InlineData("0 0 9 * * 1", "the schedule has 6 fields besides CRON_TZ=<zone>, not 5")]
    [InlineData("61 9 * * 1", "the minute field goes beyond 59")]
    [InlineData("0 24 * * 1", "the hour field goes beyond 23")]
    [InlineData("0 9 * * 7", "the day of week field goes beyond 6: give 0 to 6 (0 is Sunday) or sun to sat")]
    [InlineData("0 9 * * 1-2-3", "more than one hyphen")]
    [InlineData("0 9 * * 5-1", "ends before it begins")]
    [InlineData("*/0 9 * * 1", "step (after /) must be a whole number of at least 1")]
    [InlineData("0 9 * * -1", "the day of week field must be made of numbers")]
    [InlineData("0 9 * * monday", "the day of week field must be made of numbers")]
    [InlineData("0 9 * * 1/2/3", "more than one slash")]
    // Coderd takes a field of commas alone, but then never finds the next start.
    [InlineData("0 9 * * ,", "the day of week field lists no value")]
    public void An_autostart_schedule_is_coderds_weekly_cron(string schedule, string? problem)
    {
        var result = new AutostartScheduleAttribute().GetValidationResult(schedule, new ValidationContext(new object()));

        if (problem is null)
        {
            Assert.Equal(ValidationResult.Success, result);
            return;
        }
        Assert.NotNull(result);
        Assert.Contains(problem, result.ErrorMessage);
        Assert.Contains("Write CRON_TZ=<IANA zone> <minute> <hour> * * <days of week>, such as \"CRON_TZ=Europe/Berlin 30 8 * * 1-5\"", result.ErrorMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void No_autostart_schedule_is_allowed(string? schedule)
    {
        Assert.Equal(ValidationResult.Success, new AutostartScheduleAttribute().GetValidationResult(schedule, new ValidationContext(new object())));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(0L, true)]
    [InlineData(60_000L, true)]
    [InlineData(28_800_000L, true)]
    [InlineData(2_592_000_000L, true)]
    // Coderd would take these and cut them to whole minutes (90000 to 60000; 30 days and 59999 ms to 30 days).
    [InlineData(90_000L, false)]
    [InlineData(2_592_059_999L, false)]
    [InlineData(59_999L, false)]
    [InlineData(-60_000L, false)]
    [InlineData(2_592_060_000L, false)]
    public void A_ttl_is_whole_minutes_from_one_minute_to_thirty_days_or_zero_for_no_autostop(long? ttl, bool valid)
    {
        var result = new WorkspaceTtlAttribute().GetValidationResult(ttl, new ValidationContext(new object()));

        if (valid)
        {
            Assert.Equal(ValidationResult.Success, result);
            return;
        }
        Assert.NotNull(result);
        Assert.Contains("must be whole minutes in milliseconds (a multiple of 60000) from 60000 (one minute) to 2592000000 (30 days), " +
            "or 0 for no autostop; leave it unset for the template's default", result.ErrorMessage);
    }
}

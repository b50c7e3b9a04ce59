using System.ComponentModel.DataAnnotations;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Validation;

namespace Pulumi.Coder.Provider.Tests.Validation;

/// <summary>Parameter values, schedules and TTLs are refused at Check as coderd would refuse them at build time,
/// each failure naming the parameter and what it takes.</summary>
public class WorkspaceRulesTests
{
    private static readonly IReadOnlyList<TemplateVersionParameter> Declared =
    [
        new() { Name = "region", Type = "string", DefaultValue = "eu", Mutable = false,
            Options = [new() { Name = "Europe", Value = "eu" }, new() { Name = "us", Value = "us" }] },
        new() { Name = "cpus", Type = "number", DefaultValue = "2", Mutable = true, ValidationMin = 1, ValidationMax = 8,
            ValidationMonotonic = "increasing", ValidationError = "between {min} and {max} CPUs, not {value}" },
        new() { Name = "team", Type = "string", Required = true, Mutable = true, ValidationRegex = "^[a-z]+$", ValidationError = "lowercase letters" },
        new() { Name = "gpu", Type = "bool", DefaultValue = "false", Mutable = true },
        new() { Name = "ides", Type = "list(string)", DefaultValue = "[]", Mutable = true, FormType = "multi-select",
            Options = [new() { Name = "vscode", Value = "vscode" }, new() { Name = "jetbrains", Value = "jetbrains" }] },
        new() { Name = "dot-files", Type = "string", DefaultValue = "", Mutable = true },
    ];

    private static IReadOnlyList<Pulumi.Experimental.Provider.CheckFailure> Check(
        Dictionary<string, string> values, Dictionary<string, string>? previous = null, IReadOnlySet<string>? previouslyDeclared = null,
        IReadOnlySet<string>? secret = null) =>
        WorkspaceParameterRules.Check(Declared, values, previous, previouslyDeclared, "v1", secret ?? new HashSet<string>());

    [Fact]
    public void Good_values_pass()
    {
        Assert.Empty(Check(new() { ["team"] = "platform", ["cpus"] = "4", ["region"] = "us", ["gpu"] = "true", ["ides"] = "[\"vscode\"]", ["dot-files"] = "x" }));
    }

    [Theory]
    [InlineData("colour", "red", "parameters.colour", "\"region\"")]
    [InlineData("region", "mars", "parameters.region", "\"eu\" (Europe), \"us\"")]
    [InlineData("cpus", "four", "parameters.cpus", "whole number from 1 to 8")]
    [InlineData("cpus", "9", "parameters.cpus", "between 1 and 8 CPUs, not 9")]
    [InlineData("cpus", "0", "parameters.cpus", "from 1 to 8")]
    [InlineData("team", "Platform", "parameters.team", "^[a-z]+$")]
    [InlineData("team", "", "parameters.team", "a value is required")]
    [InlineData("gpu", "yes", "parameters.gpu", "\"true\" or \"false\"")]
    [InlineData("ides", "vscode", "parameters.ides", "\"vscode\"")]
    [InlineData("ides", "[\"emacs\"]", "parameters.ides", "\"jetbrains\"")]
    [InlineData("dot-files", "[", null, null)]
    public void A_bad_value_names_the_parameter_and_what_it_takes(string name, string value, string? property, string? hint)
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
        Assert.Contains(hint!, failure.Reason);
    }

    [Fact]
    public void A_key_that_is_not_a_plain_identifier_is_named_in_brackets()
    {
        var failure = Assert.Single(Check(new() { ["team"] = "a", ["dot files"] = "x" }));
        Assert.Equal("parameters[\"dot files\"]", failure.Property);
    }

    [Fact]
    public void A_required_parameter_is_needed_on_create_and_on_update_only_when_the_workspace_never_had_it()
    {
        Assert.Equal("parameters.team", Assert.Single(Check([])).Property);
        Assert.Empty(Check([], previous: [], previouslyDeclared: new HashSet<string> { "team" }));
        Assert.Equal("parameters.team", Assert.Single(Check([], previous: [], previouslyDeclared: new HashSet<string> { "cpus" })).Property);
    }

    [Fact]
    public void A_monotonic_number_cannot_move_against_its_direction_from_the_previous_value()
    {
        var failure = Assert.Single(Check(new() { ["team"] = "a", ["cpus"] = "3" }, previous: new() { ["cpus"] = "4" }));
        Assert.Contains("it was 4, so give 4 or more", failure.Reason);
        Assert.Empty(Check(new() { ["team"] = "a", ["cpus"] = "5" }, previous: new() { ["cpus"] = "4" }));
    }

    [Fact]
    public void A_secret_value_is_never_quoted()
    {
        var failure = Assert.Single(Check(new() { ["team"] = "Sup3rSecret" }, secret: new HashSet<string> { "team" }));
        Assert.DoesNotContain("Sup3rSecret", failure.Reason);
        Assert.Contains("(got \"Nope\")", Assert.Single(Check(new() { ["team"] = "Nope" })).Reason);
    }

    [Theory]
    [InlineData("CRON_TZ=Europe/Berlin 30 8 * * 1-5", null)]
    [InlineData("30 8 * * mon-fri", null)]
    [InlineData("0 */2 * * 1,3,5", null)]
    [InlineData("CRON_TZ=Mars/Olympus 0 9 * * 1", "not a time zone")]
    [InlineData("CRON_TZ=Local 0 9 * * 1", "local time zone")]
    [InlineData("0 9 1 * *", "day of month and month")]
    [InlineData(" CRON_TZ=UTC 0 9 * * 1", "must come first")]
    [InlineData("0 9 * *", "5 fields")]
    [InlineData("61 9 * * 1", "minute field")]
    [InlineData("0 24 * * 1", "hour field")]
    [InlineData("0 9 * * 8", "day of week field")]
    [InlineData("0 9 * * 1-2-3", "too many hyphens")]
    public void An_autostart_schedule_is_coderds_weekly_cron(string schedule, string? problem)
    {
        var result = new AutostartScheduleAttribute().GetValidationResult(schedule, new ValidationContext(new object()));
        if (problem is null)
        {
            Assert.Equal(ValidationResult.Success, result);
            return;
        }
        Assert.Contains(problem, result!.ErrorMessage);
        Assert.Contains("CRON_TZ=Europe/Berlin 30 8 * * 1-5", result.ErrorMessage);
    }

    [Theory]
    [InlineData(60_000L, true)]
    [InlineData(2_592_000_000L, true)]
    [InlineData(90_000L, false)]
    [InlineData(0L, false)]
    [InlineData(2_592_060_000L, false)]
    public void A_ttl_is_whole_minutes_from_one_minute_to_thirty_days(long ttl, bool valid)
    {
        var result = new WorkspaceTtlAttribute().GetValidationResult(ttl, new ValidationContext(new object()));
        Assert.Equal(valid, result == ValidationResult.Success);
    }
}

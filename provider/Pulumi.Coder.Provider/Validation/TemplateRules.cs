using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Pulumi.Coder.Provider.Validation;

// Coder's rules for templates and their versions (codersdk.TemplateVersionNameValid, the weekday names of
// codersdk.WeekdaysToBitmap, coderd's TTL checks in patchTemplateMeta), checked before any API call.

/// <summary>A template version name: up to 64 letters or digits, joined by single <c>-</c>, <c>_</c> or <c>.</c>.</summary>
public sealed partial class TemplateVersionNameAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not string name || name.Length <= 64 && Pattern().IsMatch(name)
            ? ValidationResult.Success
            : new ValidationResult("must be at most 64 letters or digits joined by single '-', '_' or '.', such as \"v1.2.0\"");

    [GeneratedRegex(@"^[a-zA-Z0-9]+(?:[_.-][a-zA-Z0-9]+)*\z")]
    private static partial Regex Pattern();
}

/// <summary>At most <paramref name="maxLength"/> characters.</summary>
public sealed class MaxTextLengthAttribute(int maxLength) : ValidationAttribute
{
    public int MaxLength { get; } = maxLength;

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not string text || text.Length <= MaxLength
            ? ValidationResult.Success
            : new ValidationResult($"must be at most {MaxLength} characters (got {text.Length})");
}

/// <summary>Days of the week as Coder names them, lower case.</summary>
public sealed class WeekdaysAttribute : ValidationAttribute
{
    public static readonly IReadOnlyList<string> Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not IEnumerable<string> days || days.All(Days.Contains)
            ? ValidationResult.Success
            : new ValidationResult($"\"{days.First(d => !Days.Contains(d))}\" is not a day of the week: use " +
                string.Join(", ", Days.Select(d => $"\"{d}\"")));
}

/// <summary>A duration in milliseconds that Coder takes as 0 (off) or at least one minute.</summary>
public sealed class OffOrAtLeastOneMinuteAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not long ms || ms == 0 || ms >= 60_000
            ? ValidationResult.Success
            : new ValidationResult($"must be 0 (off) or at least 60000 (one minute) milliseconds (got {ms})");
}

/// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
public sealed class BetweenAttribute(long minimum, long maximum) : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is null || Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) is var n && n >= minimum && n <= maximum
            ? ValidationResult.Success
            : new ValidationResult($"must be from {minimum} to {maximum} (got {value})");
}

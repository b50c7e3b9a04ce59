using System.Text;
using System.Text.RegularExpressions;

namespace Coder.Double.Infrastructure;

/// <summary>
/// coderd's value rules (codersdk name validators, the go-playground "email" check, the password strength rule).
/// Lengths are counted in UTF-8 bytes because Go's len() on a string does.
/// </summary>
public static partial class CoderRules
{
    // \z rather than $: .NET's $ also matches before a final newline, Go's does not.
    [GeneratedRegex(@"^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*\z")]
    private static partial Regex NamePattern();

    // Go's \s is ASCII whitespace only.
    [GeneratedRegex(@"^[^\t\n\f\r ](.*[^\t\n\f\r ])?\z")]
    private static partial Regex DisplayNamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9]+(?:[_.-]{1}[a-zA-Z0-9]+)*\z")]
    private static partial Regex TemplateVersionNamePattern();

    // A readable equivalent of go-playground's HTML5-style e-mail rule: dot-atoms, '@', one or more domain labels
    // and a top-level label that starts and ends with a letter.
    [GeneratedRegex(
        @"^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u00A0-\uFFFF]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u00A0-\uFFFF]+)*" +
        @"@(([A-Za-z0-9\u00A0-\uFFFF]|[A-Za-z0-9\u00A0-\uFFFF][A-Za-z0-9\-._~\u00A0-\uFFFF]*[A-Za-z0-9\u00A0-\uFFFF])\.)+" +
        @"([A-Za-z\u00A0-\uFFFF]|[A-Za-z\u00A0-\uFFFF][A-Za-z0-9\-._~\u00A0-\uFFFF]*[A-Za-z\u00A0-\uFFFF])\.?\z")]
    private static partial Regex EmailPattern();

    private static int ByteLength(string value) => Encoding.UTF8.GetByteCount(value);

    /// <summary>codersdk.NameValid: usernames, organization names, template and workspace names.</summary>
    public static string? NameProblem(string value)
    {
        if (ByteLength(value) > 32) return "must be <= 32 characters";
        if (value.Length < 1) return "must be >= 1 character";
        if (value is "new" or "create") return $"cannot use \"{value}\" as a name";
        return NamePattern().IsMatch(value) ? null : "must be alphanumeric with hyphens";
    }

    /// <summary>codersdk.DisplayNameValid (organization, template and group display names).</summary>
    public static string? DisplayNameProblem(string value)
    {
        if (value.Length == 0) return null;
        if (ByteLength(value) > 64) return "must be <= 64 characters";
        return DisplayNamePattern().IsMatch(value) ? null : "must be alphanumeric with spaces";
    }

    /// <summary>codersdk.UserRealNameValid.</summary>
    public static string? UserRealNameProblem(string value)
    {
        if (ByteLength(value) > 128) return "must be <= 128 characters";
        return value.Trim() == value ? null : "must not have leading or trailing whitespace";
    }

    /// <summary>codersdk.GroupNameValid: like NameValid, but up to 255 characters for IdP-synced names.</summary>
    public static string? GroupNameProblem(string value)
    {
        if (ByteLength(value) > 255) return "must be <= 255 characters";
        if (value is "new" or "create") return $"cannot use \"{value}\" as a name";
        return NamePattern().IsMatch(value) ? null : "must be alphanumeric with hyphens";
    }

    /// <summary>codersdk.TemplateVersionNameValid.</summary>
    public static string? TemplateVersionNameProblem(string value)
    {
        if (ByteLength(value) > 64) return "must be <= 64 characters";
        return TemplateVersionNamePattern().IsMatch(value) ? null : "must be alphanumeric with underscores and dots";
    }

    public static bool IsEmail(string value) => EmailPattern().IsMatch(value);

    /// <summary>Go's uuid.Parse, with its error texts.</summary>
    public static bool TryParseUuid(string text, out Guid id, out string error)
    {
        error = "";
        id = Guid.Empty;
        var length = text.Length;
        var valid = length switch
        {
            36 => Guid.TryParseExact(text, "D", out id),
            38 => text[0] == '{' && text[^1] == '}' && Guid.TryParseExact(text, "B", out id),
            32 => Guid.TryParseExact(text, "N", out id),
            45 => text.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParseExact(text[9..], "D", out id),
            _ => false,
        };
        if (!valid)
        {
            id = Guid.Empty;
            error = length is 36 or 38 or 32 or 45 ? "invalid UUID format" : $"invalid UUID length: {length}";
        }
        return valid;
    }

    /// <summary>
    /// coderd's userpassword.Validate: at least 52 bits of entropy as go-password-validator v0.3.0 estimates it,
    /// and at most 64 bytes. Returns the error text coderd puts in the "password" validation, or null.
    /// </summary>
    public static string? PasswordProblem(string password)
    {
        var problem = PasswordStrength.Problem(password, 52);
        if (problem is not null) return problem;
        return ByteLength(password) > 64 ? "password must be no more than 64 characters" : null;
    }
}

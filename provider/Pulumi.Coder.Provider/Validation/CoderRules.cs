using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Pulumi.Coder.Provider.Validation;

// Coder's own input rules (codersdk's name validators and coderd's request validation), so that Check rejects what
// Coder would, before any API call. Each message says what is allowed; the checker prefixes the property path and
// the offending value (unless it is secret).

/// <summary>A Coder name: users, organizations, templates, workspaces (up to 32 characters) and groups (up to 36, so
/// that a UUID fits).</summary>
public sealed partial class CoderNameAttribute(int maxLength = 32) : ValidationAttribute
{
    public int MaxLength { get; } = maxLength;

    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not string name) return ValidationResult.Success;
        if (name is "new" or "create")
            return new ValidationResult($"\"{name}\" is reserved by Coder's routes; choose another name");
        return name.Length <= MaxLength && NamePattern().IsMatch(name)
            ? ValidationResult.Success
            : new ValidationResult($"must be 1 to {MaxLength} letters or digits with single hyphens between them, " +
                "such as \"platform-team\"");
    }

    [GeneratedRegex("^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$")]
    private static partial Regex NamePattern();
}

/// <summary>A display name: at most <paramref name="maxLength"/> characters, no leading or trailing white space.</summary>
public sealed class CoderDisplayNameAttribute(int maxLength = 64) : ValidationAttribute
{
    public int MaxLength { get; } = maxLength;

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not string text || text.Length <= MaxLength && text.Trim() == text
            ? ValidationResult.Success
            : new ValidationResult($"must be at most {MaxLength} characters without leading or trailing spaces");
}

public sealed class EmailAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not string text || System.Net.Mail.MailAddress.TryCreate(text, out var address) && address.Address == text
            ? ValidationResult.Success
            : new ValidationResult("must be an email address, such as \"ada@example.com\"");
}

public sealed class OneOfAttribute(params string[] allowed) : ValidationAttribute
{
    public IReadOnlyList<string> Allowed { get; } = allowed;

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is null || Allowed.Contains(value as string)
            || value is IEnumerable<string> items && items.All(Allowed.Contains)
            ? ValidationResult.Success
            : new ValidationResult($"must be one of {string.Join(", ", Allowed.Select(a => $"\"{a}\""))}");
}

public sealed class AtLeastAttribute(long minimum) : ValidationAttribute
{
    public long Minimum { get; } = minimum;

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is null || Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) >= Minimum
            ? ValidationResult.Success
            : new ValidationResult($"must be {Minimum} or more (got {value})");
}

/// <summary>A Coder object id (a UUID); every element when the property is a list or set.</summary>
public sealed class UuidAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value switch
        {
            null => ValidationResult.Success,
            string text when Guid.TryParse(text, out _) => ValidationResult.Success,
            IEnumerable<string> items when items.All(i => Guid.TryParse(i, out _)) => ValidationResult.Success,
            _ => new ValidationResult("must be a Coder id (a UUID such as \"0b7e7d6c-3c2e-4d8e-9d57-6a3c1e2f4b5a\")"),
        };
}

/// <summary>A user, as Coder's <c>{user}</c> route parameter takes one: an id or a username.</summary>
public sealed class UserReferenceAttribute : ValidationAttribute
{
    private static readonly CoderNameAttribute Username = new();

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not string text || Guid.TryParse(text, out _) || Username.IsValid(text) && text is not "me"
            ? ValidationResult.Success
            : new ValidationResult("must be a user's id (a UUID) or username (1 to 32 letters or digits with single " +
                "hyphens); leave it unset for the token's own user");
}

/// <summary>An organization, as Coder's <c>{organization}</c> route parameter takes one: an id or a name.</summary>
public sealed class OrganizationReferenceAttribute : ValidationAttribute
{
    private static readonly CoderNameAttribute Name = new();

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not string text || Guid.TryParse(text, out _) || Name.IsValid(text.Trim())
            ? ValidationResult.Success
            : new ValidationResult("must be an organization's name (1 to 32 letters or digits with single hyphens, such " +
                "as \"platform-team\") or id (a UUID); leave it unset for the token's user's first organization");
}

/// <summary>A list or set that, when given, has at least one element; <paramref name="why"/> says what to do instead.</summary>
public sealed class NotEmptyAttribute(string why) : ValidationAttribute
{
    public string Why { get; } = why;

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not System.Collections.IEnumerable items || value is string || items.GetEnumerator().MoveNext()
            ? ValidationResult.Success
            : new ValidationResult($"must not be empty: {Why}");
}

/// <summary>An image Coder's dashboard shows (a group's avatar, an organization's icon): an http(s) URL, or a path
/// to an image Coder serves itself (<c>/emojis/…</c>, <c>/icon/…</c>); empty means none. coderd stores any text here
/// without checking it (patchGroup in enterprise/coderd/groups.go), but the dashboard uses it as an image address, so
/// anything else (a bare file name, an emoji path without its leading slash) only ever shows as a broken image.</summary>
public sealed class ImageAddressAttribute : ValidationAttribute
{
    private static readonly string[] CoderImageFolders = ["/emojis/", "/icon/"];

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not string text || text.Length == 0 || IsWebUrl(text)
            || CoderImageFolders.Any(folder => text.Length > folder.Length && text.StartsWith(folder, StringComparison.Ordinal))
            ? ValidationResult.Success
            : new ValidationResult("must be an http(s) URL such as \"https://example.com/logo.png\", or one of Coder's " +
                "own images: an emoji such as \"/emojis/1f3e2.png\" or an icon such as \"/icon/git.svg\"");

    private static bool IsWebUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
}

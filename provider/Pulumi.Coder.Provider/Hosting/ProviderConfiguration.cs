using System.Collections.Immutable;
using System.ComponentModel;
using System.Text.Json;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Hosting;

/// <summary>The provider's configuration (namespace <c>coder</c>) as a program or stack config sets it.</summary>
public sealed record ProviderConfigArgs
{
    [Description("The URL of the Coder deployment, such as `https://coder.example.com`. A URL without a scheme gets " +
        "`https://`. Falls back to the `CODER_URL` environment variable.")]
    [EnvironmentDefault("CODER_URL")]
    public string? Url { get; init; }

    [Description("A Coder session or API token (create one with `coder tokens create`). Falls back to the " +
        "`CODER_SESSION_TOKEN` environment variable. Always treated as a secret.")]
    [EnvironmentDefault("CODER_SESSION_TOKEN")]
    [Secret]
    public string? Token { get; init; }

    [Description("The default organization, by name or id, for resources and lookups that do not name one. " +
        "Without it, the first organization of the token's user.")]
    [OrganizationReference]
    public string? Organization { get; init; }

    [Description("Extra HTTP headers sent with every request to Coder, for example for a proxy in front of it. " +
        "Falls back to the `CODER_HEADER` environment variable (comma-separated `name=value` pairs). Always treated " +
        "as a secret: headers often carry proxy credentials.")]
    [Secret]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// <summary>A complete, valid configuration: environment fallbacks applied, the URL normalised.</summary>
public sealed record ResolvedConfiguration(Uri Url, string Token, string? Organization, IReadOnlyDictionary<string, string> Headers)
{
    // The token never appears in text made from this record (logs, exceptions, test output).
    public override string ToString() =>
        $"Coder at {Url}{(Organization is null ? "" : $", organization {Organization}")}, {Headers.Count} extra header(s)";
}

public static class ProviderConfiguration
{
    public static readonly ObjectShape Shape = ObjectShape.For<ProviderConfigArgs>();

    private static readonly string[] SecretKeys = [.. Shape.Properties.Where(p => p.IsSecret).Select(p => p.Name)];

    public const string Owner = "the coder provider configuration";

    /// <summary>
    /// Object-valued configuration arrives from stack config as a JSON string; programs send an object. Both become
    /// an object here. Keys the engine adds for itself (version, pluginDownloadURL) are left alone.
    /// </summary>
    public static ImmutableDictionary<string, PropertyValue> Normalize(IReadOnlyDictionary<string, PropertyValue> values)
    {
        var builder = values.ToImmutableDictionary().ToBuilder();
        if (values.TryGetValue("headers", out var headers) && headers.TryGetString(out var json) && json.Length > 0)
        {
            try
            {
                var parsed = JsonSerializer.Deserialize(json, ConfigJsonContext.Default.DictionaryStringString) ?? [];
                var map = new PropertyValue(parsed.ToImmutableDictionary(kv => kv.Key, kv => new PropertyValue(kv.Value)));
                builder["headers"] = headers.IsSecret ? map.WithSecret(true) : map;
            }
            catch (JsonException)
            {
                // Left as a string: Check reports that an object was expected.
            }
        }
        return builder.ToImmutable();
    }

    /// <summary>Checks the configuration together with its environment fallbacks; returns the inputs to keep (without
    /// values taken from the environment, so a token from CODER_SESSION_TOKEN never lands in state).</summary>
    public static CheckResponse Check(IReadOnlyDictionary<string, PropertyValue> news, Func<string, string?> environment)
    {
        var normalized = Normalize(news);
        var declared = normalized.Where(kv => Shape.Find(kv.Key) is not null).ToImmutableDictionary();
        var checkedInputs = InputChecker.Check(Shape, declared, Owner);
        var failures = checkedInputs.Failures.ToList();
        if (failures.Count == 0)
        {
            var mapped = PropertyMapper.Read<ProviderConfigArgs>(checkedInputs.Inputs);
            failures.AddRange(Resolve(mapped.Value, mapped.Unknown, environment).Failures);
        }
        // The token and the headers (often proxy credentials) are kept in state as secrets, however they were set.
        var inputs = normalized;
        foreach (var name in SecretKeys)
        {
            if (inputs.GetValueOrDefault(name) is { IsComputed: false, IsNull: false } value)
                inputs = inputs.SetItem(name, value.WithSecret(true));
        }
        return new CheckResponse { Inputs = inputs, Failures = failures };
    }

    public sealed record Resolution(ResolvedConfiguration? Configuration, IReadOnlyList<CheckFailure> Failures);

    /// <summary>Applies the environment fallbacks and every rule; unknown values (preview) resolve to nothing.</summary>
    public static Resolution Resolve(ProviderConfigArgs args, IReadOnlySet<string> unknown, Func<string, string?> environment)
    {
        var failures = new List<CheckFailure>();
        var url = args.Url ?? Env(environment, "CODER_URL");
        var token = args.Token ?? Env(environment, "CODER_SESSION_TOKEN");
        Uri? parsedUrl = null;
        if (!unknown.Contains("url"))
        {
            if (url is null)
                failures.Add(new CheckFailure("url", "url is not set: set the address of your Coder deployment with " +
                    "`pulumi config set coder:url https://coder.example.com` or the CODER_URL environment variable."));
            else if (HasUserInfo(url))
                failures.Add(new CheckFailure("url", $"url: \"{WithoutUserInfo(url)}\" is not a valid URL: it holds a user name or " +
                    "password (not shown here). Remove them, such as https://coder.example.com: the token goes in coder:token, " +
                    "and a proxy's credentials in coder:headers."));
            else if (!TryParseUrl(url, out parsedUrl))
                failures.Add(new CheckFailure("url", $"url: \"{WithoutUserInfo(url)}\" is not a valid URL: use the address of your Coder " +
                    "deployment, such as https://coder.example.com (http:// or https://, a host name, optionally a port and path)."));
        }
        if (!unknown.Contains("token") && string.IsNullOrWhiteSpace(token))
            failures.Add(new CheckFailure("token", "token is not set: create a token with `coder tokens create` and set it " +
                "with `pulumi config set --secret coder:token <token>` or the CODER_SESSION_TOKEN environment variable."));
        var headers = args.Headers;
        if (headers is null && !unknown.Contains("headers") && Env(environment, "CODER_HEADER") is { } headerText)
            headers = ParseHeaderList(headerText, failures);
        foreach (var (name, value) in headers ?? ImmutableSortedDictionary<string, string>.Empty)
        {
            // A line break in a name or value would end the header and start another (or fail every request mid-run).
            // Values are secret: only the header's name is ever shown, with its control characters escaped.
            if (name.Any(char.IsControl))
                failures.Add(new CheckFailure("headers", $"headers: the header name \"{Escaped(name)}\" contains a line break or " +
                    "another control character: a header name is a single word of letters, digits and hyphens, such as X-Proxy-Auth."));
            else if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c)))
                failures.Add(new CheckFailure("headers", $"headers: \"{name}\" is not a valid HTTP header name: use letters, digits and hyphens, such as X-Proxy-Auth."));
            else if (value.Any(c => char.IsControl(c) && c != '\t'))
                failures.Add(new CheckFailure("headers", $"headers: the value of \"{name}\" contains a line break or another control " +
                    "character (the value is not shown): a header value must be a single line; remove the line breaks."));
        }
        if (failures.Count > 0 || unknown.Count > 0 && unknown.Overlaps(["url", "token", "headers", "organization"]))
            return new Resolution(null, failures);
        var organization = string.IsNullOrWhiteSpace(args.Organization) ? null : args.Organization.Trim();
        return new Resolution(new ResolvedConfiguration(parsedUrl!, token!, organization, headers ?? ImmutableSortedDictionary<string, string>.Empty), failures);
    }

    private static string Escaped(string text) =>
        string.Concat(text.Select(c => c switch
        {
            '\r' => "\\r",
            '\n' => "\\n",
            '\t' => "\\t",
            _ when char.IsControl(c) => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        }));

    private static string? Env(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value : null;

    private static bool HasUserInfo(string text) =>
        Uri.TryCreate(WithScheme(text), UriKind.Absolute, out var parsed) && parsed.UserInfo.Length > 0;

    /// <summary>The URL as typed, minus any <c>user:password@</c>: credentials are never echoed in a message.</summary>
    internal static string WithoutUserInfo(string text)
    {
        text = text.Trim();
        if (Uri.TryCreate(WithScheme(text), UriKind.Absolute, out var parsed))
            return parsed.UserInfo.Length == 0 ? text : new UriBuilder(parsed) { UserName = "", Password = "" }.Uri.ToString();
        // Text that is no URL at all: a password that is not percent-encoded may hold '@', ':', '/' or '?', so
        // everything from after "scheme://" to the last '@' goes. Over-removing from a malformed URL in an error
        // message is harmless; echoing a password is not.
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var at = text.LastIndexOf('@');
        return at >= start ? text.Remove(start, at + 1 - start) : text;
    }

    private static string WithScheme(string text)
    {
        text = text.Trim();
        return text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
    }

    private static bool TryParseUrl(string text, out Uri? url)
    {
        text = WithScheme(text);
        url = Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            && parsed.Scheme is "http" or "https"
            && parsed.Host.Length > 0
            && string.IsNullOrEmpty(parsed.Query) && string.IsNullOrEmpty(parsed.Fragment)
            && string.IsNullOrEmpty(parsed.UserInfo)
                ? new Uri(parsed.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/")
                : null;
        return url is not null;
    }

    private static SortedDictionary<string, string> ParseHeaderList(string text, List<CheckFailure> failures)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=');
            if (separator <= 0)
            {
                failures.Add(new CheckFailure("headers", "headers: CODER_HEADER must be comma-separated name=value pairs, " +
                    "such as \"X-Proxy-Auth=abc,X-Team=platform\"; one entry has no name=value form."));
                continue;
            }
            headers[pair[..separator].Trim()] = pair[(separator + 1)..].Trim();
        }
        return headers;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ConfigJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

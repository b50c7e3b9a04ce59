using System.Collections.Immutable;
using System.Text;

namespace Coder.Client;

/// <summary>How to reach and authenticate against one Coder deployment.</summary>
/// <remarks><see cref="ToString"/> never shows the token or header values, so options can be logged.</remarks>
public sealed record CoderClientOptions
{
    /// <summary>The deployment's URL, e.g. <c>https://coder.example.com</c>; API paths are appended to it.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Sent as the <c>Coder-Session-Token</c> header on every request. Null or empty sends none.</summary>
    public string? SessionToken { get; init; }

    /// <summary>Extra headers sent on every request (for example for a proxy in front of Coder). A
    /// <c>Coder-Session-Token</c> or <c>User-Agent</c> here is overridden by the dedicated options.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>First part of the <c>User-Agent</c> header.</summary>
    public string UserAgentProduct { get; init; } = "pulumi-resource-coder";

    /// <summary>Second part of the <c>User-Agent</c> header: the provider's version.</summary>
    public string UserAgentVersion { get; init; } = "0.0.0-dev";

    /// <summary>Retries and time limits.</summary>
    public CoderResilienceOptions Resilience { get; init; } = new();

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("BaseUrl = ").Append(WithoutUserInfo(BaseUrl))
            .Append(", SessionToken = ").Append(string.IsNullOrEmpty(SessionToken) ? "(none)" : "[redacted]")
            .Append(", Headers = [").Append(string.Join(", ", Headers.Keys.Select(k => $"{k}: [redacted]"))).Append(']')
            .Append(", UserAgent = ").Append(UserAgentProduct).Append('/').Append(UserAgentVersion)
            .Append(", Resilience = ").Append(Resilience);
        return true;
    }

    // A user name and password in the URL are credentials: never part of a message.
    private static string WithoutUserInfo(Uri url) =>
        url.IsAbsoluteUri && url.UserInfo.Length > 0 ? new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString() : url.ToString();

    internal void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The Coder URL must be an absolute http or https URL, not '{WithoutUserInfo(BaseUrl)}'.", nameof(BaseUrl));
        }

        if (string.IsNullOrWhiteSpace(UserAgentProduct) || string.IsNullOrWhiteSpace(UserAgentVersion))
        {
            throw new ArgumentException("The user agent product and version must not be empty.");
        }

        Resilience.Validate();
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coder.Client.Models;
using Coder.Client.Serialization;
using Polly.Timeout;

namespace Coder.Client.Errors;

/// <summary>
/// The single place where failures of Coder API calls become <see cref="CoderApiException"/>s: unsuccessful
/// responses (Refit's exception factory), failures before any response (Refit's transport exception factory) and
/// unreadable success bodies (Refit's deserialization exception factory).
/// </summary>
public sealed partial class CoderErrorMapper
{
    // Error bodies are small JSON documents; a proxy's HTML page is cut short rather than held in memory whole.
    private const int MaxErrorBodyChars = 64 * 1024;
    private const int MaxRawBodyInMessage = 400;
    private const string Redacted = "[redacted]";

    private static readonly HttpRequestOptionsKey<object> RefitMethodNameKey = new(Refit.HttpRequestMessageOptions.MethodName);
    private static readonly HttpRequestOptionsKey<object> RefitInterfaceTypeKey = new(Refit.HttpRequestMessageOptions.InterfaceType);
    private static readonly HttpRequestOptionsKey<object> RefitPathTemplateKey = new(Refit.HttpRequestMessageOptions.RelativePathTemplate);

    // A very short value would match ordinary words; real tokens and proxy credentials are long.
    private const int MinScrubbedLength = 8;

    // Longest first, so that a whole header value is replaced before any part of it.
    private readonly IReadOnlyList<string> _secrets;

    /// <param name="sessionToken">Scrubbed from anything that ends up in an exception, in case a server or proxy
    /// echoes it back.</param>
    /// <param name="headerValues">The extra headers' values (often proxy credentials), scrubbed like the token; so is
    /// each space-separated part of a value, such as the credentials after <c>Bearer</c> or <c>Basic</c>.</param>
    public CoderErrorMapper(string? sessionToken, IEnumerable<string>? headerValues = null)
    {
        _secrets = (headerValues ?? [])
            .SelectMany(value => value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Prepend(value.Trim()))
            .Prepend(sessionToken ?? "")
            .Where(secret => secret.Length >= MinScrubbedLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(secret => secret.Length)
            .ToList();
    }

    /// <summary>For Refit's <c>ExceptionFactory</c>: null for a success, otherwise the mapped exception.</summary>
    public async ValueTask<Exception?> FromResponseAsync(HttpResponseMessage response)
    {
        // 304 is how coderd says a PUT changed nothing (e.g. dormancy already in the asked state); the client never
        // sends conditional requests, so it means nothing else here.
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified)
        {
            return null;
        }

        return await MapResponseAsync(response, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Throws the mapped exception when <paramref name="response"/> is unsuccessful; for calls made on the
    /// client's <see cref="HttpClient"/> without a Refit interface.</summary>
    public async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotModified)
        {
            throw await MapResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>For Refit's <c>TransportExceptionFactory</c>: the caller's own cancellation passes through unchanged;
    /// everything else becomes a <see cref="CoderErrorKind.Transport"/> or <see cref="CoderErrorKind.Timeout"/>.</summary>
    public Exception FromTransport(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is CoderApiException)
        {
            return exception;
        }

        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return exception;
        }

        var (operation, method, path) = Describe(request);
        var timedOut = exception is TimeoutRejectedException or OperationCanceledException or TimeoutException;
        var kind = timedOut ? CoderErrorKind.Timeout : CoderErrorKind.Transport;
        var what = timedOut
            ? $"got no answer in time: {Scrub(exception.Message)}"
            : $"could not reach Coder: {Scrub(exception.Message)}";
        var message = $"Coder API {operation} ({method} {path}) {what}.";
        return new CoderApiException(message, kind, operation, method, path, null, null, null, [], null, exception);
    }

    /// <summary>For Refit's <c>DeserializationExceptionFactory</c>.</summary>
    public ValueTask<Exception?> FromDeserialization(HttpResponseMessage response, Exception exception)
    {
        // coderd (before May 2026) answers a PATCH that changed nothing with 304 and no body: the call succeeded and
        // returns null, and the caller reads the object again.
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return ValueTask.FromResult<Exception?>(null);
        }

        var (operation, method, path) = Describe(response.RequestMessage);
        var message = $"Coder API {operation} ({method} {path}) answered {(int)response.StatusCode} with a body that is " +
                      $"not the expected JSON: {Scrub(exception.Message)}";
        return ValueTask.FromResult<Exception?>(new CoderApiException(
            message, CoderErrorKind.InvalidResponse, operation, method, path, response.StatusCode,
            null, null, [], null, exception));
    }

    private async Task<CoderApiException> MapResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (operation, method, path) = Describe(response.RequestMessage);
        if (IsRedirect(response.StatusCode))
        {
            return Redirected(response, operation, method, path);
        }

        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var coderResponse = TryParseCoderResponse(body);

        var coderMessage = Scrub(coderResponse?.Message is { Length: > 0 } m ? m : Truncate(body));
        var detail = coderResponse?.Detail is { Length: > 0 } d ? Scrub(d) : null;
        var validations = (coderResponse?.Validations ?? [])
            .Select(v => v with { Detail = Scrub(v.Detail) ?? "" })
            .ToList();
        var status = response.StatusCode;
        var kind = Classify(status, coderResponse?.Message);
        var missingFeature = kind == CoderErrorKind.Forbidden ? MissingFeatureFrom(coderResponse?.Message) : null;

        var text = new StringBuilder()
            .Append("Coder API ").Append(operation)
            .Append(" (").Append(method).Append(' ').Append(path).Append(") failed with ")
            .Append((int)status).Append(' ').Append(response.ReasonPhrase is { Length: > 0 } reason ? reason : status.ToString());
        if (!string.IsNullOrWhiteSpace(coderMessage))
        {
            text.Append(": ").Append(coderMessage.TrimEnd());
        }

        if (detail is not null)
        {
            text.Append(" Detail: ").Append(detail.TrimEnd());
        }

        if (validations.Count > 0)
        {
            text.Append(" Invalid fields: ")
                .Append(string.Join("; ", validations.Select(v => $"{v.Field}: {v.Detail}")));
        }

        if (missingFeature is not null)
        {
            text.Append(" This needs a Coder license that includes the '").Append(missingFeature).Append("' feature.");
        }
        else if (kind == CoderErrorKind.Unauthorized)
        {
            text.Append(" Check that the session token is valid and has not expired.");
        }

        return new CoderApiException(
            text.ToString(), kind, operation, method, path, status, coderMessage, detail, validations, missingFeature, null);
    }

    // 304 is not among them: it is how coderd says a PUT changed nothing (see FromResponseAsync).
    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400 && status != HttpStatusCode.NotModified;

    /// <summary>
    /// A redirect is never followed (the default transport has automatic redirects off, and a 3xx that reaches the
    /// client ends here): following it would send the session token and the extra headers to wherever a proxy points,
    /// typically an identity provider's sign-in page. The message names only the target's scheme, host and port:
    /// its path and query may carry a sign-in state or code.
    /// </summary>
    private static CoderApiException Redirected(HttpResponseMessage response, string operation, HttpMethod? method, string path)
    {
        var status = response.StatusCode;
        var target = response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location : response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } requested ? new Uri(requested, location) : null)
            : null;
        // Scheme, host and port only: no user info, path or query.
        var origin = target is { Authority.Length: > 0 } ? new Uri($"{target.Scheme}://{target.Authority}") : null;
        var where = origin is null
            ? "without saying where (no Location header)"
            : $"to {origin.Scheme}://{origin.Authority}";
        var message = $"Coder API {operation} ({method} {path}) was answered with a redirect ({(int)status} " +
                      $"{(response.ReasonPhrase is { Length: > 0 } reason ? reason : status.ToString())}) {where}. Redirects are " +
                      "never followed, so that the session token and headers are not sent to another address: use the " +
                      "address Coder is finally served at as the Coder URL (check it in a browser), or let the proxy " +
                      "in front of Coder pass API requests through.";
        return new CoderApiException(message, CoderErrorKind.Redirected, operation, method, path, status, null, null, [], null, null)
        {
            RedirectTarget = origin,
        };
    }

    private static CoderErrorKind Classify(HttpStatusCode status, string? coderMessage) => (int)status switch
    {
        400 or 422 => CoderErrorKind.Validation,
        401 => CoderErrorKind.Unauthorized,
        403 => CoderErrorKind.Forbidden,
        // coderd answers unknown routes with this exact message (httpapi.RouteNotFound); resources get
        // "Resource not found ..." or a handler-specific text.
        404 when string.Equals(coderMessage?.Trim(), "Route not found.", StringComparison.Ordinal) => CoderErrorKind.RouteNotFound,
        404 or 410 => CoderErrorKind.NotFound,
        409 => CoderErrorKind.Conflict,
        429 => CoderErrorKind.RateLimited,
        >= 500 => CoderErrorKind.ServerError,
        _ => CoderErrorKind.OtherStatus,
    };

    /// <summary>
    /// coderd refuses unlicensed features with a 403 whose message reads "&lt;Feature&gt; is a Premium feature. Contact
    /// sales!" (feature-entitlement middleware; older handlers say "an Enterprise feature"), where &lt;Feature&gt; is the
    /// humanized codersdk.FeatureName. This turns the humanized name back into the feature name.
    /// </summary>
    internal static string? MissingFeatureFrom(string? coderMessage)
    {
        if (coderMessage is null)
        {
            return null;
        }

        var match = PremiumFeaturePattern().Match(coderMessage);
        if (!match.Success)
        {
            return null;
        }

        var humanized = match.Groups["feature"].Value.Trim();
        if (KnownHumanizedFeatures.TryGetValue(humanized, out var known))
        {
            return known;
        }

        // The default humanization title-cases the feature name with spaces for underscores.
        var withoutAside = ParentheticalAside().Replace(humanized, "").Trim();
        return string.Join('_', withoutAside.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    // Names whose humanized form is not simply the title-cased feature name.
    private static readonly Dictionary<string, string> KnownHumanizedFeatures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Template RBAC"] = "template_rbac",
        ["SCIM"] = "scim",
        ["AI Gateway"] = "aibridge",
        ["AI Governance User Limit"] = "ai_governance_user_limit",
        ["Advanced template scheduling (and user quiet hours schedule)"] = "advanced_template_scheduling",
    };

    [GeneratedRegex(@"^\s*(?<feature>.+?) is an? (?:Premium|Enterprise) feature", RegexOptions.IgnoreCase)]
    private static partial Regex PremiumFeaturePattern();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex ParentheticalAside();

    private static ApiResponse? TryParseCoderResponse(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, CoderJsonContext.Default.ApiResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[MaxErrorBodyChars];
            var total = 0;
            int read;
            while (total < buffer.Length &&
                   (read = await reader.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return new string(buffer, 0, total);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            // The status alone still says what happened.
            return "";
        }
    }

    internal static (string Operation, HttpMethod? Method, string Path) Describe(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return ("(unknown operation)", null, "?");
        }

        var path = request.RequestUri is { } uri
            ? (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0])
            : "?";
        var method = request.Method;

        var options = request.Options;
        if (options.TryGetValue(RefitMethodNameKey, out var methodName) && methodName is not null)
        {
            var area = options.TryGetValue(RefitInterfaceTypeKey, out var iface) ? AreaName(iface) : null;
            var name = TrimSuffix(methodName.ToString() ?? "", "Async");
            return (area is null ? name : $"{area}.{name}", method, path);
        }

        var template = options.TryGetValue(RefitPathTemplateKey, out var t) ? t?.ToString() : null;
        return ($"{method} {template ?? path}", method, path);
    }

    private static string? AreaName(object? interfaceType)
    {
        var name = interfaceType switch
        {
            Type type => type.Name,
            string text => text[(text.LastIndexOf('.') + 1)..],
            _ => null,
        };
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name[1..];
        }

        return TrimSuffix(name, "Api");
    }

    private static string TrimSuffix(string value, string suffix) =>
        value.EndsWith(suffix, StringComparison.Ordinal) && value.Length > suffix.Length ? value[..^suffix.Length] : value;

    private static string Truncate(string body)
    {
        var text = body.Trim();
        return text.Length <= MaxRawBodyInMessage ? text : string.Concat(text.AsSpan(0, MaxRawBodyInMessage), "…");
    }

    private string? Scrub(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return text;
    }
}

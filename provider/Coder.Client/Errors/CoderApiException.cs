using System.Net;
using Coder.Client.Models;

namespace Coder.Client.Errors;

/// <summary>
/// The one exception type every failed Coder API call ends in (cancellation by the caller's token excepted, which
/// stays an <see cref="OperationCanceledException"/>). Built only by <see cref="CoderErrorMapper"/>.
/// </summary>
/// <remarks>The message names the operation, method, path, status and Coder's own message, detail and failing
/// fields. It never holds request headers, the session token or request bodies.</remarks>
public sealed class CoderApiException : Exception
{
    internal CoderApiException(
        string message,
        CoderErrorKind kind,
        string operation,
        HttpMethod? method,
        string? path,
        HttpStatusCode? statusCode,
        string? coderMessage,
        string? detail,
        IReadOnlyList<ValidationError> validations,
        string? missingLicenseFeature,
        Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
        Operation = operation;
        Method = method;
        Path = path;
        StatusCode = statusCode;
        CoderMessage = coderMessage;
        Detail = detail;
        Validations = validations;
        MissingLicenseFeature = missingLicenseFeature;
    }

    /// <summary>For test doubles of the client's interfaces, which need to fail the way the client does. The client
    /// itself builds its exceptions in <see cref="CoderErrorMapper"/>.</summary>
    public CoderApiException(CoderErrorKind kind, HttpStatusCode? statusCode, string coderMessage, string operation = "test double")
        : this($"Coder API {operation} failed with {(statusCode is { } s ? ((int)s).ToString() : "no response")}: {coderMessage}",
            kind, operation, null, null, statusCode, coderMessage, null, [], CoderErrorMapper.MissingFeatureFrom(coderMessage), null)
    {
    }

    public CoderErrorKind Kind { get; }

    /// <summary>The client operation that failed, e.g. <c>Templates.GetTemplate</c>, or the method and route
    /// template when the call did not come through a typed interface.</summary>
    public string Operation { get; }

    public HttpMethod? Method { get; }

    /// <summary>The request path without query string, e.g. <c>/api/v2/templates/4b1c…</c>.</summary>
    public string? Path { get; }

    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>codersdk.Response.message, or the start of the raw body when it was not Coder's JSON.</summary>
    public string? CoderMessage { get; }

    /// <summary>codersdk.Response.detail.</summary>
    public string? Detail { get; }

    /// <summary>codersdk.Response.validations: the fields coderd rejected and why.</summary>
    public IReadOnlyList<ValidationError> Validations { get; }

    /// <summary>For a 403 caused by the deployment's license, the codersdk feature name that is missing (e.g.
    /// <c>template_rbac</c>, <c>multiple_organizations</c>); otherwise null.</summary>
    public string? MissingLicenseFeature { get; }

    /// <summary>For a <see cref="CoderErrorKind.Redirected"/> answer, where the redirect pointed: scheme, host and port
    /// only (its path and query may carry a sign-in state or code). Null otherwise, or when the answer named no
    /// Location.</summary>
    public Uri? RedirectTarget { get; internal init; }

    /// <summary>True when coderd said the resource does not exist (or is invisible to this token): the signal for a
    /// read to drop the resource from state. A missing route is not a missing resource.</summary>
    public bool IsNotFound => Kind == CoderErrorKind.NotFound;

    /// <summary>True when <paramref name="exception"/> (or an exception it wraps) is a Coder 404 for a resource.</summary>
    public static bool IsNotFoundError(Exception? exception) => Find(exception) is { IsNotFound: true };

    /// <summary>The <see cref="CoderApiException"/> in <paramref name="exception"/>'s chain, if any.</summary>
    public static CoderApiException? Find(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is CoderApiException coder)
            {
                return coder;
            }

            if (current is AggregateException { InnerExceptions.Count: 1 } aggregate)
            {
                return Find(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }
}

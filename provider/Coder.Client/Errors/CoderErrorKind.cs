namespace Coder.Client.Errors;

/// <summary>What went wrong with a Coder API call, coarse enough to decide what to do about it.</summary>
public enum CoderErrorKind
{
    /// <summary>400: coderd rejected the request, usually with per-field validation errors.</summary>
    Validation,

    /// <summary>401: the session token is missing, wrong or expired.</summary>
    Unauthorized,

    /// <summary>403: the token's user may not do this, or the deployment's license lacks a feature
    /// (see <see cref="CoderApiException.MissingLicenseFeature"/>).</summary>
    Forbidden,

    /// <summary>404 for a resource: it does not exist, or the token's user cannot see it. This is how a read
    /// learns that a resource is gone.</summary>
    NotFound,

    /// <summary>404 because coderd has no such route (an older or differently built coderd). Unlike
    /// <see cref="NotFound"/> this says nothing about the resource.</summary>
    RouteNotFound,

    /// <summary>409: the request conflicts with the current state (a name is taken, a job is still running).</summary>
    Conflict,

    /// <summary>429 after the retries ran out.</summary>
    RateLimited,

    /// <summary>5xx after any retries ran out.</summary>
    ServerError,

    /// <summary>3xx: the server (often a proxy sending the caller to a sign-in page) answered with a redirect. The client
    /// never follows one, so that the session token and extra headers never reach another address; the Coder URL
    /// should be the address Coder is finally served at.</summary>
    Redirected,

    /// <summary>Any other unsuccessful status.</summary>
    OtherStatus,

    /// <summary>No answer: the connection failed or broke before a response arrived.</summary>
    Transport,

    /// <summary>No answer within the per-attempt or total time limit.</summary>
    Timeout,

    /// <summary>A successful status whose body could not be read as the expected model.</summary>
    InvalidResponse,
}

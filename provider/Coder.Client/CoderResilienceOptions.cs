using System.Net;

namespace Coder.Client;

/// <summary>
/// Retries and time limits of every Coder API call.
/// </summary>
/// <remarks>
/// Idempotent methods (GET, HEAD, PUT, DELETE) are retried on connection failures, attempt timeouts and
/// 408/429/502/503/504. POST and PATCH are retried only when the server certainly did not act on the request:
/// a 429, a 503 carrying Retry-After, or a connection that could not even be established. A POST whose connection
/// broke or timed out mid-request is never sent again, because the create may have succeeded. A 429 from coderd's
/// rate limiter (one that names the limit) is not retried after its Retry-After like the others: requests to that
/// path are then sent one at a time at the rate the limit allows (see <see cref="Http.RateLimitPacer"/>), and waiting
/// for that turn does not count against <see cref="TotalTimeout"/>.
/// </remarks>
public sealed record CoderResilienceOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>Delay before the first retry; it doubles with each further retry (with jitter).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of the exponential backoff.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest Retry-After the client waits for; a server asking for longer gets its error surfaced.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(1);

    public bool UseJitter { get; init; } = true;

    /// <summary>Limit of one attempt (request sent until response headers arrive).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Limit of one call including all its retries and waits.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Clock for backoff waits and timeouts; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Told about each retry before its wait, e.g. to log it.</summary>
    public Action<CoderRetryNotice>? OnRetry { get; init; }

    internal void Validate()
    {
        if (MaxRetryAttempts < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), "Retries cannot be negative.");
        }

        // Polly's own limits for timeouts.
        var shortest = TimeSpan.FromMilliseconds(10);
        var longest = TimeSpan.FromDays(1);
        if (AttemptTimeout < shortest || AttemptTimeout > longest || TotalTimeout < shortest || TotalTimeout > longest)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), "Timeouts must lie between 10 ms and 1 day.");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), "Delays cannot be negative.");
        }
    }
}

/// <summary>A retry about to happen.</summary>
/// <param name="Attempt">1 for the first retry.</param>
/// <param name="StatusCode">The status that caused it, or null for a failure without response.</param>
/// <param name="Failure">The exception's type and message for a failure without response.</param>
public sealed record CoderRetryNotice(
    HttpMethod Method,
    string Path,
    int Attempt,
    TimeSpan Delay,
    HttpStatusCode? StatusCode,
    string? Failure)
{
    /// <summary>For a refusal by coderd's rate limiter: the requests a minute it allows on this path.</summary>
    public int? RateLimit { get; init; }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Coder.Client.Http;

/// <summary>Builds the resilience pipeline (total timeout → retry → attempt timeout) described on
/// <see cref="CoderResilienceOptions"/>.</summary>
internal static class CoderResiliencePipeline
{
    public static ResilienceHandler CreateHandler(CoderResilienceOptions options, HttpMessageHandler innerHandler) =>
        new(Build(options)) { InnerHandler = innerHandler };

    public static ResiliencePipeline<HttpResponseMessage> Build(CoderResilienceOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.TotalTimeout, Name = "coder-total-timeout" });
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "coder-retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    ShouldRetry(args.Context.GetRequestMessage(), args.Outcome, options)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterDelay(args.Outcome.Result, options.TimeProvider)),
                OnRetry = args =>
                {
                    Notify(options, args);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout, Name = "coder-attempt-timeout" });
        return builder.Build();
    }

    /// <summary>Whether an attempt's outcome may be retried; see <see cref="CoderResilienceOptions"/>.</summary>
    internal static bool ShouldRetry(HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome, CoderResilienceOptions options)
    {
        // Without the request the method is unknown; assume the unsafe case.
        var idempotent = request is not null && IsIdempotent(request.Method);

        if (outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            var retryAfter = RetryAfterOf(response, options.TimeProvider);
            if (retryAfter > options.MaxRetryAfter)
            {
                return false;
            }

            // 429 (and 503 with Retry-After) mean the server turned the request away without acting on it. coderd's
            // own rate limiter's 429s are the pacer's, which spaces them out instead of retrying them together.
            if ((status == 429 && !RateLimitPacer.IsCoderRateLimit(response, out _)) || (status == 503 && retryAfter is not null))
            {
                return true;
            }

            return idempotent && status is 408 or 502 or 503 or 504;
        }

        return outcome.Exception switch
        {
            null => false,
            _ when NeverReachedServer(outcome.Exception) => true,
            HttpRequestException or TimeoutRejectedException or IOException => idempotent,
            _ => false,
        };
    }

    internal static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put ||
        method == HttpMethod.Delete || method == HttpMethod.Options;

    // Failures while establishing the connection: no byte of the request reached the server, so even a POST is safe
    // to send again. A connection that broke later (ResponseEnded, IO errors) may have delivered the request.
    private static bool NeverReachedServer(Exception exception) =>
        exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
        } || exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };

    private static TimeSpan? RetryAfterDelay(HttpResponseMessage? response, TimeProvider clock) =>
        response is null ? null : RetryAfterOf(response, clock);

    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider clock)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static void Notify(CoderResilienceOptions options, OnRetryArguments<HttpResponseMessage> args)
    {
        if (options.OnRetry is not { } onRetry)
        {
            return;
        }

        var request = args.Context.GetRequestMessage();
        HttpStatusCode? status = args.Outcome.Result?.StatusCode;
        var failure = args.Outcome.Exception is { } e ? $"{e.GetType().Name}: {e.Message}" : null;
        onRetry(new CoderRetryNotice(
            request?.Method ?? HttpMethod.Get,
            request?.RequestUri?.AbsolutePath ?? "?",
            args.AttemptNumber + 1,
            args.RetryDelay,
            status,
            failure));
    }
}

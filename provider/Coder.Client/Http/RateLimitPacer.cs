using System.Globalization;
using System.Net;

namespace Coder.Client.Http;

/// <summary>
/// Spaces the requests to a path that coderd's rate limiter has refused, so that a burst larger than the limit
/// finishes at the rate the limit allows instead of failing.
/// </summary>
/// <remarks>
/// coderd counts each caller's requests per path in a sliding one-minute window (go-chi/httprate; --api-rate-limit,
/// 512, on every path and --files-rate-limit, 12, on top for /api/v2/files) and refuses the excess with a 429 that
/// carries X-Ratelimit-Limit and a Retry-After of the whole window. Retrying every refused request after its
/// Retry-After sends them back together into a window that still counts the first burst: most are refused again, and
/// after a few rounds they fail (50 template sources pushed at once lost 12). So once a 429 names the limit, requests
/// to that path (the refused ones and any new ones) go out one at a time, spaced by a little more than a minute divided
/// by the limit, which keeps the sliding count under the limit. No refused request goes out again before its own
/// Retry-After (and a turn) has passed, and a refusal while the path is paced moves the queue back accordingly. The
/// schedule is dropped once it has been idle for a window.
///
/// This handler sits outside the resilience pipeline: waiting for a turn is queueing, not a slow call, so it does not
/// count against the total timeout (the caller's cancellation ends it), and each turn gets the pipeline's retries
/// for other failures. A request refused <see cref="CoderResilienceOptions.MaxRetryAttempts"/> times, or asked to wait
/// longer than <see cref="CoderResilienceOptions.MaxRetryAfter"/>, gets its 429 back. A 429 without X-Ratelimit-Limit
/// (a proxy's) is the retry strategy's, as a 503 is.
/// </remarks>
internal sealed class RateLimitPacer(CoderResilienceOptions options, HttpMessageHandler innerHandler) : DelegatingHandler(innerHandler)
{
    /// <summary>The window of every coderd rate limit (httpmw.RateLimit is always given a minute).</summary>
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>How much slower than the limit the paced requests go, so that rounding in the sliding count and the
    /// timers' slack never tip it over.</summary>
    private const double Slack = 1.1;

    private readonly Lock _sync = new();
    private readonly Dictionary<string, Schedule> _schedules = new(StringComparer.Ordinal);

    private sealed class Schedule(DateTimeOffset next, TimeSpan interval)
    {
        public DateTimeOffset Next { get; set; } = next;

        public TimeSpan Interval { get; set; } = interval;
    }

    /// <summary>Whether a response is coderd's rate limiter refusing the request (which this handler paces), rather
    /// than a 429 from something in front of it.</summary>
    public static bool IsCoderRateLimit(HttpResponseMessage response, out int limit)
    {
        limit = 0;
        return response.StatusCode == HttpStatusCode.TooManyRequests &&
            response.Headers.TryGetValues("X-Ratelimit-Limit", out var values) &&
            int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit > 0;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        var wait = TakeTurn(path, now: options.TimeProvider.GetUtcNow());
        for (var refused = 0; ; refused++)
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, options.TimeProvider, cancellationToken);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (refused >= options.MaxRetryAttempts || !IsCoderRateLimit(response, out var limit))
            {
                return response;
            }

            var retryAfter = CoderResiliencePipeline.RetryAfterOf(response, options.TimeProvider) ?? Window;
            if (retryAfter > options.MaxRetryAfter)
            {
                return response;
            }

            response.Dispose();
            wait = Refused(path, limit, retryAfter, options.TimeProvider.GetUtcNow());
            options.OnRetry?.Invoke(new CoderRetryNotice(request.Method, path, refused + 1, wait, HttpStatusCode.TooManyRequests, null)
            {
                RateLimit = limit,
            });
        }
    }

    /// <summary>How long a request to <paramref name="path"/> waits for its turn (zero when the path is not paced),
    /// with the turn taken.</summary>
    private TimeSpan TakeTurn(string path, DateTimeOffset now)
    {
        lock (_sync)
        {
            return LiveSchedule(path, now) is { } schedule ? Take(schedule, now) : TimeSpan.Zero;
        }
    }

    /// <summary>Paces <paramref name="path"/> from a 429 on, and queues the refused request: never before its
    /// Retry-After has passed, and a turn later, because at that moment the sliding count still weighs the refused
    /// minute's requests by how far the window has moved, which can round up to the limit.</summary>
    private TimeSpan Refused(string path, int limit, TimeSpan retryAfter, DateTimeOffset now)
    {
        var interval = Window * Slack / limit;
        var earliest = now + retryAfter + interval;
        lock (_sync)
        {
            if (LiveSchedule(path, now) is { } schedule)
            {
                // Refused while paced (the others refused by the same burst, or another client of the same user
                // sharing the budget): the queue goes on, none of it before this Retry-After.
                schedule.Interval = interval > schedule.Interval ? interval : schedule.Interval;
                schedule.Next = earliest > schedule.Next ? earliest : schedule.Next;
            }
            else
            {
                schedule = new Schedule(earliest, interval);
                _schedules[path] = schedule;
            }

            return Take(schedule, now);
        }
    }

    /// <summary>The path's schedule, unless it has none or it has been idle for a whole window (the sliding count
    /// has emptied), when it is dropped. Called under the lock.</summary>
    private Schedule? LiveSchedule(string path, DateTimeOffset now)
    {
        if (!_schedules.TryGetValue(path, out var schedule))
        {
            return null;
        }

        if (schedule.Next + Window < now)
        {
            _schedules.Remove(path);
            return null;
        }

        return schedule;
    }

    private static TimeSpan Take(Schedule schedule, DateTimeOffset now)
    {
        var turn = schedule.Next > now ? schedule.Next : now;
        schedule.Next = turn + schedule.Interval;
        return turn - now;
    }
}

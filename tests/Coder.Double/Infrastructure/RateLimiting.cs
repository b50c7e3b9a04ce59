using System.Globalization;
using Coder.Double.Control;
using Coder.Double.Model;

namespace Coder.Double.Infrastructure;

/// <summary>
/// The sliding-window counter coderd's rate limiter (go-chi/httprate) uses: the previous minute's count, weighted
/// by how much of it still overlaps the window, plus the current minute's count. Thread-safe.
/// </summary>
public sealed class SlidingWindowCounter(TimeSpan window)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, (long Window, int Count)> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Window, int Count)> _previous = new(StringComparer.Ordinal);

    public readonly record struct Decision(bool Allowed, int Remaining, long ResetUnixSeconds);

    /// <summary>Counts one request for the key unless that would exceed the limit.</summary>
    public Decision Take(string key, int limit, DateTimeOffset now)
    {
        var windowTicks = window.Ticks;
        var currentWindow = now.UtcTicks - now.UtcTicks % windowTicks;
        var reset = new DateTimeOffset(currentWindow + windowTicks, TimeSpan.Zero).ToUnixTimeSeconds();
        lock (_sync)
        {
            if (_current.TryGetValue(key, out var current) && current.Window != currentWindow)
            {
                _previous[key] = current;
                _current.Remove(key);
            }
            var currentCount = _current.TryGetValue(key, out current) ? current.Count : 0;
            var previousCount = _previous.TryGetValue(key, out var previous) && previous.Window == currentWindow - windowTicks ? previous.Count : 0;
            var elapsed = now.UtcTicks - currentWindow;
            var rate = (int)Math.Round(previousCount * (double)(windowTicks - elapsed) / windowTicks + currentCount);
            if (rate + 1 > limit) return new Decision(false, limit - rate, reset);
            _current[key] = (currentWindow, currentCount + 1);
            return new Decision(true, limit - rate - 1, reset);
        }
    }
}

/// <summary>
/// coderd's per-minute rate limits: every /api/v2 call (--api-rate-limit, 512) and, on top, /api/v2/files (12).
/// Keyed by the caller (user of a valid session, else client address) and the path. Owners may bypass with
/// X-Coder-Bypass-Ratelimit: true, as in coderd.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, DeploymentSettings deployment, DoubleState state, TimeProvider time)
{
    private const string BypassHeader = "X-Coder-Bypass-Ratelimit";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly SlidingWindowCounter _api = new(Window);
    private readonly SlidingWindowCounter _files = new(Window);

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api/v2", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var caller = Caller(context, out var isOwner);
        var bypass = isOwner && GoBools.TryParse(context.Request.Headers[BypassHeader].ToString(), out var wanted) && wanted;
        var key = caller + "|" + NormalizedPath(path.Value!);
        var now = time.GetUtcNow();

        if (!bypass && !await AdmitAsync(context, _api, deployment.ApiRateLimit, key, now)) return;
        if (!bypass && path.StartsWithSegments("/api/v2/files", StringComparison.Ordinal) &&
            !await AdmitAsync(context, _files, deployment.FilesRateLimit, key, now))
        {
            return;
        }
        await next(context);
    }

    private static async Task<bool> AdmitAsync(HttpContext context, SlidingWindowCounter counter, int limit, string key, DateTimeOffset now)
    {
        if (limit <= 0) return true;
        var decision = counter.Take(key, limit, now);
        var headers = context.Response.Headers;
        headers["X-Ratelimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["X-Ratelimit-Reset"] = decision.ResetUnixSeconds.ToString(CultureInfo.InvariantCulture);
        headers["X-Ratelimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        if (decision.Allowed) return true;

        headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = System.Text.Json.JsonSerializer.Serialize(
            new CoderResponse($"You've been rate limited for sending more than {limit} requests in 1m0s."), CoderJson.Options);
        await context.Response.WriteAsync(body + "\n", context.RequestAborted);
        return false;
    }

    private string Caller(HttpContext context, out bool isOwner)
    {
        isOwner = false;
        if (AuthenticationFilter.PeekUser(state, context.Request) is { } user)
        {
            isOwner = user.IsOwner;
            return user.Id.ToString();
        }
        return context.Connection.RemoteIpAddress?.ToString() ?? "local";
    }

    /// <summary>path.Clean, so that respelling a path (extra slashes, dots) does not buy a fresh budget.</summary>
    private static string NormalizedPath(string path)
    {
        var parts = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(segment);
        }
        return "/" + string.Join('/', parts);
    }
}

using System.Globalization;
using Coder.Double.Api;
using Coder.Double.Control;
using Microsoft.AspNetCore.Http.Features;

namespace Coder.Double.Infrastructure;

/// <summary>Records each API exchange (the control surface excluded) after faults have had their say.</summary>
public sealed class RecordingMiddleware(RequestDelegate next, TrafficRecorder recorder)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (ControlPaths.IsControl(context.Request.Path))
        {
            await next(context);
            return;
        }

        var receivedAt = DateTimeOffset.UtcNow;
        context.Request.EnableBuffering();
        var requestBytes = await ReadAllAsync(context.Request.Body, context.RequestAborted);
        context.Request.Body.Position = 0;

        var originalBody = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = originalBody;
        }

        // Dropped by a fault: no exchange happened. Kestrel signals the abort asynchronously, so the fault's own marker
        // is what tells. (A WebSocket's end aborts the request too, after the exchange.)
        if (context.Items.ContainsKey(FaultMiddleware.DroppedMarker) ||
            (context.RequestAborted.IsCancellationRequested && context.Response.StatusCode != StatusCodes.Status101SwitchingProtocols)) return;
        var responseBytes = captured.ToArray();
        // An accepted WebSocket wrote nothing here: its messages went over the upgraded connection, and are recorded
        // as the response body (a JSON array), which is what the check validates against the operation's schema.
        var upgraded = context.Response.StatusCode == StatusCodes.Status101SwitchingProtocols;
        if (!upgraded) await originalBody.WriteAsync(responseBytes, context.RequestAborted);

        recorder.Record(new RecordedExchange(
            context.Request.Method,
            RawTarget(context),
            context.Response.StatusCode,
            TrafficRecorder.ParseBody(requestBytes),
            upgraded ? context.Items[LogFollower.SentMessagesItem] as System.Text.Json.Nodes.JsonNode : TrafficRecorder.ParseBody(responseBytes),
            receivedAt));
    }

    private static string RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw.StartsWith('/')) return raw;
        return context.Request.PathBase + context.Request.Path + context.Request.QueryString;
    }

    private static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}

/// <summary>Applies installed fault rules before the call reaches coderd's handlers (and its authentication).</summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults)
{
    public const string DroppedMarker = "coder.double.dropped";

    public async Task InvokeAsync(HttpContext context)
    {
        if (ControlPaths.IsControl(context.Request.Path))
        {
            await next(context);
            return;
        }

        var action = faults.Match(context.Request.Method, context.Request.Path.Value ?? "/", context.WebSockets.IsWebSocketRequest);
        if (action is null)
        {
            await next(context);
            return;
        }

        var rule = action.Rule;
        if (rule.DelayMs > 0) await Task.Delay(rule.DelayMs, context.RequestAborted);
        if (rule.Drop)
        {
            context.Items[DroppedMarker] = true;
            context.Abort();
            return;
        }
        if (rule.Status is not { } status)
        {
            await next(context);
            if (rule.DropAfterCommit)
            {
                // The recording middleware holds the response body, so nothing of the answer has been sent yet.
                context.Items[DroppedMarker] = true;
                context.Abort();
            }
            return;
        }

        if (rule.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            if (status == StatusCodes.Status429TooManyRequests)
            {
                // httprate's headers, as coderd's rate limiter sends them.
                context.Response.Headers["X-Ratelimit-Limit"] = "512";
                context.Response.Headers["X-Ratelimit-Remaining"] = "0";
                context.Response.Headers["X-Ratelimit-Reset"] =
                    DateTimeOffset.UtcNow.AddSeconds(retryAfter).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            }
        }

        context.Response.StatusCode = status;
        if (status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified) return;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = rule.Body?.ToJsonString() ?? System.Text.Json.JsonSerializer.Serialize(DefaultBody(status), CoderJson.Options);
        await context.Response.WriteAsync(body + "\n", context.RequestAborted);
    }

    private static CoderResponse DefaultBody(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => new CoderResponse("You've been rate limited for sending more than 512 requests in 1m0s."),
        >= 500 => new CoderResponse("An internal server error occurred.", "injected fault"),
        StatusCodes.Status404NotFound => new CoderResponse(Reply.NotFoundMessage),
        StatusCodes.Status401Unauthorized => new CoderResponse(Reply.SignedOutMessage, "injected fault"),
        _ => new CoderResponse("Injected fault.", $"status {status}"),
    };
}

public static class ControlPaths
{
    public const string Prefix = "/__double";

    public static bool IsControl(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);
}

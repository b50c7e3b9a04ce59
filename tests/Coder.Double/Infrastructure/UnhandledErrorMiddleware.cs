namespace Coder.Double.Infrastructure;

/// <summary>A bug in the double answers like coderd's internal errors instead of an empty 500.</summary>
public sealed class UnhandledErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            await Reply.InternalError($"coder double: {e.GetType().Name}: {e.Message}").ExecuteAsync(context);
        }
    }
}

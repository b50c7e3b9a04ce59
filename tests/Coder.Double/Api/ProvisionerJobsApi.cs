using System.Globalization;
using System.Text;
using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>GET /organizations/{organization}/provisionerjobs/{job}, and the job logs/resources answers every area shares.</summary>
public static class ProvisionerJobsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/organizations/{organization}/provisionerjobs/{job}", GetJob);
    }

    private static IResult GetJob(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var (id, error) = ProvisioningLookups.ParseUuid(context.Route("job"), "job");
            if (error is not null) return error;
            var job = state.JobById(id);
            return job is null || job.OrganizationId != organization.Row!.Id
                ? Reply.NotFound()
                : Reply.Ok(ProvisioningViews.Job(state, job, withMetadata: true));
        }
    }

    /// <summary>coderd's provisionerJobLogs: lines with an id above ?after (before is ignored, as coderd does); with
    /// follow, a WebSocket that streams them (see <see cref="LogFollower"/>).</summary>
    public static IResult Logs(HttpContext context, ProvisionerJobRow job)
    {
        var query = context.Request.Query;
        var follow = query.ContainsKey("follow");
        var format = query["format"].FirstOrDefault() ?? "";
        if (format == "") format = "json";
        if (format is not ("json" or "text"))
        {
            return Reply.BadRequest("Invalid format parameter.", "Allowed values are \"json\" and \"text\".");
        }
        if (format == "text" && follow)
        {
            return Reply.BadRequest("Text format is not supported with follow mode.", "Use format=json or omit the follow parameter.");
        }

        long after = 0;
        var afterRaw = query["after"].FirstOrDefault() ?? "";
        if (afterRaw != "" && !GoInts.TryParse(afterRaw, 64, out after, out _))
        {
            return Reply.BadRequest("Query param \"after\" must be an integer.", validations: [new ValidationError("after", "Must be an integer")]);
        }
        if (follow)
        {
            // coderd's websocket.Accept refuses a request that is no upgrade with this 400.
            return context.WebSockets.IsWebSocketRequest
                ? new LogFollower(job.Id, after)
                : Reply.BadRequest("Failed to accept websocket.", "websocket protocol violation: Connection header \"\" does not contain Upgrade");
        }

        var logs = job.Logs.Where(l => l.Id > after).ToList();
        if (format == "json") return Reply.Ok(logs.Select(ProvisioningViews.Log).ToList());

        var text = new StringBuilder();
        foreach (var log in logs)
        {
            text.Append(log.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                .Append(" [").Append(log.Level).Append("] [provisioner|").Append(log.Stage).Append("] ").Append(log.Output).Append('\n');
        }
        return Results.Text(text.ToString(), "text/plain; charset=utf-8");
    }

    /// <summary>coderd's provisionerJobResources: only for completed jobs.</summary>
    public static IResult Resources(ProvisionerJobRow job) =>
        job.CompletedAt is null
            ? Reply.BadRequest("Job hasn't completed!")
            : Reply.Ok(ProvisioningViews.Resources(job.Resources));
}

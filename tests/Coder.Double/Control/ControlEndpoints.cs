using System.Text.Json;
using System.Text.Json.Nodes;
using Coder.Double.Api;
using Coder.Double.Infrastructure;

namespace Coder.Double.Control;

/// <summary>The plain-HTTP control surface under /__double/ (no authentication; documented in README.md).</summary>
public static class ControlEndpoints
{
    private sealed record LicenseUpdate(bool? Premium, Dictionary<string, bool>? Features);

    private sealed record JobsUpdate(JobTiming? Timing, JobOutcome? Default, Dictionary<string, JobOutcome?>? PerKind);

    private sealed record TokenRequest(string? User);

    /// <summary>last_seen_at is a JsonElement so that an absent key (Undefined) and null differ.</summary>
    private sealed record DaemonBody(string? Name, string? Organization, Dictionary<string, string>? Tags, bool? Online, JsonElement LastSeenAt);

    private sealed record BuildOrder(string? Workspace, string? Transition, bool? Orphan, bool? Wait);

    private sealed record DeploymentUpdate(bool? OidcConfigured, int? ApiRateLimit, int? FilesRateLimit, bool? AllowWorkspaceRenames);

    public static void Map(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup(ControlPaths.Prefix);

        control.MapGet("/", (HttpContext context, DoubleControl c, DoubleIdentity identity) => Ok(new
        {
            coder_url = $"{context.Request.Scheme}://{context.Request.Host}",
            session_token = c.Seed.SessionToken,
            admin = new { id = c.Seed.AdminId, username = c.Seed.AdminUsername, email = c.Seed.AdminEmail },
            default_organization_id = c.Seed.DefaultOrganizationId,
            deployment_id = identity.DeploymentId,
            recording_file = c.Traffic.FilePath,
        }));

        control.MapPost("/reset", (DoubleControl c) =>
        {
            c.Reset();
            return Results.NoContent();
        });

        control.MapGet("/license", (DoubleControl c) => Ok(LicenseView(c)));
        control.MapPut("/license", async (HttpContext context, DoubleControl c) =>
        {
            var (update, error) = await ReadAsync<LicenseUpdate>(context);
            if (error is not null) return error;
            try
            {
                if (update!.Premium is { } premium) c.License.SetPremium(premium);
                foreach (var (feature, on) in update.Features ?? []) c.License.SetFeature(feature, on);
            }
            catch (ArgumentException e)
            {
                return Problem(e.Message);
            }
            return Ok(LicenseView(c));
        });

        control.MapGet("/faults", (DoubleControl c) => Ok(c.Faults.List()));
        control.MapPost("/faults", async (HttpContext context, DoubleControl c) =>
        {
            var (rule, error) = await ReadAsync<FaultRule>(context);
            if (error is not null) return error;
            try
            {
                return Results.Json(new { id = c.Faults.Add(rule!) }, CoderJson.Options, statusCode: StatusCodes.Status201Created);
            }
            catch (ArgumentException e)
            {
                return Problem(e.Message);
            }
        });
        control.MapDelete("/faults", (DoubleControl c) =>
        {
            c.Faults.Clear();
            return Results.NoContent();
        });
        control.MapDelete("/faults/{id}", (string id, DoubleControl c) =>
            c.Faults.Remove(id) ? Results.NoContent() : Problem($"No fault \"{id}\".", StatusCodes.Status404NotFound));

        control.MapGet("/jobs", (DoubleControl c) => Ok(JobsView(c)));
        control.MapPost("/jobs/hold", (DoubleControl c) =>
        {
            c.HoldJobs();
            return Ok(JobsView(c));
        });
        control.MapPost("/jobs/release", (DoubleControl c) =>
        {
            c.ReleaseJobs();
            return Ok(JobsView(c));
        });
        control.MapPut("/jobs", async (HttpContext context, DoubleControl c) =>
        {
            var (update, error) = await ReadAsync<JobsUpdate>(context);
            if (error is not null) return error;
            try
            {
                if (update!.Timing is { } timing) c.Jobs.Timing = timing;
                if (update.Default is { } outcome) c.Jobs.Default = outcome;
                foreach (var (kind, perKind) in update.PerKind ?? []) c.Jobs.SetForKind(kind, perKind);
            }
            catch (ArgumentException e)
            {
                return Problem(e.Message);
            }
            return Ok(JobsView(c));
        });
        control.MapPost("/jobs/{kind}/next", async (string kind, HttpContext context, DoubleControl c) =>
        {
            var (outcome, error) = await ReadAsync<JobOutcome>(context);
            if (error is not null) return error;
            try
            {
                c.Jobs.Enqueue(kind, outcome!);
            }
            catch (ArgumentException e)
            {
                return Problem(e.Message);
            }
            return Ok(JobsView(c));
        });

        control.MapGet("/provisioners", (DoubleControl c) => Ok(c.Provisioners.List()));
        control.MapPost("/provisioners", async (HttpContext context, DoubleControl c) =>
        {
            var (body, error) = await ReadAsync<DaemonBody>(context);
            if (error is not null) return error;
            try
            {
                var lastSeen = LastSeen(body!.LastSeenAt);
                // A last-seen time describes a daemon that is gone, so giving one makes the daemon offline by default.
                var online = body.Online ?? lastSeen is null;
                if (online && lastSeen is { Given: true }) throw ProvisionerDaemonControl.OnlineHasNoLastSeen();
                var view = c.Provisioners.Add(new ProvisionerDaemonSpec(body.Name, body.Organization, body.Tags, online, lastSeen?.At));
                return Results.Json(view, CoderJson.Options, statusCode: StatusCodes.Status201Created);
            }
            catch (ArgumentException e)
            {
                return Problem(e.Message);
            }
        });
        control.MapDelete("/provisioners", (DoubleControl c) =>
        {
            c.Provisioners.Clear();
            return Results.NoContent();
        });
        control.MapPut("/provisioners/{daemon}", async (string daemon, HttpContext context, DoubleControl c) =>
        {
            var (body, error) = await ReadAsync<DaemonBody>(context);
            if (error is not null) return error;
            try
            {
                if (body!.Name is not null || body.Organization is not null)
                {
                    return Problem("A daemon's name and organization cannot change; remove it and add another.");
                }
                var lastSeen = LastSeen(body.LastSeenAt);
                if (body.Online == true && lastSeen is not null) throw ProvisionerDaemonControl.OnlineHasNoLastSeen();
                var view = body.Tags is { } tags ? c.Provisioners.SetTags(daemon, tags) : null;
                if (body.Online == true) view = c.Provisioners.SetOnline(daemon);
                else if (lastSeen is { } at) view = c.Provisioners.SetOffline(daemon, at.At);
                else if (body.Online == false) view = c.Provisioners.Disconnect(daemon);
                return Ok(view ?? c.Provisioners.List().FirstOrDefault(d => d.Id.ToString() == daemon || d.Name == daemon)
                    ?? throw new KeyNotFoundException($"No provisioner daemon \"{daemon}\"."));
            }
            catch (KeyNotFoundException e)
            {
                return Problem(e.Message, StatusCodes.Status404NotFound);
            }
            catch (ArgumentException e)
            {
                return Problem(e.Message);
            }
        });
        control.MapDelete("/provisioners/{daemon}", (string daemon, DoubleControl c) =>
            c.Provisioners.Remove(daemon) ? Results.NoContent() : Problem($"No provisioner daemon \"{daemon}\".", StatusCodes.Status404NotFound));

        control.MapGet("/builds", (HttpContext context, DoubleControl c) =>
        {
            try
            {
                return Ok(c.Builds.List(context.Request.Query["workspace"].FirstOrDefault()));
            }
            catch (KeyNotFoundException e)
            {
                return Problem(e.Message, StatusCodes.Status404NotFound);
            }
            catch (ArgumentException e)
            {
                return Problem(e.Message);
            }
        });
        control.MapPost("/builds", async (HttpContext context, DoubleControl c) =>
        {
            var (order, error) = await ReadAsync<BuildOrder>(context);
            if (error is not null) return error;
            if (string.IsNullOrEmpty(order!.Workspace)) return Problem("workspace is required: an id or \"owner/name\".");
            try
            {
                var build = c.Builds.Start(order.Workspace, order.Transition ?? "", order.Orphan ?? false);
                if (order.Wait == true) build = await c.Builds.WaitAsync(build.Id, context.RequestAborted);
                return Results.Json(build, CoderJson.Options, statusCode: StatusCodes.Status201Created);
            }
            catch (KeyNotFoundException e)
            {
                return Problem(e.Message, StatusCodes.Status404NotFound);
            }
            catch (ArgumentException e)
            {
                return Problem(e.Message);
            }
            catch (BuildRefusedException e)
            {
                return Results.Json(new CoderResponse(e.CoderMessage, e.Detail), CoderJson.Options, statusCode: e.Status);
            }
            catch (TimeoutException e)
            {
                return Problem(e.Message, StatusCodes.Status504GatewayTimeout);
            }
        });

        control.MapGet("/exchanges", (DoubleControl c) => Results.Json(c.Traffic.Exchanges));
        control.MapDelete("/exchanges", (DoubleControl c) =>
        {
            c.Traffic.Clear();
            return Results.NoContent();
        });

        control.MapPost("/tokens", async (HttpContext context, DoubleControl c) =>
        {
            var (request, error) = await ReadAsync<TokenRequest>(context);
            if (error is not null) return error;
            try
            {
                return Results.Json(new { session_token = c.IssueToken(request!.User ?? "") }, CoderJson.Options, statusCode: StatusCodes.Status201Created);
            }
            catch (ArgumentException e)
            {
                return Problem(e.Message, StatusCodes.Status404NotFound);
            }
        });

        control.MapGet("/deployment", (DoubleControl c) => Ok(DeploymentView(c)));
        control.MapPut("/deployment", async (HttpContext context, DoubleControl c) =>
        {
            var (update, error) = await ReadAsync<DeploymentUpdate>(context);
            if (error is not null) return error;
            if (update!.OidcConfigured is { } oidc) c.Deployment.OidcConfigured = oidc;
            if (update.ApiRateLimit is { } api) c.Deployment.ApiRateLimit = api;
            if (update.FilesRateLimit is { } files) c.Deployment.FilesRateLimit = files;
            if (update.AllowWorkspaceRenames is { } renames) c.Deployment.AllowWorkspaceRenames = renames;
            return Ok(DeploymentView(c));
        });

        control.MapFallback(() => Problem("No such control endpoint; see tests/Coder.Double/README.md.", StatusCodes.Status404NotFound));
    }

    /// <summary>A given last_seen_at: a time, or null for "never seen"; null when the key is absent.</summary>
    private static (bool Given, DateTimeOffset? At)? LastSeen(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined => null,
        JsonValueKind.Null => (true, null),
        JsonValueKind.String when value.TryGetDateTimeOffset(out var at) => (true, at.ToUniversalTime()),
        _ => throw new ArgumentException("last_seen_at must be a time such as \"2026-01-05T10:00:00Z\", or null for a daemon never seen."),
    };

    private static object JobsView(DoubleControl c)
    {
        var view = c.Jobs.View();
        return new { held = c.JobsHeld, timing = view.Timing, @default = view.Default, per_kind = view.PerKind, queued = view.Queued };
    }

    private static object DeploymentView(DoubleControl c) => new
    {
        oidc_configured = c.Deployment.OidcConfigured,
        api_rate_limit = c.Deployment.ApiRateLimit,
        files_rate_limit = c.Deployment.FilesRateLimit,
        allow_workspace_renames = c.Deployment.AllowWorkspaceRenames,
    };

    private static object LicenseView(DoubleControl c) => new
    {
        has_license = c.License.HasLicense,
        entitled = LicenseSettings.AllFeatures.Where(c.License.Entitled.Contains).ToList(),
        premium_features = LicenseSettings.PremiumFeatures,
        all_features = LicenseSettings.AllFeatures,
    };

    private static IResult Ok(object body) => Results.Json(body, CoderJson.Options);

    private static IResult Problem(string message, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new CoderResponse(message), CoderJson.Options, statusCode: status);

    private static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context) where T : class
    {
        try
        {
            var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var value = node is null ? null : node.Deserialize<T>(CoderJson.Options);
            return value is null ? (null, Problem("A JSON object is required.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problem($"Invalid JSON: {e.Message}"));
        }
    }
}

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

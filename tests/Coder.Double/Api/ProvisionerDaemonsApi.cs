using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>GET /organizations/{organization}/provisionerdaemons (coderd/provisionerdaemons.go, provisionerDaemons).</summary>
public static class ProvisionerDaemonsApi
{
    /// <summary>codersdk.ProvisionerKeyIDBuiltIn: every simulated daemon authenticates like coderd's built-in ones.</summary>
    public static readonly Guid BuiltInKeyId = new("00000000-0000-0000-0000-000000000001");

    public const string BuiltInKeyName = "built-in";

    private static readonly string[] Statuses = ["offline", "idle", "busy"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/organizations/{organization}/provisionerdaemons", List);
    }

    /// <summary>
    /// GetProvisionerDaemonsWithStatusByOrganization: online daemons (seen within the stale interval), plus offline
    /// ones when <c>offline=true</c> or <c>status</c> names offline; filtered by ids, tags (the daemon's tags must
    /// contain them, provisioner_tagset_contains), status and max_age; newest first, at most <c>limit</c> (50 by
    /// default, 0 for all).
    /// </summary>
    private static IResult List(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;

            var values = ParameterValues.FromQuery(context.Request.Query);
            var parser = new QueryParser();
            var limit = parser.PositiveInt32(values, "limit");
            if (values.Get("limit") == "") limit = 50;
            var ids = parser.List(values, "ids", term => CoderRules.TryParseUuid(term.Trim(), out var id, out var error) ? (id, (string?)null) : (Guid.Empty, error));
            var tags = parser.JsonStringMap(values, "tags");
            var offline = parser.NullableBoolean(values, "offline") ?? false;
            // coderd takes any text here; the database then refuses values outside its enum.
            var statuses = parser.List(values, "status", term => (term, (string?)null));
            var maxAge = parser.Duration(values, "max_age", TimeSpan.Zero);
            parser.ErrorExcessParams(values);
            if (parser.Errors.Count > 0) return Reply.BadRequest("Invalid query parameters.", validations: parser.Errors);
            if (statuses.FirstOrDefault(s => !Statuses.Contains(s)) is { } unknown)
            {
                return Reply.Error(StatusCodes.Status500InternalServerError, "Internal error fetching provisioner daemons.",
                    $"pq: invalid input value for enum provisioner_daemon_status: \"{unknown}\"");
            }

            var now = state.Now();
            var wantOffline = offline || statuses.Contains("offline");
            var daemons = new List<ProvisionerDaemon>();
            foreach (var daemon in state.ProvisionerDaemons.Where(d => d.OrganizationId == organization.Row!.Id).OrderByDescending(d => d.CreatedAt))
            {
                var seen = daemon.LastSeen(now);
                var stale = seen is null || seen < now - DoubleState.StaleInterval;
                var current = CurrentJob(state, daemon);
                if (ids.Count > 0 && !ids.Contains(daemon.Id)) continue;
                if (tags is not null && !ProvisionerTags.Contains(daemon.Tags, tags)) continue;
                if (maxAge > TimeSpan.Zero && seen is { } lastSeen && lastSeen < now - maxAge) continue;
                if (stale && !wantOffline) continue;
                if (statuses.Count > 0 &&
                    !((current is not null && statuses.Contains("busy")) || (current is null && statuses.Contains("idle")) || (stale && wantOffline)))
                {
                    continue;
                }
                var status = current is not null ? "busy" : stale && wantOffline ? "offline" : "idle";
                daemons.Add(View(state, daemon, seen, status, current));
                if (limit > 0 && daemons.Count == limit) break;
            }
            return Reply.Ok(daemons);
        }
    }

    /// <summary>The job the daemon is running (coderd's daemons run one at a time; the double's any number, so the first).</summary>
    private static ProvisionerJobRow? CurrentJob(DoubleState state, ProvisionerDaemonRow daemon) =>
        state.ProvisionerJobs.Where(j => j.WorkerId == daemon.Id && j.OrganizationId == daemon.OrganizationId && j.CompletedAt is null)
            .OrderBy(j => j.StartedAt).FirstOrDefault();

    private static ProvisionerDaemon View(DoubleState state, ProvisionerDaemonRow daemon, DateTimeOffset? seen, string status, ProvisionerJobRow? current)
    {
        var previous = state.ProvisionerJobs
            .Where(j => j.WorkerId == daemon.Id && j.OrganizationId == daemon.OrganizationId && j.CompletedAt is not null)
            .MaxBy(j => j.CompletedAt);
        return new ProvisionerDaemon(
            daemon.Id, daemon.OrganizationId, BuiltInKeyId, daemon.CreatedAt, seen, daemon.Name, GeneralApi.Version,
            GeneralApi.ProvisionerApiVersion, ProvisionerDaemonRow.Provisioners, daemon.Tags, BuiltInKeyName, status,
            current is null ? null : Job(state, current), previous is null ? null : Job(state, previous));
    }

    private static ProvisionerDaemonJob Job(DoubleState state, ProvisionerJobRow job)
    {
        var versionId = job.TemplateVersionId ?? (job.WorkspaceBuildId is { } buildId ? state.WorkspaceBuildById(buildId)?.TemplateVersionId : null);
        var version = versionId is { } id ? state.TemplateVersionById(id) : null;
        var template = version?.TemplateId is { } templateId ? state.TemplateById(templateId) : null;
        return new ProvisionerDaemonJob(job.Id, job.Status, template?.Name ?? "", template?.Icon ?? "", template?.DisplayName ?? "");
    }
}

using Coder.Double.Control;
using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>/api/v2/buildinfo and /api/v2/entitlements.</summary>
public static class GeneralApi
{
    /// <summary>The coderd build the double imitates (main at the commit its swagger.json comes from).</summary>
    public const string Version = "v2.37.0-devel+c9a1e2b";

    /// <summary>provisionerd's proto.CurrentVersion at that commit.</summary>
    public const string ProvisionerApiVersion = "1.18";

    public static void MapPublic(RouteGroupBuilder api)
    {
        api.MapGet("/buildinfo", (HttpContext context, DoubleIdentity identity) =>
        {
            var origin = $"{context.Request.Scheme}://{context.Request.Host}";
            return Reply.Ok(new BuildInfoResponse(
                ExternalUrl: "https://github.com/coder/coder/commit/c9a1e2bceef354408b890f81bb6b3eb0c6fb1af7",
                Version: Version,
                DashboardUrl: origin,
                Telemetry: false,
                WorkspaceProxy: false,
                AgentApiVersion: "2.11",
                ProvisionerApiVersion: ProvisionerApiVersion,
                UpgradeMessage: "",
                DeploymentId: identity.DeploymentId.ToString()));
        });
    }

    public static void MapAuthenticated(RouteGroupBuilder api)
    {
        api.MapGet("/entitlements", (DoubleState state, LicenseSettings license) =>
        {
            var entitled = license.Entitled;
            long activeUsers;
            lock (state.Sync) activeUsers = state.Users.Count(u => !u.Deleted && u.Status == "active");

            var features = LicenseSettings.AllFeatures.ToDictionary(name => name, name =>
            {
                var on = entitled.Contains(name);
                return name == "user_limit"
                    ? new Feature(on ? "entitled" : "not_entitled", on, on ? LicenseSettings.UserLimit : null, activeUsers)
                    : new Feature(on ? "entitled" : "not_entitled", on);
            });
            return Reply.Ok(new Entitlements(features, [], [], license.HasLicense, Trial: false, RequireTelemetry: false,
                RefreshedAt: DateTimeOffset.UtcNow));
        });
    }
}

/// <summary>Fixed facts about this double instance.</summary>
public sealed record DoubleIdentity(Guid DeploymentId);

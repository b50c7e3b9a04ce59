using Coder.Client.Models;
using Refit;

namespace Coder.Client.Api;

/// <summary>Deployment-wide facts: version and license entitlements.</summary>
public interface IDeploymentApi
{
    [Get("/api/v2/buildinfo")]
    Task<BuildInfoResponse> GetBuildInfoAsync(CancellationToken cancellationToken = default);

    [Get("/api/v2/entitlements")]
    Task<Entitlements> GetEntitlementsAsync(CancellationToken cancellationToken = default);
}

namespace Pulumi.Coder.Provider.Hosting;

/// <summary>The premium features a deployment's license enables, read once when the provider is configured.</summary>
public sealed record DeploymentFeatures(IReadOnlySet<string> Enabled)
{
    public bool IsEnabled(string feature) => Enabled.Contains(feature);
}

/// <summary>Opens a session with a Coder deployment for a configured provider.</summary>
public interface ICoderConnector
{
    Task<CoderSession> ConnectAsync(ResolvedConfiguration configuration, CancellationToken ct);
}

/// <summary>One configured provider's connection to Coder: the client, the deployment's features and the default
/// organization, each looked up once.</summary>
public sealed class CoderSession(ResolvedConfiguration configuration, DeploymentFeatures features)
{
    public ResolvedConfiguration Configuration { get; } = configuration;

    public DeploymentFeatures Features { get; } = features;
}

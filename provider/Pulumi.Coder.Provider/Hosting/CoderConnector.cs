namespace Pulumi.Coder.Provider.Hosting;

/// <summary>Connects to a real Coder deployment over HTTP.</summary>
public sealed class CoderConnector(string providerVersion) : ICoderConnector
{
    public Task<CoderSession> ConnectAsync(ResolvedConfiguration configuration, CancellationToken ct) =>
        throw new NotImplementedException($"connecting to {configuration.Url} (provider {providerVersion}) arrives with the Coder client");
}

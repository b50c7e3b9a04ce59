namespace Coder.Double.Control;

/// <summary>Deployment configuration that changes coderd's answers (things an operator sets on the server).</summary>
public sealed class DeploymentSettings(int apiRateLimit, int filesRateLimit)
{
    public const int DefaultApiRateLimit = 512;
    public const int DefaultFilesRateLimit = 12;

    private volatile bool _oidcConfigured = true;
    private volatile int _apiRateLimit = apiRateLimit;
    private volatile int _filesRateLimit = filesRateLimit;
    private volatile bool _allowWorkspaceRenames;

    /// <summary>Without OIDC configured, coderd refuses to create users with login_type "oidc". On by default.</summary>
    public bool OidcConfigured
    {
        get => _oidcConfigured;
        set => _oidcConfigured = value;
    }

    /// <summary>Requests per minute per caller and path on /api/v2 (coderd's --api-rate-limit, 512). 0 or less: off.</summary>
    public int ApiRateLimit
    {
        get => _apiRateLimit;
        set => _apiRateLimit = value;
    }

    /// <summary>Requests per minute per caller and path on /api/v2/files (coderd's fixed 12). 0 or less: off.</summary>
    public int FilesRateLimit
    {
        get => _filesRateLimit;
        set => _filesRateLimit = value;
    }

    /// <summary>coderd's --allow-workspace-renames: off by default, and then PATCH /workspaces/{id} refuses new names.</summary>
    public bool AllowWorkspaceRenames
    {
        get => _allowWorkspaceRenames;
        set => _allowWorkspaceRenames = value;
    }
}

namespace Coder.Double;

/// <summary>How a double starts. Every setting has a default; <see cref="FromEnvironment"/> reads the standalone ones.</summary>
public sealed record CoderDoubleOptions
{
    /// <summary>Append every API exchange to this JSON Lines file (check-coder-traffic.py format). Null: memory only.</summary>
    public string? RecordPath { get; init; }

    /// <summary>Start with a Premium license (organizations, groups, template ACLs, service accounts...). On by default.</summary>
    public bool Premium { get; init; } = true;

    /// <summary>The seeded admin's session token (coderd format: 10 characters, '-', 22 characters). Null: a random one.</summary>
    public string? SessionToken { get; init; }

    public string AdminUsername { get; init; } = "admin";
    public string AdminEmail { get; init; } = "admin@coder.test";
    public string AdminName { get; init; } = "Admin";

    /// <summary>The seeded admin's password (needed to change it: coderd asks for the old one).</summary>
    public string AdminPassword { get; init; } = DefaultAdminPassword;

    public const string DefaultAdminPassword = "Double-Admin-Pa55word!";

    /// <summary>coderd's per-minute limit per caller and path on /api/v2 (default 512). 0: no limit.</summary>
    public int ApiRateLimit { get; init; } = Control.DeploymentSettings.DefaultApiRateLimit;

    /// <summary>coderd's per-minute limit per caller and path on /api/v2/files (default 12). 0: no limit.</summary>
    public int FilesRateLimit { get; init; } = Control.DeploymentSettings.DefaultFilesRateLimit;

    /// <summary>Default pending/running/cancel durations and the reaper's pending timeout of simulated provisioner jobs (see Control.Jobs.Timing).</summary>
    public Control.JobTiming JobTiming { get; init; } = Control.JobTiming.Default;

    /// <summary>coderd's --allow-workspace-renames (off by default, as in coderd).</summary>
    public bool AllowWorkspaceRenames { get; init; }

    /// <summary>Clock for created_at/updated_at and friends, and the timers that drive simulated jobs.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// CODER_DOUBLE_RECORD (recording file), CODER_DOUBLE_SESSION_TOKEN (fixed admin token), CODER_DOUBLE_PREMIUM
    /// ("false" or "0" starts unlicensed), CODER_DOUBLE_API_RATE_LIMIT and CODER_DOUBLE_FILES_RATE_LIMIT
    /// (requests per minute; 0 turns a limit off), CODER_DOUBLE_JOB_PENDING_MS / CODER_DOUBLE_JOB_RUNNING_MS /
    /// CODER_DOUBLE_JOB_CANCEL_MS / CODER_DOUBLE_JOB_PENDING_TIMEOUT_MS (job timings), CODER_DOUBLE_ALLOW_WORKSPACE_RENAMES
    /// ("true" or "1").
    /// </summary>
    public static CoderDoubleOptions FromEnvironment()
    {
        var premium = Environment.GetEnvironmentVariable("CODER_DOUBLE_PREMIUM");
        return new CoderDoubleOptions
        {
            RecordPath = NullIfEmpty(Environment.GetEnvironmentVariable("CODER_DOUBLE_RECORD")),
            SessionToken = NullIfEmpty(Environment.GetEnvironmentVariable("CODER_DOUBLE_SESSION_TOKEN")),
            Premium = premium is null || !(premium.Equals("false", StringComparison.OrdinalIgnoreCase) || premium == "0"),
            ApiRateLimit = IntOr("CODER_DOUBLE_API_RATE_LIMIT", Control.DeploymentSettings.DefaultApiRateLimit),
            FilesRateLimit = IntOr("CODER_DOUBLE_FILES_RATE_LIMIT", Control.DeploymentSettings.DefaultFilesRateLimit),
            JobTiming = new Control.JobTiming(
                IntOr("CODER_DOUBLE_JOB_PENDING_MS", Control.JobTiming.Default.PendingMs),
                IntOr("CODER_DOUBLE_JOB_RUNNING_MS", Control.JobTiming.Default.RunningMs),
                IntOr("CODER_DOUBLE_JOB_CANCEL_MS", Control.JobTiming.Default.CancelMs),
                IntOr("CODER_DOUBLE_JOB_PENDING_TIMEOUT_MS", Control.JobTiming.Default.PendingTimeoutMs)),
            AllowWorkspaceRenames = Environment.GetEnvironmentVariable("CODER_DOUBLE_ALLOW_WORKSPACE_RENAMES") is "true" or "1",
        };
    }

    private static int IntOr(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var value) ? value : fallback;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

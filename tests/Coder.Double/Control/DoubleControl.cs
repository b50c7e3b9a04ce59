using Coder.Double.Jobs;
using Coder.Double.Model;

namespace Coder.Double.Control;

/// <summary>
/// The test-facing controls of one double instance (the same things the /__double/ HTTP surface offers):
/// license, faults, job outcomes, provisioner daemons, workspace builds, recorded traffic, deployment settings, extra
/// sessions and reset.
/// </summary>
public sealed class DoubleControl
{
    private readonly DoubleState _state;
    private readonly CoderDoubleOptions _options;
    private readonly JobEngine _engine;

    internal DoubleControl(DoubleState state, LicenseSettings license, FaultInjector faults, JobOutcomes jobs,
        TrafficRecorder traffic, DeploymentSettings deployment, JobEngine engine, Provisioner provisioner, CoderDoubleOptions options)
    {
        _state = state;
        _options = options;
        _engine = engine;
        License = license;
        Faults = faults;
        Jobs = jobs;
        Traffic = traffic;
        Deployment = deployment;
        Provisioners = new ProvisionerDaemonControl(state, engine);
        Builds = new WorkspaceBuildControl(state, provisioner);
    }

    public LicenseSettings License { get; }
    public FaultInjector Faults { get; }
    public JobOutcomes Jobs { get; }
    public TrafficRecorder Traffic { get; }
    public DeploymentSettings Deployment { get; }
    public ProvisionerDaemonControl Provisioners { get; }

    /// <summary>Every workspace build made, with its resolved parameters; out-of-band builds (a stop or delete behind
    /// the provider's back).</summary>
    public WorkspaceBuildControl Builds { get; }

    /// <summary>Freezes every simulated provisioner job where it is (new ones stay pending) until <see cref="ReleaseJobs"/>.</summary>
    public void HoldJobs() => _engine.Hold();

    /// <summary>Lets held jobs continue, each with the time it had left.</summary>
    public void ReleaseJobs() => _engine.Release();

    public bool JobsHeld => _engine.Held;

    /// <summary>Stops every job timer (the double is shutting down).</summary>
    internal void StopJobs() => _engine.Dispose();

    /// <summary>The seeded admin, its session token and the default organization.</summary>
    public SeedIdentity Seed => _state.Seed;

    /// <summary>
    /// Back to the freshly started deployment: seeded rows only (same admin, token and default organization ids),
    /// running jobs forgotten, the one default provisioner daemon, the initial license, no faults, default job outcomes
    /// and timings, the starting deployment settings, empty in-memory
    /// traffic (a recording file is left as it is). Rate-limit counters keep counting.
    /// </summary>
    public void Reset()
    {
        _engine.Reset();
        _state.Reset();
        License.SetPremium(_options.Premium);
        Faults.Clear();
        Jobs.Reset();
        Deployment.OidcConfigured = true;
        Deployment.ApiRateLimit = _options.ApiRateLimit;
        Deployment.FilesRateLimit = _options.FilesRateLimit;
        Deployment.AllowWorkspaceRenames = _options.AllowWorkspaceRenames;
        Traffic.Clear();
    }

    /// <summary>A new session token for an existing user (id or username), as if that user had logged in.</summary>
    /// <remarks>The double does not model RBAC: every authenticated caller acts with the permissions of an owner.</remarks>
    public string IssueToken(string user)
    {
        Guid userId;
        lock (_state.Sync)
        {
            var row = (Guid.TryParse(user, out var id) ? _state.UserById(id) : _state.UserByUsernameOrEmail(user, ""))
                ?? throw new ArgumentException($"No user \"{user}\".", nameof(user));
            userId = row.Id;
        }
        return _state.IssueToken(userId);
    }
}

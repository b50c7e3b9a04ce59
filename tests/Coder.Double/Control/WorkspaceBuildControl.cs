using Coder.Double.Api;
using Coder.Double.Infrastructure;
using Coder.Double.Jobs;
using Coder.Double.Model;

namespace Coder.Double.Control;

/// <summary>
/// A workspace build as the control surface shows it: which workspace (and owner), the transition, the template
/// version it builds, where its job is (coderd's job statuses: pending, running, succeeded, failed, canceling,
/// canceled) with the job's error, and the parameter values coderd resolved for it (what the build was given, the
/// previous build's values and the defaults; what GET /workspacebuilds/{id}/parameters answers).
/// </summary>
public sealed record BuildRecord(
    Guid Id,
    Guid WorkspaceId,
    string WorkspaceName,
    string Owner,
    int BuildNumber,
    string Transition,
    Guid TemplateVersionId,
    string TemplateVersionName,
    string Status,
    string Error,
    IReadOnlyDictionary<string, string> Parameters,
    string Reason,
    Guid InitiatorId,
    bool Orphan,
    DateTimeOffset CreatedAt);

/// <summary>
/// coderd refused a build the control surface asked for, with the status and message coderd's API answers.
/// </summary>
public sealed class BuildRefusedException(int status, string message, string? detail) : Exception(detail is null ? message : $"{message} ({detail})")
{
    public int Status { get; } = status;
    public string CoderMessage { get; } = message;
    public string? Detail { get; } = detail;
}

/// <summary>
/// Every workspace build the double made (through the API, coderd's orchestrator or this control), and builds made
/// out of band, as someone using Coder's UI would: as the seeded admin, through coderd's own checks, neither faulted
/// nor recorded. A workspace is named by its id or as "owner/name" (owner: username; every workspace, deleted or not,
/// of that owner with that name, case-insensitively). Thread-safe.
/// </summary>
public sealed class WorkspaceBuildControl
{
    private readonly DoubleState _state;
    private readonly Provisioner _provisioner;

    internal WorkspaceBuildControl(DoubleState state, Provisioner provisioner)
    {
        _state = state;
        _provisioner = provisioner;
    }

    /// <summary>The builds of the workspace (null: of every workspace), oldest first.</summary>
    /// <exception cref="KeyNotFoundException">A workspace id that does not exist, or an unknown owner.</exception>
    /// <exception cref="ArgumentException">A workspace named neither by id nor as "owner/name".</exception>
    public IReadOnlyList<BuildRecord> List(string? workspace = null)
    {
        lock (_state.Sync)
        {
            var workspaces = workspace is null ? null : Find(workspace).Select(w => w.Id).ToHashSet();
            return _state.WorkspaceBuilds
                .Where(b => workspaces is null || workspaces.Contains(b.WorkspaceId))
                .OrderBy(b => b.CreatedAt).ThenBy(b => b.BuildNumber)
                .Select(Record).ToList();
        }
    }

    /// <summary>One build by id, as it is now.</summary>
    /// <exception cref="KeyNotFoundException">No such build.</exception>
    public BuildRecord Get(Guid buildId)
    {
        lock (_state.Sync)
        {
            return _state.WorkspaceBuildById(buildId) is { } build ? Record(build) : throw new KeyNotFoundException($"No workspace build \"{buildId}\".");
        }
    }

    /// <summary>
    /// Starts a build out of band (a stop or delete behind the provider's back): as the seeded admin, with the
    /// previous build's template version and parameters, through the checks POST /workspaces/{id}/builds makes. It
    /// does not wait for the build's job; see <see cref="BuildAsync"/>.
    /// </summary>
    /// <param name="workspace">An id (a deleted workspace too), or "owner/name" of a workspace that is not deleted.</param>
    /// <param name="transition">start, stop or delete.</param>
    /// <param name="orphan">A delete that forgets the resources instead of destroying them.</param>
    /// <exception cref="KeyNotFoundException">No such workspace (or owner).</exception>
    /// <exception cref="ArgumentException">A transition other than the three, or a malformed workspace name.</exception>
    /// <exception cref="BuildRefusedException">coderd would refuse it (a build is already active, the workspace is deleted, …).</exception>
    public BuildRecord Start(string workspace, string transition, bool orphan = false)
    {
        if (!JobOutcome.Transitions.Contains(transition, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Transition must be one of {string.Join(", ", JobOutcome.Transitions)}.", nameof(transition));
        }
        lock (_state.Sync)
        {
            var target = Find(workspace).Where(w => !w.Deleted || Guid.TryParse(workspace, out _)).OrderByDescending(w => w.CreatedAt).FirstOrDefault()
                         ?? throw new KeyNotFoundException($"No workspace \"{workspace}\" that is not deleted.");
            var request = new CreateWorkspaceBuildRequest(null, transition, null, null, orphan, null, null, null, null, null);
            var (build, error) = WorkspaceBuildsApi.CreateBuild(_state, _provisioner, target, request, _state.Seed.AdminId);
            if (error is not null) throw Refusal(error);
            return Record(build!);
        }
    }

    /// <summary>
    /// <see cref="Start"/>, then waits (in real time, polling) until the build's job has ended: succeeded, failed or
    /// canceled. With a FakeTimeProvider jobs only move when the test advances time, so start and advance instead.
    /// </summary>
    public async Task<BuildRecord> BuildAsync(string workspace, string transition, bool orphan = false, CancellationToken cancellationToken = default)
    {
        var build = Start(workspace, transition, orphan);
        return await WaitAsync(build.Id, cancellationToken);
    }

    /// <summary>Polls the build until its job has ended (bounded by the token; 30 seconds at most).</summary>
    /// <exception cref="TimeoutException">The job did not end within 30 seconds.</exception>
    public async Task<BuildRecord> WaitAsync(Guid buildId, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var build = Get(buildId);
            if (build.Status is "succeeded" or "failed" or "canceled") return build;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Workspace build {buildId} is still {build.Status}.");
            await Task.Delay(10, cancellationToken);
        }
    }

    private IEnumerable<WorkspaceRow> Find(string workspace)
    {
        if (Guid.TryParse(workspace, out var id))
        {
            return _state.WorkspaceById(id) is { } byId ? [byId] : throw new KeyNotFoundException($"No workspace \"{workspace}\".");
        }
        var slash = workspace.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == workspace.Length - 1)
        {
            throw new ArgumentException($"Name a workspace by its id or as \"owner/name\", not \"{workspace}\".", nameof(workspace));
        }
        var owner = _state.UserByUsernameOrEmail(workspace[..slash], "") ?? throw new KeyNotFoundException($"No user \"{workspace[..slash]}\".");
        var name = workspace[(slash + 1)..];
        return _state.Workspaces.Where(w => w.OwnerId == owner.Id && string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private BuildRecord Record(WorkspaceBuildRow build)
    {
        var workspace = _state.WorkspaceById(build.WorkspaceId)!;
        var job = _state.JobOf(build);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in build.Parameters) parameters[name] = value;
        return new BuildRecord(
            build.Id, workspace.Id, workspace.Name, _state.UserByIdIncludingDeleted(workspace.OwnerId)?.Username ?? "",
            build.BuildNumber, build.Transition, build.TemplateVersionId, _state.TemplateVersionById(build.TemplateVersionId)?.Name ?? "",
            job.Status, job.Error, parameters, build.Reason, build.InitiatorId, build.Orphan, build.CreatedAt);
    }

    private static BuildRefusedException Refusal(IResult error) =>
        error is IStatusCodeHttpResult { StatusCode: { } status } and IValueHttpResult { Value: CoderResponse response }
            ? new BuildRefusedException(status, response.Message, response.Detail)
            : new BuildRefusedException(StatusCodes.Status500InternalServerError, "The build was refused.", null);
}

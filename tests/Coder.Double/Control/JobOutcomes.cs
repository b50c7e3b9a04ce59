using Coder.Double.Model;

namespace Coder.Double.Control;

/// <summary>
/// How a simulated provisioner job ends. Status is one of coderd's terminal job statuses: "succeeded", "failed" or
/// "canceled". Error and ErrorCode fill the job's error fields when it fails (a failed job without an error gets
/// <see cref="DefaultError"/>). DurationMs (null: the template's or the double's default) is how long it runs; Logs
/// are extra provisioner lines it prints while running. Transition, only for a queued or standing workspace_build
/// outcome: the builds it is for ("start", "stop" or "delete"; null: any build), so that a test can make, say, the
/// next delete build fail while the builds before it succeed.
/// </summary>
public sealed record JobOutcome(
    string Status = "succeeded",
    string? Error = null,
    string? ErrorCode = null,
    int? DurationMs = null,
    IReadOnlyList<string>? Logs = null,
    string? Transition = null)
{
    public static readonly JobOutcome Succeeded = new();

    public const string DefaultError = "simulated job failure";

    public static readonly IReadOnlySet<string> TerminalStatuses = new HashSet<string>(StringComparer.Ordinal) { "succeeded", "failed", "canceled" };

    public static readonly IReadOnlyList<string> Transitions = ["start", "stop", "delete"];

    /// <summary>Whether this outcome may decide a job of the kind (and, for builds, the transition).</summary>
    internal bool AppliesTo(string? transition) => Transition is null || Transition == transition;
}

/// <summary>
/// How long simulated jobs take by default. PendingMs: queued before a provisioner daemon picks the job up;
/// RunningMs: running until it ends; CancelMs: how long a running job stays "canceling" after a cancel request
/// before the provisioner gives up (coderd then reports it failed with error "canceled"); PendingTimeoutMs: how long
/// a job no daemon takes stays pending before coderd's job reaper fails it (jobreaper.PendingJobDuration, 30
/// minutes; tests shorten it so as not to wait).
/// </summary>
public sealed record JobTiming(int PendingMs = 30, int RunningMs = 200, int CancelMs = 40, int PendingTimeoutMs = JobTiming.ReaperPendingMs)
{
    /// <summary>jobreaper.PendingJobDuration.</summary>
    public const int ReaperPendingMs = 30 * 60 * 1000;

    public static readonly JobTiming Default = new();

    internal void Check()
    {
        if (PendingMs < 0 || RunningMs < 0 || CancelMs < 0 || PendingTimeoutMs < 0) throw new ArgumentException("Job timings cannot be negative.");
    }
}

/// <summary>
/// The test-facing settings of simulated provisioner jobs (kinds: "template_version_import", "workspace_build",
/// "template_version_dry_run"). A new job's outcome is, in this order: the first one-shot outcome queued for its kind
/// (and, for a build, its transition); the kind's standing outcome (if it is for the build's transition); what the
/// template's coder-double.json declares for it (a failure); the default (succeeded). Its running time: the
/// outcome's DurationMs, else the declaration's duration_ms, else <see cref="Timing"/>. Thread-safe.
/// </summary>
public sealed class JobOutcomes(JobTiming initialTiming)
{
    private readonly JobTiming _initialTiming = initialTiming;
    public static readonly IReadOnlyList<string> Kinds = [JobKinds.Import, JobKinds.Build, JobKinds.DryRun];

    private readonly Lock _sync = new();
    private readonly Dictionary<string, JobOutcome> _standing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JobOutcome>> _queued = new(StringComparer.Ordinal);
    private JobOutcome _default = JobOutcome.Succeeded;
    private JobTiming _timing = initialTiming;

    public JobOutcomes()
        : this(JobTiming.Default)
    {
    }

    /// <summary>The outcome of jobs nothing else decides (initially: succeeded).</summary>
    public JobOutcome Default
    {
        get { lock (_sync) return _default; }
        set
        {
            Check(value);
            if (value.Transition is not null) throw new ArgumentException("The default outcome applies to every job; only queued or per-kind workspace_build outcomes name a transition.", nameof(value));
            lock (_sync) _default = value;
        }
    }

    public JobTiming Timing
    {
        get { lock (_sync) return _timing; }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Check();
            lock (_sync) _timing = value;
        }
    }

    /// <summary>The standing outcome of a kind (null: let the template declaration or the default decide).</summary>
    public void SetForKind(string kind, JobOutcome? outcome)
    {
        CheckKind(kind);
        if (outcome is not null) Check(outcome, kind);
        lock (_sync)
        {
            if (outcome is null) _standing.Remove(kind);
            else _standing[kind] = outcome;
        }
    }

    /// <summary>Used once, by the next job of the kind (for a build outcome with a Transition: the next build of that
    /// transition), before anything else.</summary>
    public void Enqueue(string kind, JobOutcome outcome)
    {
        CheckKind(kind);
        Check(outcome, kind);
        lock (_sync)
        {
            if (!_queued.TryGetValue(kind, out var queue)) _queued[kind] = queue = [];
            queue.Add(outcome);
        }
    }

    /// <summary>The outcome for a job of a template that declares nothing (consumes a queued one).</summary>
    /// <param name="transition">For a workspace build: its transition.</param>
    public JobOutcome Take(string kind, string? transition = null) => TakeOverride(kind, transition) ?? Default;

    /// <summary>A queued or standing outcome for the job, if a test set one (consumes a queued one).</summary>
    internal JobOutcome? TakeOverride(string kind, string? transition)
    {
        lock (_sync)
        {
            if (_queued.TryGetValue(kind, out var queue) && queue.FindIndex(o => o.AppliesTo(transition)) is var index and >= 0)
            {
                var queued = queue[index];
                queue.RemoveAt(index);
                return queued;
            }
            return _standing.GetValueOrDefault(kind) is { } standing && standing.AppliesTo(transition) ? standing : null;
        }
    }

    public JobOutcomesView View()
    {
        lock (_sync)
        {
            return new JobOutcomesView(
                _timing,
                _default,
                new Dictionary<string, JobOutcome>(_standing),
                _queued.Where(q => q.Value.Count > 0).ToDictionary(q => q.Key, q => (IReadOnlyList<JobOutcome>)q.Value.ToList()));
        }
    }

    public void Reset()
    {
        lock (_sync)
        {
            _default = JobOutcome.Succeeded;
            _timing = _initialTiming;
            _standing.Clear();
            _queued.Clear();
        }
    }

    private static void Check(JobOutcome outcome, string? kind = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!JobOutcome.TerminalStatuses.Contains(outcome.Status))
        {
            throw new ArgumentException($"Job status must be one of {string.Join(", ", JobOutcome.TerminalStatuses)}.", nameof(outcome));
        }
        if (outcome.DurationMs < 0) throw new ArgumentException("DurationMs cannot be negative.", nameof(outcome));
        if (outcome.Transition is { } transition)
        {
            if (kind != JobKinds.Build) throw new ArgumentException($"Only {JobKinds.Build} outcomes name a transition.", nameof(outcome));
            if (!JobOutcome.Transitions.Contains(transition, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Transition must be one of {string.Join(", ", JobOutcome.Transitions)} (or left out for any build).", nameof(outcome));
            }
        }
    }

    private static void CheckKind(string kind)
    {
        if (!Kinds.Contains(kind, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown job kind \"{kind}\"; known: {string.Join(", ", Kinds)}.", nameof(kind));
        }
    }
}

public sealed record JobOutcomesView(
    JobTiming Timing,
    JobOutcome Default,
    IReadOnlyDictionary<string, JobOutcome> PerKind,
    IReadOnlyDictionary<string, IReadOnlyList<JobOutcome>> Queued);

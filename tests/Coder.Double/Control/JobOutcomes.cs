namespace Coder.Double.Control;

/// <summary>
/// How a simulated provisioner job ends. Status is one of coderd's terminal job statuses: "succeeded", "failed" or
/// "canceled"; Error and ErrorCode fill the job's error fields when it fails; DurationMs is how long it stays
/// pending/running before it ends.
/// </summary>
public sealed record JobOutcome(string Status = "succeeded", string? Error = null, string? ErrorCode = null, int DurationMs = 0)
{
    public static readonly JobOutcome Succeeded = new();

    public static readonly IReadOnlySet<string> TerminalStatuses = new HashSet<string>(StringComparer.Ordinal) { "succeeded", "failed", "canceled" };
}

/// <summary>
/// Outcomes for provisioner jobs, by job kind (coderd's job types: "template_version_import",
/// "workspace_build", "template_version_dry_run"). A one-shot outcome queued for a kind is used by the next job of
/// that kind; otherwise the kind's standing outcome; otherwise the default. Thread-safe.
/// </summary>
public sealed class JobOutcomes
{
    public static readonly IReadOnlyList<string> Kinds = ["template_version_import", "workspace_build", "template_version_dry_run"];

    private readonly Lock _sync = new();
    private readonly Dictionary<string, JobOutcome> _standing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<JobOutcome>> _queued = new(StringComparer.Ordinal);
    private JobOutcome _default = JobOutcome.Succeeded;

    public JobOutcome Default
    {
        get { lock (_sync) return _default; }
        set
        {
            Check(value);
            lock (_sync) _default = value;
        }
    }

    /// <summary>The standing outcome of a kind (null: use the default).</summary>
    public void SetForKind(string kind, JobOutcome? outcome)
    {
        CheckKind(kind);
        if (outcome is not null) Check(outcome);
        lock (_sync)
        {
            if (outcome is null) _standing.Remove(kind);
            else _standing[kind] = outcome;
        }
    }

    /// <summary>Used once, by the next job of the kind, before any standing outcome.</summary>
    public void Enqueue(string kind, JobOutcome outcome)
    {
        CheckKind(kind);
        Check(outcome);
        lock (_sync)
        {
            if (!_queued.TryGetValue(kind, out var queue)) _queued[kind] = queue = new Queue<JobOutcome>();
            queue.Enqueue(outcome);
        }
    }

    /// <summary>The outcome for a job that starts now (consumes a queued one).</summary>
    public JobOutcome Take(string kind)
    {
        lock (_sync)
        {
            if (_queued.TryGetValue(kind, out var queue) && queue.Count > 0) return queue.Dequeue();
            return _standing.TryGetValue(kind, out var standing) ? standing : _default;
        }
    }

    public JobOutcomesView View()
    {
        lock (_sync)
        {
            return new JobOutcomesView(
                _default,
                new Dictionary<string, JobOutcome>(_standing),
                _queued.ToDictionary(q => q.Key, q => (IReadOnlyList<JobOutcome>)q.Value.ToList()));
        }
    }

    public void Reset()
    {
        lock (_sync)
        {
            _default = JobOutcome.Succeeded;
            _standing.Clear();
            _queued.Clear();
        }
    }

    private static void Check(JobOutcome outcome)
    {
        if (!JobOutcome.TerminalStatuses.Contains(outcome.Status))
        {
            throw new ArgumentException($"Job status must be one of {string.Join(", ", JobOutcome.TerminalStatuses)}.", nameof(outcome));
        }
        if (outcome.DurationMs < 0) throw new ArgumentException("DurationMs cannot be negative.", nameof(outcome));
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
    JobOutcome Default,
    IReadOnlyDictionary<string, JobOutcome> PerKind,
    IReadOnlyDictionary<string, IReadOnlyList<JobOutcome>> Queued);

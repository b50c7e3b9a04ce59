using Coder.Double.Control;
using Coder.Double.Model;

namespace Coder.Double.Jobs;

/// <summary>
/// Runs simulated provisioner jobs on the double's clock: pending → running (an online provisioner daemon whose tags
/// contain the job's picked it up) → succeeded / failed / canceled, printing log lines on the way, and applies what a
/// job changes (a version's variables, parameters and resources, a build's resources, a deleted workspace). A job no
/// daemon takes stays pending until coderd's job reaper fails it. Timers come from the configured TimeProvider, so a
/// FakeTimeProvider steps jobs deterministically. All state changes happen under DoubleState.Sync.
/// </summary>
public sealed class JobEngine(DoubleState state, TimeProvider time, JobOutcomes settings, LicenseSettings license) : IDisposable
{
    public const string CanceledError = "canceled";

    /// <summary>
    /// The error jobreaper.reapJob gives a job left pending for PendingJobDuration. The double keeps coderd's text
    /// (30 minutes) even when a test shortens the wait.
    /// </summary>
    public const string ReapedPendingError = "Coder: Build has been detected as pending for 30 minutes and has been terminated by the reaper.";

    private readonly Dictionary<Guid, Simulation> _simulations = [];
    private DateTimeOffset? _heldSince;

    private sealed class Simulation(ProvisionerJobRow job, JobScript script, DateTimeOffset createdAt, DateTimeOffset startAt, DateTimeOffset endAt)
    {
        public ProvisionerJobRow Job { get; } = job;
        public JobScript Script { get; } = script;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        /// <summary>When a daemon picks the job up if one can; past it, a pending job waits for a daemon.</summary>
        public DateTimeOffset StartAt { get; set; } = startAt;
        public DateTimeOffset EndAt { get; set; } = endAt;
        /// <summary>When the reaper fails the job if it is still pending.</summary>
        public DateTimeOffset ReapAt { get; set; } = createdAt + TimeSpan.FromMilliseconds(script.PendingTimeoutMs);
        public int LinesWritten { get; set; }
        public bool CancelRequested { get; set; }
        public ITimer? Timer { get; set; }

        public DateTimeOffset LineDue(int index) =>
            Script.Lines.Count == 0 ? StartAt : StartAt + (EndAt - StartAt) * ((double)index / Script.Lines.Count);
    }

    /// <summary>Called (under DoubleState.Sync) after a workspace build succeeded; runs its on_success follow-up.</summary>
    internal Action<WorkspaceBuildRow>? BuildSucceeded { get; set; }

    /// <summary>Starts simulating a new job (the caller holds DoubleState.Sync and has added the job row).</summary>
    public void Start(ProvisionerJobRow job, JobScript script)
    {
        var now = time.GetUtcNow();
        var startAt = now + TimeSpan.FromMilliseconds(script.PendingMs);
        var simulation = new Simulation(job, script, now, startAt, startAt + TimeSpan.FromMilliseconds(script.RunningMs));
        _simulations[job.Id] = simulation;
        simulation.Timer = time.CreateTimer(Tick, simulation, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_heldSince is null) Schedule(simulation, now);
    }

    /// <summary>Whether jobs are held (see <see cref="Hold"/>).</summary>
    public bool Held
    {
        get { lock (state.Sync) return _heldSince is not null; }
    }

    /// <summary>
    /// Freezes every job where it is (new ones stay pending) until <see cref="Release"/>, so that tests can look at
    /// in-progress states without racing the clock. Cancel requests still apply at once to pending jobs.
    /// </summary>
    public void Hold()
    {
        lock (state.Sync)
        {
            if (_heldSince is not null) return;
            _heldSince = time.GetUtcNow();
            foreach (var simulation in _simulations.Values) simulation.Timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Lets held jobs go on; each continues with the time it had left when it was held.</summary>
    public void Release()
    {
        lock (state.Sync)
        {
            if (_heldSince is not { } heldSince) return;
            _heldSince = null;
            var now = time.GetUtcNow();
            foreach (var simulation in _simulations.Values)
            {
                var shift = now - (simulation.CreatedAt > heldSince ? simulation.CreatedAt : heldSince);
                simulation.StartAt += shift;
                simulation.EndAt += shift;
                simulation.ReapAt += shift;
                Schedule(simulation, now);
            }
            StartWaitingJobs(now);
        }
    }

    /// <summary>
    /// The daemons changed (the caller holds DoubleState.Sync): jobs waiting for a daemon that one can take now
    /// start at once, as a newly connected daemon acquires them; their running time counts from now.
    /// </summary>
    public void DaemonsChanged()
    {
        if (_heldSince is not null) return;
        StartWaitingJobs(time.GetUtcNow());
    }

    private void StartWaitingJobs(DateTimeOffset now)
    {
        foreach (var simulation in _simulations.Values.ToList())
        {
            if (simulation.Job.StartedAt is not null || now < simulation.StartAt || state.DaemonToTake(simulation.Job) is null) continue;
            var waited = now - simulation.StartAt;
            simulation.StartAt += waited;
            simulation.EndAt += waited;
            Advance(simulation, now);
            if (_simulations.ContainsKey(simulation.Job.Id)) Schedule(simulation, now);
        }
    }

    /// <summary>
    /// wsbuilder's orphan delete with no available daemon: the job is completed at once, without a provisioner
    /// (the caller holds DoubleState.Sync).
    /// </summary>
    public void CompleteWithoutProvisioner(ProvisionerJobRow job)
    {
        Stop(job.Id);
        var now = state.Now();
        job.StartedAt = now;
        job.CompletedAt = now;
        job.UpdatedAt = now;
        state.JobChanged(job.Id);
    }

    /// <summary>
    /// coderd's cancel: a pending job is canceled at once; a running one is marked canceled and, once the provisioner
    /// gives up (JobTiming.CancelMs later), fails with error "canceled" — in coderd a canceled running job never ends as
    /// "canceled" because the provisioner reports an error. The caller holds DoubleState.Sync and checked the job is
    /// neither completed nor already canceled.
    /// </summary>
    public void Cancel(ProvisionerJobRow job)
    {
        var now = state.Now();
        job.CanceledAt = now;
        job.UpdatedAt = now;
        state.JobChanged(job.Id);
        if (job.WorkerId is null)
        {
            job.CompletedAt = now;
            Stop(job.Id);
            return;
        }
        if (!_simulations.TryGetValue(job.Id, out var simulation)) return;
        simulation.CancelRequested = true;
        // While held, the provisioner's give-up time counts from the release.
        var from = _heldSince ?? time.GetUtcNow();
        simulation.EndAt = from + TimeSpan.FromMilliseconds(settings.Timing.CancelMs);
        if (_heldSince is null) Schedule(simulation, time.GetUtcNow());
    }

    /// <summary>Forgets every simulation (on reset).</summary>
    public void Reset()
    {
        lock (state.Sync)
        {
            foreach (var simulation in _simulations.Values) simulation.Timer?.Dispose();
            _simulations.Clear();
            _heldSince = null;
        }
    }

    public void Dispose() => Reset();

    private void Stop(Guid jobId)
    {
        if (_simulations.Remove(jobId, out var simulation)) simulation.Timer?.Dispose();
    }

    private void Tick(object? argument)
    {
        var simulation = (Simulation)argument!;
        lock (state.Sync)
        {
            if (!_simulations.TryGetValue(simulation.Job.Id, out var current) || !ReferenceEquals(current, simulation) || _heldSince is not null) return;
            var now = time.GetUtcNow();
            Advance(simulation, now);
            if (_simulations.ContainsKey(simulation.Job.Id)) Schedule(simulation, now);
        }
    }

    /// <summary>Applies everything due by <paramref name="now"/>, in order.</summary>
    private void Advance(Simulation simulation, DateTimeOffset now)
    {
        try
        {
            AdvanceJob(simulation, now);
        }
        finally
        {
            state.JobChanged(simulation.Job.Id);
        }
    }

    private void AdvanceJob(Simulation simulation, DateTimeOffset now)
    {
        var job = simulation.Job;
        if (job.StartedAt is null)
        {
            // AcquireProvisionerJob: only a connected daemon whose tags contain the job's takes it.
            if (now >= simulation.StartAt && simulation.StartAt <= simulation.ReapAt && state.DaemonToTake(job) is { } daemon)
            {
                var startedAt = state.Now();
                job.StartedAt = startedAt;
                job.WorkerId = daemon.Id;
                job.UpdatedAt = startedAt;
            }
            else
            {
                if (now >= simulation.ReapAt) Reap(simulation);
                return;
            }
        }

        if (!simulation.CancelRequested)
        {
            while (simulation.LinesWritten < simulation.Script.Lines.Count && simulation.LineDue(simulation.LinesWritten) <= now)
            {
                var index = simulation.LinesWritten++;
                var line = simulation.Script.Lines[index];
                job.Logs.Add(new JobLogRow(state.NextLogId(), state.Now(), line.Source, line.Level, line.Stage, line.Output));
                if (index == simulation.Script.ParsedAtLine) JobEffects.Parsed(state, job);
            }
        }

        if (now < simulation.EndAt) return;
        var completedAt = state.Now();
        job.UpdatedAt = completedAt;
        job.CompletedAt = completedAt;
        if (simulation.CancelRequested)
        {
            job.Error = CanceledError;
        }
        else
        {
            switch (simulation.Script.EndStatus)
            {
                case "failed":
                    job.Error = simulation.Script.Error;
                    job.ErrorCode = simulation.Script.ErrorCode;
                    break;
                case "canceled":
                    job.CanceledAt = completedAt;
                    break;
                default:
                    JobEffects.Succeeded(state, job, completedAt, license);
                    break;
            }
        }
        Stop(job.Id);
        if (job is { Type: JobKinds.Build, Status: "succeeded" } && state.BuildOfJob(job.Id) is { } build) BuildSucceeded?.Invoke(build);
    }

    /// <summary>
    /// jobreaper.reapJob for a pending job: its error lines in the job log (stage "Unknown": a pending job has no
    /// logs yet), then failed with started_at set so that its duration reads right.
    /// </summary>
    private void Reap(Simulation simulation)
    {
        var job = simulation.Job;
        string[] lines = ["", "====================", "Coder: Build has been detected as pending for 30 minutes and will be terminated.", "====================", ""];
        var stage = job.Logs.Count > 0 && job.Logs[^1].Stage.Length > 0 ? job.Logs[^1].Stage : "Unknown";
        foreach (var line in lines) job.Logs.Add(new JobLogRow(state.NextLogId(), state.Now(), "provisioner_daemon", "error", stage, line));
        var now = state.Now();
        job.StartedAt = now;
        job.CompletedAt = now;
        job.UpdatedAt = now;
        job.Error = ReapedPendingError;
        job.ErrorCode = "";
        Stop(job.Id);
    }

    private void Schedule(Simulation simulation, DateTimeOffset now)
    {
        DateTimeOffset next;
        // Past its start a pending job waits for a daemon (DaemonsChanged starts it) or for the reaper.
        if (simulation.Job.StartedAt is null) next = now >= simulation.StartAt || simulation.ReapAt < simulation.StartAt ? simulation.ReapAt : simulation.StartAt;
        else if (!simulation.CancelRequested && simulation.LinesWritten < simulation.Script.Lines.Count) next = simulation.LineDue(simulation.LinesWritten);
        else next = simulation.EndAt;
        // Never zero: a timer due at once may run on the caller's thread with some TimeProviders.
        var due = next - now;
        if (due < TimeSpan.FromMilliseconds(1)) due = TimeSpan.FromMilliseconds(1);
        simulation.Timer?.Change(due, Timeout.InfiniteTimeSpan);
    }
}

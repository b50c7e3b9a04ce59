using Coder.Double.Control;
using Coder.Double.Model;

namespace Coder.Double.Jobs;

/// <summary>
/// Runs simulated provisioner jobs on the double's clock: pending → running (a simulated provisioner picked it up)
/// → succeeded / failed / canceled, printing log lines on the way, and applies what a finished job changes (a
/// version's parameters, a build's resources, a deleted workspace). Timers come from the configured TimeProvider,
/// so a FakeTimeProvider steps jobs deterministically. All state changes happen under DoubleState.Sync.
/// </summary>
public sealed class JobEngine(DoubleState state, TimeProvider time, JobOutcomes settings, LicenseSettings license) : IDisposable
{
    /// <summary>The simulated provisioner daemon every job runs on.</summary>
    public static readonly Guid WorkerId = new("6f1c0c7e-5d3a-4c55-9a51-0d0b1e5c0de1");

    public const string CanceledError = "canceled";

    private readonly Dictionary<Guid, Simulation> _simulations = [];
    private DateTimeOffset? _heldSince;

    private sealed class Simulation(ProvisionerJobRow job, JobScript script, DateTimeOffset createdAt, DateTimeOffset startAt, DateTimeOffset endAt)
    {
        public ProvisionerJobRow Job { get; } = job;
        public JobScript Script { get; } = script;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public DateTimeOffset StartAt { get; set; } = startAt;
        public DateTimeOffset EndAt { get; set; } = endAt;
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
                Schedule(simulation, now);
            }
        }
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
        var job = simulation.Job;
        if (job.StartedAt is null)
        {
            if (now < simulation.StartAt) return;
            var startedAt = state.Now();
            job.StartedAt = startedAt;
            job.WorkerId = WorkerId;
            job.UpdatedAt = startedAt;
        }

        if (!simulation.CancelRequested)
        {
            while (simulation.LinesWritten < simulation.Script.Lines.Count && simulation.LineDue(simulation.LinesWritten) <= now)
            {
                var line = simulation.Script.Lines[simulation.LinesWritten++];
                job.Logs.Add(new JobLogRow(state.NextLogId(), state.Now(), line.Source, line.Level, line.Stage, line.Output));
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

    private void Schedule(Simulation simulation, DateTimeOffset now)
    {
        DateTimeOffset next;
        if (simulation.Job.StartedAt is null) next = simulation.StartAt;
        else if (!simulation.CancelRequested && simulation.LinesWritten < simulation.Script.Lines.Count) next = simulation.LineDue(simulation.LinesWritten);
        else next = simulation.EndAt;
        // Never zero: a timer due at once may run on the caller's thread with some TimeProviders.
        var due = next - now;
        if (due < TimeSpan.FromMilliseconds(1)) due = TimeSpan.FromMilliseconds(1);
        simulation.Timer?.Change(due, Timeout.InfiniteTimeSpan);
    }
}

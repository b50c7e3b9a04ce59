using Coder.Double.Control;
using Coder.Double.Declaration;
using Coder.Double.Model;

namespace Coder.Double.Jobs;

/// <summary>One log line a simulated job prints (codersdk.ProvisionerJobLog without id and time).</summary>
public sealed record ScriptLine(string Source, string Level, string Stage, string Output)
{
    public static ScriptLine StageStart(string stage) => new("provisioner_daemon", "info", stage, "");

    public static ScriptLine Info(string stage, string output) => new("provisioner", "info", stage, output);

    public static ScriptLine Error(string stage, string output) => new("provisioner", "error", stage, output);
}

/// <summary>
/// Everything a simulated job will do: wait PendingMs (and until a daemon can take it, at most PendingTimeoutMs), run
/// for RunningMs printing Lines evenly over that time, then end with EndStatus ("succeeded", "failed" or "canceled")
/// and, when failed, Error/ErrorCode. An import has parsed its template (so its variables are known) once the line at
/// ParsedAtLine is printed.
/// </summary>
public sealed record JobScript(
    int PendingMs,
    int RunningMs,
    IReadOnlyList<ScriptLine> Lines,
    string EndStatus,
    string Error,
    string ErrorCode,
    int PendingTimeoutMs = JobTiming.ReaperPendingMs,
    int? ParsedAtLine = null);

/// <summary>Decides how a new job will behave from the test's job settings and the template's declaration.</summary>
public static class JobPlanner
{
    /// <param name="transition">For builds: start, stop or delete.</param>
    /// <param name="forcedError">An error the job must end with whatever the settings say (a broken template).</param>
    /// <param name="orphan">An orphan delete: Terraform gets no state, so a declared build failure does not apply.</param>
    public static JobScript Plan(
        JobOutcomes settings,
        string kind,
        TemplateDeclaration declaration,
        string? transition = null,
        (string Error, string ErrorCode)? forcedError = null,
        bool orphan = false)
    {
        var spec = kind switch
        {
            JobKinds.Import => declaration.Import,
            JobKinds.DryRun => declaration.DryRun,
            _ => declaration.Build,
        };
        var declaredFailure = !orphan && spec.Failure is { } failure && (kind != JobKinds.Build || failure.Transitions.Count == 0 || failure.Transitions.Contains(transition ?? ""))
            ? spec.Failure
            : null;

        var overridden = settings.TakeOverride(kind, kind == JobKinds.Build ? transition : null);
        var outcome = overridden
                      ?? (declaredFailure is not null ? new JobOutcome("failed", declaredFailure.Error, declaredFailure.ErrorCode) : settings.Default);
        if (forcedError is { } forced) outcome = new JobOutcome("failed", forced.Error, forced.ErrorCode, outcome.DurationMs);

        var timing = settings.Timing;
        var running = outcome.DurationMs ?? spec.DurationMs ?? timing.RunningMs;
        var error = outcome.Status == "failed" ? string.IsNullOrEmpty(outcome.Error) ? JobOutcome.DefaultError : outcome.Error : "";
        var errorCode = outcome.Status == "failed" ? outcome.ErrorCode ?? "" : "";

        var (stages, mainStage) = Stages(kind, transition);
        var lines = new List<ScriptLine>();
        foreach (var stage in stages.TakeWhile(s => s != mainStage)) lines.Add(ScriptLine.StageStart(stage));
        // provisionerd's runner reports the parsed variables to coderd (UpdateJob) between "Parsing template
        // parameters" and the next stage, whatever happens to the import afterwards.
        int? parsedAtLine = kind == JobKinds.Import ? lines.Count : null;
        lines.Add(ScriptLine.StageStart(mainStage));
        lines.AddRange(MainStageLines(kind, transition, mainStage, declaration, succeeded: outcome.Status != "failed"));
        lines.AddRange(spec.Logs.Select(l => ScriptLine.Info(mainStage, l)));
        lines.AddRange((outcome.Logs ?? []).Select(l => ScriptLine.Info(mainStage, l)));
        if (outcome.Status == "failed")
        {
            if (overridden is null && declaredFailure is not null) lines.AddRange(declaredFailure.Logs.Select(l => ScriptLine.Error(mainStage, l)));
            lines.Add(ScriptLine.Error(mainStage, error));
        }
        else
        {
            lines.Add(ScriptLine.StageStart("Cleaning Up"));
        }
        return new JobScript(timing.PendingMs, running, lines, outcome.Status, error, errorCode, timing.PendingTimeoutMs, parsedAtLine);
    }

    private static (string[] Stages, string Main) Stages(string kind, string? transition) => kind switch
    {
        JobKinds.Import => (["Setting up", "Parsing template parameters", "Detecting persistent resources", "Detecting ephemeral resources"], "Detecting persistent resources"),
        JobKinds.DryRun => (["Setting up", "Planning infrastructure"], "Planning infrastructure"),
        _ => transition switch
        {
            "stop" => (["Setting up", "Planning infrastructure", "Stopping workspace"], "Stopping workspace"),
            "delete" => (["Setting up", "Planning infrastructure", "Destroying workspace"], "Destroying workspace"),
            _ => (["Setting up", "Planning infrastructure", "Starting workspace"], "Starting workspace"),
        },
    };

    private static IEnumerable<ScriptLine> MainStageLines(string kind, string? transition, string stage, TemplateDeclaration declaration, bool succeeded)
    {
        var resources = declaration.Resources;
        switch (kind)
        {
            case JobKinds.Import:
            case JobKinds.DryRun:
                if (succeeded) yield return ScriptLine.Info(stage, $"Plan: {resources.Count} to add, 0 to change, 0 to destroy.");
                yield break;
        }
        switch (transition)
        {
            case "stop":
                var stopped = resources.Where(r => !r.Persistent).ToList();
                foreach (var r in stopped) yield return ScriptLine.Info(stage, $"{r.Type}.{r.Name}: Destroying...");
                if (succeeded) yield return ScriptLine.Info(stage, $"Apply complete! Resources: 0 added, 0 changed, {stopped.Count} destroyed.");
                break;
            case "delete":
                foreach (var r in resources) yield return ScriptLine.Info(stage, $"{r.Type}.{r.Name}: Destroying...");
                if (succeeded) yield return ScriptLine.Info(stage, $"Destroy complete! Resources: {resources.Count} destroyed.");
                break;
            default:
                foreach (var r in resources) yield return ScriptLine.Info(stage, $"{r.Type}.{r.Name}: Creating...");
                if (succeeded) yield return ScriptLine.Info(stage, $"Apply complete! Resources: {resources.Count} added, 0 changed, 0 destroyed.");
                break;
        }
    }
}

using Coder.Double.Control;
using Coder.Double.Declaration;
using Coder.Double.Model;

namespace Coder.Double.Jobs;

/// <summary>What a job changes as it runs: provisionerdserver.UpdateJob and CompleteJob.</summary>
internal static class JobEffects
{
    /// <summary>
    /// provisionerdserver.UpdateJob with the parsed template: the README and every variable with its value (the
    /// first user value given for its name, else its default) are stored before the required ones are checked, so a
    /// failed import still lists them (a missing required one with value ""). A template whose files could not be
    /// parsed records nothing.
    /// </summary>
    public static void Parsed(DoubleState state, ProvisionerJobRow job)
    {
        if (state.VersionOfJob(job.Id) is not { DeclarationError: null } version) return;
        version.Readme = version.Declaration.Readme;
        version.Variables.Clear();
        version.Variables.AddRange(version.Declaration.Variables);
    }

    /// <summary>provisionerdserver.CompleteJob: what a job that succeeded records.</summary>
    public static void Succeeded(DoubleState state, ProvisionerJobRow job, DateTimeOffset now, LicenseSettings license)
    {
        switch (job.Type)
        {
            case JobKinds.Import:
            {
                var version = state.VersionOfJob(job.Id)!;
                var declaration = version.Declaration;
                version.Parameters.AddRange(ParameterRules.Ordered(declaration.Parameters));
                // An import plans both transitions: what a running workspace has, and what survives a stop.
                job.Resources.AddRange(Resources(declaration.Resources, job.Id, "start", now, agentsConnectAt: null));
                job.Resources.AddRange(Resources(declaration.Resources.Where(r => r.Persistent), job.Id, "stop", now, agentsConnectAt: null));
                break;
            }
            case JobKinds.DryRun:
            {
                var version = state.TemplateVersionById(job.TemplateVersionId!.Value)!;
                job.Resources.AddRange(Resources(version.Declaration.Resources, job.Id, "start", now, agentsConnectAt: null));
                break;
            }
            case JobKinds.Build:
            {
                var build = state.BuildOfJob(job.Id)!;
                var workspace = state.WorkspaceById(build.WorkspaceId)!;
                var declaration = state.TemplateVersionById(build.TemplateVersionId)!.Declaration;
                switch (build.Transition)
                {
                    case "start":
                        job.Resources.AddRange(Resources(declaration.Resources, job.Id, "start", now, agentsConnectAt: now));
                        build.DailyCost = job.Resources.Sum(r => r.DailyCost);
                        var template = state.TemplateById(workspace.TemplateId)!;
                        // Without advanced template scheduling, users may always set their own TTL.
                        var ttl = TemplateSchedules.UserSettings(template, license).Autostop ? workspace.TtlMs ?? 0 : template.DefaultTtlMs;
                        if (ttl > 0) build.Deadline = now.AddMilliseconds(ttl);
                        break;
                    case "stop":
                        if (!build.Orphan) job.Resources.AddRange(Resources(declaration.Resources.Where(r => r.Persistent), job.Id, "stop", now, agentsConnectAt: null));
                        build.DailyCost = job.Resources.Sum(r => r.DailyCost);
                        break;
                    case "delete":
                        workspace.Deleted = true;
                        break;
                }
                // completeWorkspaceBuildJob computes the next autostart again (keeping the old one when the schedule
                // never fires on an allowed day); the workspaces table's trigger nulls it while the workspace is dormant.
                if (workspace.AutostartSchedule is { } schedule &&
                    TemplateSchedules.NextStart(schedule, state.TemplateById(workspace.TemplateId)!, license, now) is { } next)
                {
                    workspace.NextStartAt = workspace.DormantAt is null ? next : null;
                }
                build.UpdatedAt = now;
                break;
            }
        }
    }

    private static IEnumerable<ResourceRow> Resources(IEnumerable<ResourceDeclaration> declared, Guid jobId, string transition, DateTimeOffset now, DateTimeOffset? agentsConnectAt)
    {
        foreach (var resource in declared)
        {
            var id = Guid.NewGuid();
            // Agents only run while a workspace is started.
            var agents = transition != "start"
                ? []
                : resource.Agents.Select(a => new AgentRow
                {
                    Id = Guid.NewGuid(),
                    ResourceId = id,
                    Name = a.Name,
                    CreatedAt = now,
                    UpdatedAt = now,
                    OperatingSystem = a.OperatingSystem,
                    Architecture = a.Architecture,
                    Directory = a.Directory,
                    EnvironmentVariables = new Dictionary<string, string>(a.Environment, StringComparer.Ordinal),
                    ConnectedAt = agentsConnectAt,
                }).ToList();
            yield return new ResourceRow
            {
                Id = id,
                JobId = jobId,
                CreatedAt = now,
                Transition = transition,
                Type = resource.Type,
                Name = resource.Name,
                Hide = resource.Hide,
                Icon = resource.Icon,
                DailyCost = resource.DailyCost,
                Metadata = resource.Metadata.ToList(),
                Agents = agents,
            };
        }
    }
}

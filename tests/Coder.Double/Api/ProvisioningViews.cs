using Coder.Double.Control;
using Coder.Double.Declaration;
using Coder.Double.Jobs;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>Provisioning rows to codersdk shapes (coderd's convert* functions). Callers hold the state lock.</summary>
public static class ProvisioningViews
{
    private static readonly string[] WeekDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>codersdk.BitmapToWeekdays: bit 0 is Monday.</summary>
    public static List<string> Weekdays(int bitmap) => WeekDays.Where((_, i) => (bitmap & (1 << i)) != 0).ToList();

    /// <summary>codersdk.WeekdaysToBitmap, with its error text.</summary>
    public static (int Bitmap, string? Error) Bitmap(IEnumerable<string> days)
    {
        var bitmap = 0;
        foreach (var day in days)
        {
            var index = Array.IndexOf(WeekDays, day.ToLowerInvariant());
            if (index < 0) return (0, $"invalid weekday {ParameterRules.GoQuote(day)}");
            bitmap |= 1 << index;
        }
        return (bitmap, null);
    }

    /// <summary>db2sdk.MatchedProvisioners over the given daemons, as seen at <paramref name="now"/>.</summary>
    public static MatchedProvisioners Matched(IEnumerable<ProvisionerDaemonRow> daemons, DateTimeOffset now)
    {
        var (count, available, mostRecentlySeen) = DoubleState.Matched(daemons, now);
        return new MatchedProvisioners(count, available, mostRecentlySeen);
    }

    /// <summary>
    /// convertProvisionerJob. <paramref name="justCreated"/>: a create response, which coderd answers with the job it
    /// inserted and queue 0 of 0; reads report the live queue. <paramref name="withMetadata"/>: GET
    /// …/provisionerjobs/{job}, which ranks the job among all pending jobs and adds the worker's name, the daemons
    /// that could take it and what it belongs to.
    /// </summary>
    public static ProvisionerJob Job(DoubleState state, ProvisionerJobRow job, bool withMetadata = false, bool justCreated = false)
    {
        var (position, size) = justCreated ? (0, 0)
            : withMetadata ? state.QueueAmongAllPending(job)
            : state.QueueAmongMatchingDaemons(job, state.Now());
        var input = job.Type == JobKinds.Build
            ? new ProvisionerJobInput(null, job.WorkspaceBuildId)
            : new ProvisionerJobInput(job.TemplateVersionId, null);
        List<Guid>? availableWorkers = null;
        string? workerName = null;
        if (withMetadata)
        {
            // The query lists every eligible daemon of a job not yet started (array_agg: null when none).
            if (job.StartedAt is null && state.EligibleDaemons(job) is { Count: > 0 } eligible) availableWorkers = eligible.Select(d => d.Id).ToList();
            workerName = job.WorkerId is { } workerId ? Convert.OmitEmpty(state.DaemonById(workerId)?.Name ?? "") : null;
        }
        return new ProvisionerJob(
            job.Id, job.CreatedAt, job.StartedAt, job.CompletedAt, job.CanceledAt,
            Convert.OmitEmpty(job.Error), Convert.OmitEmpty(job.ErrorCode), job.Status,
            job.WorkerId, workerName,
            job.FileId, job.Tags, position, size, job.OrganizationId, job.InitiatorId, input, job.Type,
            availableWorkers,
            withMetadata ? Metadata(state, job) : ProvisionerJobMetadata.Empty,
            LogsOverflowed: false);
    }

    private static ProvisionerJobMetadata Metadata(DoubleState state, ProvisionerJobRow job)
    {
        WorkspaceBuildRow? build = job.WorkspaceBuildId is { } buildId ? state.WorkspaceBuildById(buildId) : null;
        var version = state.TemplateVersionById(build?.TemplateVersionId ?? job.TemplateVersionId ?? Guid.Empty);
        var template = version?.TemplateId is { } templateId ? state.TemplateById(templateId) : null;
        var workspace = build is null ? null : state.WorkspaceById(build.WorkspaceId);
        return new ProvisionerJobMetadata(
            version?.Name ?? "", template?.Id ?? Guid.Empty, template?.Name ?? "", template?.DisplayName ?? "", template?.Icon ?? "",
            workspace?.Id, workspace is null ? null : Convert.OmitEmpty(workspace.Name), build?.Transition);
    }

    public static ProvisionerJobLog Log(JobLogRow log) => new(log.Id, log.CreatedAt, log.Source, log.Level, log.Stage, log.Output);

    public static MinimalUser UserOf(DoubleState state, Guid id) =>
        state.UserByIdIncludingDeleted(id) is { } user
            ? new MinimalUser(user.Id, user.Username, Convert.OmitEmpty(user.Name), Convert.OmitEmpty(user.AvatarUrl))
            : new MinimalUser(id, "", null, null);

    /// <summary>convertTemplateVersion, for the handler's kind of answer.</summary>
    public static TemplateVersion TemplateVersion(DoubleState state, TemplateVersionRow version, VersionAnswer answer)
    {
        var job = state.JobOf(version);
        // GetProvisionerDaemonsByOrganization with the job's tags: on create as of the job's creation, on reads only
        // while the job is pending, and never in lists.
        MatchedProvisioners? matched = answer switch
        {
            VersionAnswer.Created => Matched(state.DaemonsMatching(job.OrganizationId, job.Tags), job.CreatedAt),
            VersionAnswer.Read when job.Status == "pending" => Matched(state.DaemonsMatching(job.OrganizationId, job.Tags), state.Now()),
            _ => null,
        };
        return new TemplateVersion(
            version.Id, version.TemplateId ?? Guid.Empty, version.OrganizationId, version.CreatedAt, version.UpdatedAt,
            version.Name, version.Message, Job(state, job, justCreated: answer == VersionAnswer.Created), version.Readme,
            UserOf(state, version.CreatedBy), version.Archived, Warnings: null, matched, HasExternalAgent: false);
    }

    public static TemplateVersionParameter Parameter(ParameterDeclaration p) => new(
        p.Name, Convert.OmitEmpty(p.DisplayName), p.Description, p.Description, p.Type, p.FormType, p.Mutable, p.DefaultValue ?? "",
        p.Icon, p.Options.Select(o => new TemplateVersionParameterOption(o.Name, o.Description, o.Value, o.Icon)).ToList(),
        p.Validation is { Error.Length: > 0 } ? p.Validation.Error : null,
        p.Validation is { Regex.Length: > 0 } ? p.Validation.Regex : null,
        p.Validation?.Min, p.Validation?.Max,
        p.Validation is { Monotonic.Length: > 0 } ? p.Validation.Monotonic : null,
        p.Required, p.Ephemeral);

    public static TemplateVersionVariable Variable(VariableDeclaration v, string value)
    {
        const string redacted = "*redacted*";
        return new TemplateVersionVariable(v.Name, v.Description, v.Type, v.Sensitive ? redacted : value,
            v.Sensitive ? redacted : v.DefaultValue ?? "", v.Required, v.Sensitive);
    }

    public static Template Template(DoubleState state, TemplateRow template, LicenseSettings license)
    {
        var organization = state.OrganizationById(template.OrganizationId)!;
        var stats = new Dictionary<string, TransitionStats>(StringComparer.Ordinal)
        {
            ["start"] = new(null, null),
            ["stop"] = new(null, null),
            ["delete"] = new(null, null),
        };
        return new Template(
            template.Id, template.CreatedAt, template.UpdatedAt, template.OrganizationId, organization.Name, organization.DisplayName,
            organization.Icon, template.Name, template.DisplayName, template.Provisioner, template.ActiveVersionId,
            state.TemplateOwnerCount(template.Id), stats, template.Description, template.Deprecated.Length > 0, template.Deprecated,
            template.Deleted, template.Icon, template.DefaultTtlMs, template.ActivityBumpMs, template.TimeTilAutostopNotifyMs,
            new TemplateAutostopRequirement(Weekdays(template.AutostopRequirementDays), Math.Max(1, template.AutostopRequirementWeeks)),
            new TemplateAutostartRequirement(Weekdays(template.AutostartAllowedDays)),
            template.CreatedBy, UserOf(state, template.CreatedBy).Username,
            template.AllowUserAutostart, template.AllowUserAutostop, template.AllowUserCancelWorkspaceJobs,
            template.FailureTtlMs, template.TimeTilDormantMs, template.TimeTilDormantAutoDeleteMs,
            // The access-control and port-sharing stores report these only with their licensed features.
            license.IsEnabled("access_control") && template.RequireActiveVersion,
            license.IsEnabled("control_shared_ports") ? template.MaxPortSharingLevel : "public",
            template.CorsBehavior, template.UseClassicParameterFlow, template.AgentsAllowed, template.DisableModuleCache);
    }

    public static WorkspaceResource Resource(ResourceRow resource)
    {
        var agents = resource.Agents.Select(a => Agent(a)).ToList();
        var metadata = resource.Metadata.Select(m => new WorkspaceResourceMetadata(m.Key, m.Value, m.Sensitive)).ToList();
        return new WorkspaceResource(resource.Id, resource.CreatedAt, resource.JobId, resource.Transition, resource.Type, resource.Name,
            resource.Hide, resource.Icon, agents.Count == 0 ? null : agents, metadata.Count == 0 ? null : metadata, resource.DailyCost);
    }

    /// <summary>Resources in coderd's order (by name; the double's agents have no display order).</summary>
    public static List<WorkspaceResource> Resources(IEnumerable<ResourceRow> resources) =>
        resources.OrderBy(r => r.Name, StringComparer.Ordinal).Select(Resource).ToList();

    private static WorkspaceAgent Agent(AgentRow agent)
    {
        var connected = agent.ConnectedAt;
        return new WorkspaceAgent(
            agent.Id, ParentId: null, agent.CreatedAt, agent.UpdatedAt, connected, connected, connected, connected,
            connected is null ? "connecting" : "connected", connected is null ? "created" : "ready",
            agent.Name, agent.ResourceId, agent.Architecture, agent.EnvironmentVariables, agent.OperatingSystem,
            LogsLength: 0, LogsOverflowed: false, Convert.OmitEmpty(agent.Directory), Convert.OmitEmpty(agent.Directory),
            connected is null ? "" : GeneralApi.Version, connected is null ? "" : "2.11",
            [], ConnectionTimeoutSeconds: 120, "https://coder.com/docs/admin/templates/troubleshooting", [],
            connected is null ? new WorkspaceAgentHealth(false, "agent has not yet connected") : new WorkspaceAgentHealth(true, null),
            ["vscode", "vscode_insiders", "web_terminal", "ssh_helper", "port_forwarding_helper"], [], [], "non-blocking");
    }

    /// <summary>codersdk.ConvertWorkspaceStatus.</summary>
    public static string WorkspaceStatus(string jobStatus, string transition) => jobStatus switch
    {
        "pending" => "pending",
        "running" => transition switch { "stop" => "stopping", "delete" => "deleting", _ => "starting" },
        "succeeded" => transition switch { "stop" => "stopped", "delete" => "deleted", _ => "running" },
        "canceling" => "canceling",
        "canceled" => "canceled",
        _ => "failed",
    };

    /// <param name="justCreated">coderd's create responses leave out resources and the version name, and report queue 0 of 0.</param>
    public static WorkspaceBuild Build(DoubleState state, WorkspaceBuildRow build, bool justCreated = false)
    {
        var workspace = state.WorkspaceById(build.WorkspaceId)!;
        var owner = state.UserByIdIncludingDeleted(workspace.OwnerId);
        var job = state.JobOf(build);
        var versionName = justCreated ? "" : state.TemplateVersionById(build.TemplateVersionId)?.Name ?? "";
        // convertWorkspaceBuild: the eligible daemons of a pending job (none otherwise), as of the job's creation.
        var matched = Matched(job.Status == "pending" ? state.EligibleDaemons(job) : [], job.CreatedAt);
        return new WorkspaceBuild(
            build.Id, build.CreatedAt, build.UpdatedAt, build.WorkspaceId, workspace.Name, workspace.OwnerId, owner?.Username ?? "",
            Convert.OmitEmpty(owner?.AvatarUrl ?? ""), build.TemplateVersionId, versionName, build.BuildNumber, build.Transition,
            build.InitiatorId, state.UserByIdIncludingDeleted(build.InitiatorId)?.Username ?? "", Job(state, job, justCreated: justCreated), build.Reason,
            justCreated ? [] : Resources(job.Resources), build.Deadline, build.MaxDeadline, WorkspaceStatus(job.Status, build.Transition),
            build.DailyCost, matched, TemplateVersionPresetId: null);
    }

    public static Workspace Workspace(DoubleState state, WorkspaceRow workspace, Guid requesterId, bool allowRenames, WorkspaceBuildRow? createdBuild = null)
    {
        var owner = state.UserByIdIncludingDeleted(workspace.OwnerId);
        var organization = state.OrganizationById(workspace.OrganizationId)!;
        var template = state.TemplateById(workspace.TemplateId)!;
        var latest = createdBuild is null ? Build(state, state.LatestBuild(workspace.Id)!) : Build(state, createdBuild, justCreated: true);
        var failing = latest.Resources.SelectMany(r => r.Agents ?? []).Where(a => !a.Health.Healthy).Select(a => a.Id).ToList();
        // A template that does not let users set their own TTL reports its default instead.
        var ttl = template.AllowUserAutostop ? workspace.TtlMs : template.DefaultTtlMs;
        return new Workspace(
            workspace.Id, workspace.CreatedAt, workspace.UpdatedAt, workspace.OwnerId, owner?.Username ?? "", owner?.AvatarUrl ?? "",
            workspace.OrganizationId, organization.Name, template.Id, template.Name, template.DisplayName, template.Icon,
            template.AllowUserCancelWorkspaceJobs, template.ActiveVersionId, template.RequireActiveVersion, template.UseClassicParameterFlow,
            latest, LatestAppStatus: null, latest.TemplateVersionId != template.ActiveVersionId, workspace.Name, workspace.AutostartSchedule,
            ttl, workspace.LastUsedAt, workspace.DeletingAt, workspace.DormantAt, new WorkspaceHealth(failing.Count == 0, failing),
            workspace.AutomaticUpdates, allowRenames, workspace.OwnerId == requesterId && workspace.Favorite, workspace.NextStartAt,
            IsPrebuild: false, TaskId: null);
    }
}

/// <summary>Which coderd handler answers with a template version: it decides matched_provisioners and the queue.</summary>
public enum VersionAnswer
{
    /// <summary>postTemplateVersionsByOrganization: matched provisioners as of the job's creation, queue 0 of 0.</summary>
    Created,

    /// <summary>templateVersion, patchTemplateVersion, templateVersionByName…: matched provisioners while pending.</summary>
    Read,

    /// <summary>templateVersionsByTemplate: no matched provisioners.</summary>
    Listed,
}

using System.ComponentModel;
using Coder.Client.Errors;
using Coder.Client.Jobs;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Provisioning;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Resources;

[PulumiType("WorkspaceBuildInfo")]
[Description("A build of a workspace: the provisioner run that started, stopped or deleted it.")]
public sealed record WorkspaceBuildState
{
    [Description("The build's id.")] public string Id { get; init; } = "";
    [Description("The build's number, counting from 1 for the workspace's first build.")] public long BuildNumber { get; init; }
    [Description("`start`, `stop` or `delete`.")] public string Transition { get; init; } = "";
    [Description("The workspace's status as of this build: `pending`, `starting`, `running`, `stopping`, `stopped`, " +
        "`failed`, `canceling`, `canceled`, `deleting` or `deleted`.")] public string Status { get; init; } = "";
    [Description("The template version the build used.")] public string TemplateVersionId { get; init; } = "";
    [Description("Why the build ran: `initiator` (a person or this provider), `autostart`, `autostop`, ….")] public string Reason { get; init; } = "";
    [Description("When the build was created (RFC 3339).")] public string CreatedAt { get; init; } = "";
}

[PulumiType("WorkspaceAgentInfo")]
[Description("An agent of a workspace resource: the process that connects the machine to Coder.")]
public sealed record WorkspaceAgentState
{
    [Description("The agent's name.")] public string Name { get; init; } = "";
    [Description("Its operating system (`linux`, `darwin`, `windows`).")] public string OperatingSystem { get; init; } = "";
    [Description("Its architecture (`amd64`, `arm64`).")] public string Architecture { get; init; } = "";
    [Description("`connecting`, `connected`, `disconnected` or `timeout`.")] public string Status { get; init; } = "";
}

[PulumiType("WorkspaceResourceInfo")]
[Description("A Terraform resource a workspace build made.")]
public sealed record WorkspaceResourceState
{
    [Description("The resource's name in the template.")] public string Name { get; init; } = "";
    [Description("Its Terraform type, e.g. `docker_container`.")] public string Type { get; init; } = "";
    [Description("The agents running in it.")] public IReadOnlyList<WorkspaceAgentState> Agents { get; init; } = [];
}

public record WorkspaceArgs
{
    [Description("The workspace's owner: a user's id or username (for example `ada.Id` or `ada.Username`); the " +
        "token's user when unset. Changing it replaces the workspace.")]
    [AlwaysOutput, ReplaceOnChanges, UserReference, UniqueKey]
    public string? Owner { get; init; }

    [Description("The workspace's name, unique among its owner's workspaces: 1 to 32 letters or digits with single " +
        "hyphens. Renaming is an update, which needs coderd's `--allow-workspace-renames`.")]
    [CoderName, UniqueKey]
    public string Name { get; init; } = "";

    [Description("The template to build the workspace from, at its active version when the workspace is created. " +
        "Later versions do not rebuild the workspace by themselves (see `outdated`). Set this or `templateVersionId`, " +
        "not both; as an output, the workspace's template. A change of template replaces the workspace.")]
    [AlwaysOutput, ReplaceOnChanges, Uuid]
    public string? TemplateId { get; init; }

    [Description("Pins the workspace to this template version: a change builds the workspace on the new version " +
        "(a version of another template replaces it). Set this or `templateId`, not both; as an output, the version " +
        "the latest build used.")]
    [AlwaysOutput, Uuid]
    public string? TemplateVersionId { get; init; }

    [Description("Values of the template's parameters, by name, as Coder takes them (numbers, booleans and lists as " +
        "strings; a list as a JSON array). Checked against the template version's parameters before anything is " +
        "built. Changing a mutable parameter starts one build; changing an immutable one replaces the workspace. " +
        "Only the names set here are managed: parameters left to their defaults, or no longer set, keep Coder's values " +
        "(the `parameters` output shows every value of the latest build).")]
    [AlwaysOutput, PartialMap, ReplaceOnChangesOfKeysIn(nameof(ImmutableParameters))]
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    [Description("`running` (the default) or `stopped`. A change is a start or stop build. As an output, when the " +
        "latest build did not succeed, its status (`failed`, `canceled`): the next update builds again.")]
    [DefaultValue("running"), OneOf("running", "stopped"), AppliedAfterCreate]
    public string State { get; init; } = "running";

    [Description("How long the workspace runs after it starts before Coder stops it, in milliseconds: whole minutes, " +
        "up to 30 days; 0 turns autostop off. Unset, the template's default applies (as an output, 0 means the " +
        "workspace has no autostop).")]
    [AlwaysOutput, WorkspaceTtl]
    public long? TtlMs { get; init; }

    [Description("When Coder starts the workspace: `CRON_TZ=<zone> <minute> <hour> * * <days-of-week>`, for example " +
        "`CRON_TZ=Europe/Berlin 30 8 * * 1-5`; empty turns autostart off.")]
    [AlwaysOutput, AutostartSchedule]
    public string? AutostartSchedule { get; init; }

    [Description("`always` (the workspace moves to the template's active version whenever it starts) or `never`.")]
    [AlwaysOutput, OneOf("always", "never")]
    public string? AutomaticUpdates { get; init; }

    [Description("Whether the workspace is dormant: it cannot be started, and the template's dormancy rules may " +
        "delete it.")]
    [DefaultValue(false), AppliedAfterCreate]
    public bool Dormant { get; init; }

    [Description("The template version the next build uses, whose parameters Check validates `parameters` against: " +
        "the pinned version, else the version the workspace was built on (the template's active version for a new " +
        "workspace).")]
    [Derived]
    public string? BuildVersionId { get; init; }

    [Description("The parameters that version declares immutable: changing one of them replaces the workspace.")]
    [Derived]
    public IReadOnlyList<string>? ImmutableParameters { get; init; }
}

public sealed record WorkspaceState : WorkspaceArgs
{
    [Description("The id of the workspace's organization (its template's).")]
    public string OrganizationId { get; init; } = "";

    [Description("The owner's user id.")]
    public string OwnerId { get; init; } = "";

    [Description("The latest build.")]
    public WorkspaceBuildState LatestBuild { get; init; } = new();

    [Description("Whether the template's active version is newer than the one the workspace was built on. Roll " +
        "forward with `automaticUpdates: always` (at the next start) or by pinning `templateVersionId`.")]
    public bool Outdated { get; init; }

    [Description("The Terraform resources the latest build made, with their agents.")]
    public IReadOnlyList<WorkspaceResourceState> Resources { get; init; } = [];

    [Description("The workspace's daily cost in the template's quota units.")]
    public long DailyCost { get; init; }

    [Description("When Coder stops the running workspace (RFC 3339); empty when it does not.")]
    public string Deadline { get; init; } = "";

    [Description("When Coder next starts the workspace by its schedule (RFC 3339); empty when it does not.")]
    public string NextStartAt { get; init; } = "";
}

[PulumiType("Workspace")]
[Description("A workspace, built from a template (at its active version, or pinned to a version) with the given " +
    "parameters, and kept running or stopped. Each change is made the cheapest way Coder allows: a changed parameter " +
    "or version is one build; state is a start or stop build; schedule, TTL, automatic updates, dormancy and the name " +
    "change without a build; an immutable parameter or another template or owner replaces the workspace. Every build " +
    "streams its log to the engine, is bounded by the resource's customTimeouts and is cancelled on Coder when the " +
    "update is. A first build that fails is rolled back (the workspace is deleted again) and its error carries the " +
    "build's log.\n\nDeleting it runs a delete build and waits for it; when that fails the workspace stays in the " +
    "stack.\n\nImport with the workspace's id or `<owner>/<workspace-name>`.")]
public sealed class WorkspaceResource : CustomResource<WorkspaceArgs, WorkspaceState>
{
    /// <summary>How long a preview waits for Coder's dry run before it goes on without it.</summary>
    internal static readonly TimeSpan DryRunBound = TimeSpan.FromSeconds(5);

    /// <summary>A rollback deletes a workspace with a build, which runs Terraform: longer than other rollbacks.</summary>
    private static readonly TimeSpan RollbackTimeout = TimeSpan.FromMinutes(5);

    public override string DeleteBeforeReplaceWarning =>
        "Coder allows one workspace per owner and name, so the old workspace is deleted (a delete build) before the new " +
        "one is built: what is not on the template's persistent storage is lost, and the workspace is unavailable until " +
        "the new build finishes. To build the new one first, give it another name in the same update.";

    protected override IEnumerable<CheckFailure> Validate(Mapped<WorkspaceArgs> inputs, CheckContext context)
    {
        var args = inputs.Value;
        var template = args.TemplateId is not null || inputs.Unknown.Contains("templateId");
        var version = args.TemplateVersionId is not null || inputs.Unknown.Contains("templateVersionId");
        if (!template && !version)
        {
            yield return new CheckFailure("templateId", "templateId: set the template to build the workspace from " +
                "(templateId), or a template version to pin it to (templateVersionId).");
        }
        if (template && version)
        {
            yield return new CheckFailure("templateVersionId", "templateVersionId: set either templateId (the workspace is " +
                "built from the template's active version and stays on it until you roll it forward) or templateVersionId " +
                "(it is pinned to that version, whose template it belongs to), not both.");
        }
    }

    protected override async Task<WorkspaceArgs> DeriveAsync(Mapped<WorkspaceArgs> inputs, CheckContext context, CancellationToken ct)
    {
        var args = inputs.Value;
        if (context.Session is not { } session || inputs.Unknown.Contains("templateId") || inputs.Unknown.Contains("templateVersionId"))
            return args;
        var client = session.Client;
        Guid versionId;
        var templateId = args.TemplateId;
        if (args.TemplateVersionId is { } pinned)
        {
            versionId = Guid.Parse(pinned);
            var version = await CoderCalls.OrNullIfGoneAsync(() => client.TemplateVersions.GetAsync(versionId, ct))
                ?? throw new DerivationException("templateVersionId", $"templateVersionId: Coder has no template version {pinned}. " +
                    "Use the id of an existing version (a TemplateVersion's `id`, or getTemplate's `activeVersionId`).");
            if (version.TemplateId is not { } owning)
                throw new DerivationException("templateVersionId", $"templateVersionId: version {pinned} belongs to no template; " +
                    "a workspace is built from a version of a template.");
            templateId = owning.ToString();
        }
        else if (context.Old<WorkspaceArgs>() is { BuildVersionId: { } built } old && !context.IsCreate && old.TemplateId == templateId
            && args.AutomaticUpdates != "always")
        {
            // Not pinned: the workspace keeps the version it was built on until something rolls it forward (with
            // automatic updates on, every start build moves to the active version, which is then what Check uses).
            versionId = Guid.Parse(built);
        }
        else
        {
            var template = await CoderCalls.OrNullIfGoneAsync(() => client.Templates.GetAsync(Guid.Parse(templateId!), ct))
                ?? throw new DerivationException("templateId", $"templateId: Coder has no template {templateId}. Use the id " +
                    "of an existing template (a Template's `id`, or getTemplate's `id`).");
            versionId = template.ActiveVersionId;
        }
        var declared = await session.TemplateVersionParametersAsync(versionId, ct);
        return args with
        {
            TemplateId = templateId,
            BuildVersionId = versionId.ToString(),
            ImmutableParameters = ImmutableNames(declared),
        };
    }

    protected override async Task<IEnumerable<CheckFailure>> ValidateCheckedAsync(Mapped<WorkspaceArgs> inputs, CheckContext context, CancellationToken ct)
    {
        var args = inputs.Value;
        if (context.Session is not { } session || args.BuildVersionId is not { } versionId) return [];
        var declared = await session.TemplateVersionParametersAsync(Guid.Parse(versionId), ct);
        var old = context.IsCreate ? null : context.Old<WorkspaceArgs>();
        var previouslyDeclared = old?.BuildVersionId is { } builtOn
            ? (await session.TemplateVersionParametersAsync(Guid.Parse(builtOn), ct)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : null;
        var values = args.Parameters ?? new Dictionary<string, string>();
        // A secret map hides every value: which entry was secret is not kept apart.
        var secret = inputs.Secret.Contains("parameters") ? values.Keys.ToHashSet() : new HashSet<string>();
        return WorkspaceParameterRules.Check(declared, values, old?.Parameters, versionId, secret.Contains, previouslyDeclared);
    }

    protected override async Task<ResourceResult<WorkspaceState>> CreateAsync(WorkspaceArgs inputs, ResourceContext context, CancellationToken ct)
    {
        var client = context.Session.Client;
        var owner = inputs.Owner ?? "me";
        await context.ReportProgressAsync($"creating workspace {inputs.Name}");
        var created = await client.Workspaces.CreateAsync(owner, new CreateWorkspaceRequest
        {
            Name = inputs.Name,
            TemplateId = inputs.TemplateVersionId is null ? Guid.Parse(inputs.TemplateId!) : null,
            TemplateVersionId = inputs.TemplateVersionId is { } pinned ? Guid.Parse(pinned) : null,
            RichParameterValues = ParameterValues(inputs.Parameters),
            // coderd takes 0 at create as "the template's default": autostop is turned off after the build.
            TtlMs = inputs.TtlMs is > 0 ? inputs.TtlMs : null,
            AutostartSchedule = string.IsNullOrEmpty(inputs.AutostartSchedule) ? null : inputs.AutostartSchedule,
            AutomaticUpdates = inputs.AutomaticUpdates,
        }, ct);
        var workspace = await PartialCreate.FinishOrRollBackAsync(context, "coder:index:Workspace",
            $"workspace \"{created.OwnerName}/{created.Name}\"", created.Id.ToString(),
            async () =>
            {
                var built = await WaitForBuildAsync(context, created.LatestBuild, ct);
                if (inputs.TtlMs == 0 && built.TtlMs is not null)
                {
                    await client.Workspaces.UpdateTtlAsync(built.Id, new UpdateWorkspaceTTLRequest { TtlMs = null }, ct);
                    built = await client.Workspaces.GetAsync(built.Id, cancellationToken: ct);
                }
                return await ConvergeStateAsync(context, built, inputs, ct);
            },
            rollbackCt => DeleteWithBuildAsync(context, created.Id, orphanWhenBuildFails: true, RollbackTimeout, rollbackCt),
            RollbackTimeout);
        return await ResultAsync(context, workspace, inputs.Owner, ct);
    }

    protected override async Task<ResourceResult<WorkspaceState>?> FindExistingAsync(WorkspaceArgs inputs, ResourceContext context, CancellationToken ct)
    {
        var found = await CoderCalls.OrNullIfGoneAsync(() =>
            context.Session.Client.Workspaces.GetByOwnerAndNameAsync(inputs.Owner ?? "me", inputs.Name, cancellationToken: ct), unknownUserMeansGone: true);
        if (found is null) return null;
        // The found workspace's first build may still run: it is what the lost create started.
        found = await WaitForActiveBuildAsync(context, found, ct);
        return await ResultAsync(context, found, inputs.Owner, ct);
    }

    protected override async Task<ResourceResult<WorkspaceState>?> ReadAsync(string id, WorkspaceState? current, ResourceContext context, CancellationToken ct)
    {
        var workspaces = context.Session.Client.Workspaces;
        var found = await new ImportIds("workspace", "<owner>/<workspace-name>, such as ada/dev").ReadAsync(id,
            workspaceId => CoderCalls.OrNullIfGoneAsync(() => workspaces.GetAsync(workspaceId, cancellationToken: ct)),
            (owner, name) => CoderCalls.OrNullIfGoneAsync(() => workspaces.GetByOwnerAndNameAsync(owner, name, cancellationToken: ct), unknownUserMeansGone: true),
            (owner, name) => $"user \"{owner}\" has no workspace \"{name}\" to import.");
        if (found is null || IsDeleted(found)) return null;
        return await ResultAsync(context, found, current?.Owner, ct);
    }

    protected override async Task<WorkspaceState> UpdateAsync(string id, Change<WorkspaceArgs, WorkspaceState> change, ResourceContext context, CancellationToken ct)
    {
        var client = context.Session.Client;
        var inputs = change.NewInputs;
        var workspace = await WaitForActiveBuildAsync(context, await client.Workspaces.GetAsync(Guid.Parse(id), cancellationToken: ct), ct);

        if (inputs.Name != workspace.Name) await RenameAsync(context, workspace, inputs.Name, ct);
        if (inputs.TtlMs is { } ttl && ttl != (workspace.TtlMs ?? 0))
            await client.Workspaces.UpdateTtlAsync(workspace.Id, new UpdateWorkspaceTTLRequest { TtlMs = ttl > 0 ? ttl : null }, ct);
        if (inputs.AutostartSchedule is { } schedule && schedule != (workspace.AutostartSchedule ?? ""))
        {
            await client.Workspaces.UpdateAutostartAsync(workspace.Id,
                new UpdateWorkspaceAutostartRequest { Schedule = schedule.Length > 0 ? schedule : null }, ct);
        }
        if (inputs.AutomaticUpdates is { } updates && updates != workspace.AutomaticUpdates)
        {
            await client.Workspaces.UpdateAutomaticUpdatesAsync(workspace.Id,
                new UpdateWorkspaceAutomaticUpdatesRequest { AutomaticUpdates = updates }, ct);
        }
        // A dormant workspace cannot be built: it wakes before any build and sleeps after them.
        if (!inputs.Dormant && workspace.DormantAt is not null) await SetDormantAsync(context, workspace.Id, false, ct);

        workspace = await client.Workspaces.GetAsync(workspace.Id, cancellationToken: ct);
        var current = await client.WorkspaceBuilds.GetParametersAsync(workspace.LatestBuild.Id, ct);
        var ephemeral = (await context.Session.TemplateVersionParametersAsync(workspace.LatestBuild.TemplateVersionId, ct))
            .Where(p => p.Ephemeral).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        // A value differs from the build's; an ephemeral one (never kept by Coder) only when the program changed it.
        var changedParameters = (inputs.Parameters ?? new Dictionary<string, string>())
            .Where(p => ephemeral.Contains(p.Key)
                ? change.OldInputs.Parameters?.GetValueOrDefault(p.Key) != p.Value
                : current.FirstOrDefault(c => c.Name == p.Key)?.Value != p.Value)
            .ToDictionary();
        var newVersion = inputs.TemplateVersionId is { } pinned && Guid.Parse(pinned) != workspace.LatestBuild.TemplateVersionId
            ? Guid.Parse(pinned) : (Guid?)null;
        if (changedParameters.Count > 0 || newVersion is not null)
        {
            var changes = string.Join(", ", changedParameters.Keys.Select(k => $"parameter {k}")
                .Concat(newVersion is { } v ? [$"template version {v}"] : []));
            workspace = await BuildAsync(context, workspace, WorkspaceTransition.Start, changes, ct,
                parameters: ParameterValues(changedParameters), version: newVersion ?? await RollForwardVersionAsync(context, workspace, inputs, ct));
        }
        workspace = await ConvergeStateAsync(context, workspace, inputs, ct);
        return (await ResultAsync(context, workspace, inputs.Owner, ct)).State;
    }

    protected override async Task DeleteAsync(string id, WorkspaceState state, ResourceContext context, CancellationToken ct) =>
        await DeleteWithBuildAsync(context, Guid.Parse(id), orphanWhenBuildFails: false, context.Timeout, ct);

    protected override async Task PreviewAsync(WorkspaceArgs inputs, WorkspaceState? old, ResourceContext context, CancellationToken ct)
    {
        if (inputs.BuildVersionId is not { } versionId) return;
        var wanted = inputs.Parameters ?? new Dictionary<string, string>();
        var rebuilds = old is null
            || inputs.TemplateVersionId is { } pinned && pinned != old.TemplateVersionId
            || wanted.Any(p => old.Parameters?.GetValueOrDefault(p.Key) != p.Value);
        if (!rebuilds) return;
        var values = (old?.Parameters ?? new Dictionary<string, string>()).Concat(wanted)
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        await WorkspaceDryRun.ShowAsync(context, Guid.Parse(versionId), inputs.Name, values, DryRunBound, ct);
    }

    /// <summary>Builds what the state and dormancy inputs ask for that the workspace is not: a start or stop build
    /// (also after a failed or cancelled build), then dormancy.</summary>
    private static async Task<Workspace> ConvergeStateAsync(ResourceContext context, Workspace workspace, WorkspaceArgs inputs, CancellationToken ct)
    {
        var wanted = inputs.State == "stopped" ? WorkspaceTransition.Stop : WorkspaceTransition.Start;
        if (StateOf(workspace.LatestBuild) != inputs.State)
        {
            workspace = await BuildAsync(context, workspace, wanted, $"state {inputs.State}", ct,
                version: wanted == WorkspaceTransition.Start ? await RollForwardVersionAsync(context, workspace, inputs, ct) : null);
        }
        if (inputs.Dormant && workspace.DormantAt is null)
        {
            await SetDormantAsync(context, workspace.Id, true, ct);
            workspace = await context.Session.Client.Workspaces.GetAsync(workspace.Id, cancellationToken: ct);
        }
        return workspace;
    }

    /// <summary>With automatic updates on, a start build moves to the template's active version, as Coder's own
    /// start does; otherwise it keeps the version the workspace has.</summary>
    private static async Task<Guid?> RollForwardVersionAsync(ResourceContext context, Workspace workspace, WorkspaceArgs inputs, CancellationToken ct)
    {
        if (inputs.TemplateVersionId is not null || workspace.AutomaticUpdates != "always") return null;
        var template = await context.Session.Client.Templates.GetAsync(workspace.TemplateId, ct);
        return template.ActiveVersionId;
    }

    /// <summary>Starts a build and waits for it; a failed build is an error with Coder's job error and log tail.</summary>
    private static async Task<Workspace> BuildAsync(ResourceContext context, Workspace workspace, string transition, string why,
        CancellationToken ct, IReadOnlyList<WorkspaceBuildParameter>? parameters = null, Guid? version = null)
    {
        await context.ReportProgressAsync($"{transition} build of workspace {workspace.Name} ({why})");
        var build = await context.Session.Client.Workspaces.CreateBuildAsync(workspace.Id, new CreateWorkspaceBuildRequest
        {
            Transition = transition,
            RichParameterValues = parameters,
            TemplateVersionId = version,
        }, ct);
        return await WaitForBuildAsync(context, build, ct);
    }

    private static async Task<Workspace> WaitForBuildAsync(ResourceContext context, WorkspaceBuild build, CancellationToken ct)
    {
        var client = context.Session.Client;
        await ProvisionerJobs.WaitAsync(context, ProvisionerJobSource.WorkspaceBuild(client, build.Id), context.Timeout, ct);
        return await client.Workspaces.GetAsync(build.WorkspaceId, cancellationToken: ct);
    }

    /// <summary>Waits for a build someone else started (Coder allows one at a time), whatever its outcome.</summary>
    private static async Task<Workspace> WaitForActiveBuildAsync(ResourceContext context, Workspace workspace, CancellationToken ct)
    {
        if (ProvisionerJobStatus.IsCompleted(workspace.LatestBuild.Job.Status)) return workspace;
        try
        {
            return await WaitForBuildAsync(context, workspace.LatestBuild, ct);
        }
        catch (ProvisionerJobFailedException)
        {
            return await context.Session.Client.Workspaces.GetAsync(workspace.Id, cancellationToken: ct);
        }
    }

    /// <summary>A delete build, waited for; a workspace already gone counts as deleted. When the build fails the
    /// workspace stays, unless <paramref name="orphanWhenBuildFails"/>: then Coder forgets it without running
    /// Terraform (what a rollback needs, so that nothing is left under the program's name).</summary>
    private static async Task DeleteWithBuildAsync(ResourceContext context, Guid workspaceId, bool orphanWhenBuildFails, TimeSpan timeout, CancellationToken ct)
    {
        var client = context.Session.Client;
        var workspace = await CoderCalls.OrNullIfGoneAsync(() => client.Workspaces.GetAsync(workspaceId, cancellationToken: ct));
        if (workspace is null) return;
        try
        {
            workspace = await WaitForActiveBuildAsync(context, workspace, ct);
        }
        catch (CoderApiException e) when (e.IsNotFound)
        {
            // The build it waited for was a delete (one whose answer an earlier try lost): the workspace is gone.
            return;
        }
        if (IsDeleted(workspace)) return;
        await context.ReportProgressAsync($"delete build of workspace {workspace.Name}");
        var build = await client.Workspaces.CreateBuildAsync(workspaceId, new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Delete }, ct);
        try
        {
            await ProvisionerJobs.WaitAsync(context, ProvisionerJobSource.WorkspaceBuild(client, build.Id), timeout, ct);
        }
        catch (ProvisionerJobFailedException failure) when (orphanWhenBuildFails)
        {
            await context.WarnAsync($"the delete build of workspace {workspace.Name} failed ({failure.JobError}); deleting it " +
                "from Coder without running Terraform (orphan), so resources the template made may be left to clean up by hand.");
            var orphan = await client.Workspaces.CreateBuildAsync(workspaceId,
                new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Delete, Orphan = true }, ct);
            await ProvisionerJobs.WaitAsync(context, ProvisionerJobSource.WorkspaceBuild(client, orphan.Id), timeout, ct);
        }
        catch (ProvisionerJobFailedException failure)
        {
            throw new ProviderException($"{failure.Message}\nThe workspace {workspace.OwnerName}/{workspace.Name} is kept (and " +
                "stays in the stack). Fix the cause (often a resource the template cannot destroy), then run the destroy " +
                "again; or delete it in Coder with `coder delete --orphan` and remove it from the stack with `pulumi state delete`.", failure);
        }
    }

    private static async Task RenameAsync(ResourceContext context, Workspace workspace, string name, CancellationToken ct)
    {
        try
        {
            await context.Session.Client.Workspaces.UpdateAsync(workspace.Id, new UpdateWorkspaceRequest { Name = name }, ct);
        }
        catch (CoderApiException e) when (e.Kind == CoderErrorKind.Validation && e.CoderMessage?.Contains("rename", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new ProviderException($"name: renaming workspace {workspace.OwnerName}/{workspace.Name} to \"{name}\" was " +
                $"refused: {e.CoderMessage} Coder renames workspaces only when coderd runs with --allow-workspace-renames " +
                "(CODER_ALLOW_WORKSPACE_RENAMES). Turn it on, or replace the workspace instead: add `name` to the resource's " +
                "`replaceOnChanges` option (the workspace is then deleted and built again under the new name).", e);
        }
    }

    private static async Task SetDormantAsync(ResourceContext context, Guid workspaceId, bool dormant, CancellationToken ct)
    {
        await context.ReportProgressAsync(dormant ? "marking the workspace dormant" : "waking the dormant workspace");
        await context.Session.Client.Workspaces.UpdateDormancyAsync(workspaceId, new UpdateWorkspaceDormancy { Dormant = dormant }, ct);
    }

    private static IReadOnlyList<WorkspaceBuildParameter>? ParameterValues(IReadOnlyDictionary<string, string>? parameters) =>
        parameters is null || parameters.Count == 0 ? null
            : [.. parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new WorkspaceBuildParameter { Name = p.Key, Value = p.Value })];

    /// <summary>A workspace whose delete build succeeded is gone, even where Coder still answers for it.</summary>
    internal static bool IsDeleted(Workspace workspace) =>
        workspace.LatestBuild is { Transition: WorkspaceTransition.Delete, Job.Status: ProvisionerJobStatus.Succeeded };

    /// <summary>The parameters a version declares immutable, in name order: what the derived `immutableParameters` holds.</summary>
    private static IReadOnlyList<string> ImmutableNames(IReadOnlyList<TemplateVersionParameter> declared) =>
        [.. declared.Where(p => !p.Mutable).Select(p => p.Name).Order(StringComparer.Ordinal)];

    /// <summary>What the state input means for the latest build: <c>running</c> or <c>stopped</c> once a start or
    /// stop build is under way or done, else the build's own status (<c>failed</c>, <c>canceled</c>, …), which no
    /// program asks for, so that the next update builds again.</summary>
    internal static string StateOf(WorkspaceBuild build) => (build.Transition, build.Status) switch
    {
        (WorkspaceTransition.Start, "pending" or "starting" or "running") => "running",
        (WorkspaceTransition.Stop, "pending" or "stopping" or "stopped") => "stopped",
        _ => build.Status,
    };

    private static async Task<ResourceResult<WorkspaceState>> ResultAsync(ResourceContext context, Workspace workspace, string? ownerAsGiven, CancellationToken ct) =>
        new(workspace.Id.ToString(), await DescribeAsync(context, workspace, ownerAsGiven, ct));

    /// <summary>Everything Coder says of the workspace, as the resource's outputs; the owner in the form the program
    /// gave it (an id stays an id), the username otherwise. The one mapping from Coder's workspace to these
    /// properties, for the resource and for getWorkspace.</summary>
    internal static async Task<WorkspaceState> DescribeAsync(ResourceContext context, Workspace workspace, string? ownerAsGiven, CancellationToken ct)
    {
        var client = context.Session.Client;
        var build = workspace.LatestBuild;
        var parameters = await client.WorkspaceBuilds.GetParametersAsync(build.Id, ct);
        var declared = await context.Session.TemplateVersionParametersAsync(build.TemplateVersionId, ct);
        return new WorkspaceState
        {
            Owner = ownerAsGiven is not null && Guid.TryParse(ownerAsGiven, out _) ? workspace.OwnerId.ToString() : workspace.OwnerName,
            OwnerId = workspace.OwnerId.ToString(),
            Name = workspace.Name,
            OrganizationId = workspace.OrganizationId.ToString(),
            TemplateId = workspace.TemplateId.ToString(),
            TemplateVersionId = build.TemplateVersionId.ToString(),
            Parameters = parameters.ToDictionary(p => p.Name, p => p.Value),
            State = StateOf(build),
            TtlMs = workspace.TtlMs ?? 0,
            AutostartSchedule = workspace.AutostartSchedule ?? "",
            AutomaticUpdates = workspace.AutomaticUpdates,
            Dormant = workspace.DormantAt is not null,
            BuildVersionId = build.TemplateVersionId.ToString(),
            ImmutableParameters = ImmutableNames(declared),
            LatestBuild = new WorkspaceBuildState
            {
                Id = build.Id.ToString(),
                BuildNumber = build.BuildNumber,
                Transition = build.Transition,
                Status = build.Status,
                TemplateVersionId = build.TemplateVersionId.ToString(),
                Reason = build.Reason,
                CreatedAt = build.CreatedAt.ToString("O"),
            },
            Outdated = workspace.Outdated,
            Resources = [.. (build.Resources ?? []).Select(r => new WorkspaceResourceState
            {
                Name = r.Name,
                Type = r.Type,
                Agents = [.. (r.Agents ?? []).Select(a => new WorkspaceAgentState
                {
                    Name = a.Name,
                    OperatingSystem = a.OperatingSystem,
                    Architecture = a.Architecture,
                    Status = a.Status,
                })],
            })],
            DailyCost = build.DailyCost,
            Deadline = build.Deadline?.ToString("O") ?? "",
            NextStartAt = workspace.NextStartAt?.ToString("O") ?? "",
        };
    }
}

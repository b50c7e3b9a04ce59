using Coder.Double.Declaration;
using Coder.Double.Infrastructure;
using Coder.Double.Jobs;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>Workspace builds (coderd/workspacebuilds.go): start, stop and delete transitions and their jobs.</summary>
public static class WorkspaceBuildsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/workspaces/{workspace}/builds", List);
        api.MapPost("/workspaces/{workspace}/builds", Create);
        api.MapGet("/workspacebuilds/{workspacebuild}", (HttpContext c, DoubleState s) => WithBuild(c, s, b => Reply.Ok(ProvisioningViews.Build(s, b))));
        api.MapPatch("/workspacebuilds/{workspacebuild}/cancel", Cancel);
        api.MapGet("/workspacebuilds/{workspacebuild}/logs", (HttpContext c, DoubleState s) => WithBuild(c, s, b => ProvisionerJobsApi.Logs(c, s.JobOf(b))));
        api.MapGet("/workspacebuilds/{workspacebuild}/parameters", (HttpContext c, DoubleState s) =>
            WithBuild(c, s, b => Reply.Ok(b.Parameters.Select(p => new WorkspaceBuildParameter(p.Name, p.Value)).ToList())));
        api.MapGet("/users/{user}/workspace/{workspacename}/builds/{buildnumber}", GetByNumber);
    }

    private static IResult WithBuild(HttpContext context, DoubleState state, Func<WorkspaceBuildRow, IResult> answer)
    {
        lock (state.Sync)
        {
            var found = ProvisioningLookups.WorkspaceBuild(state, context.Route("workspacebuild"));
            return found.Error ?? answer(found.Row!);
        }
    }

    private static IResult List(HttpContext context, DoubleState state)
    {
        var (page, pageError) = Pagination.Parse(context);
        if (page is null) return pageError!;
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Workspace(state, context.Route("workspace"));
            if (found.Error is not null) return found.Error;
            var since = DateTimeOffset.MinValue;
            var sinceRaw = context.Request.Query["since"].FirstOrDefault() ?? "";
            if (sinceRaw != "" && !DateTimeOffset.TryParse(sinceRaw, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out since))
            {
                return Reply.BadRequest("bad `since` format, must be RFC3339", $"parsing time \"{sinceRaw}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse");
            }

            IEnumerable<WorkspaceBuildRow> builds = state.WorkspaceBuilds.Where(b => b.WorkspaceId == found.Row!.Id && b.CreatedAt > since);
            if (page.AfterId != Guid.Empty)
            {
                if (state.WorkspaceBuildById(page.AfterId) is not { } cursor)
                {
                    return Reply.BadRequest($"Record at \"after_id\" (\"{page.AfterId}\") does not exist.");
                }
                // Newest first, yet the cursor selects higher build numbers (coderd's query).
                builds = builds.Where(b => b.BuildNumber > cursor.BuildNumber);
            }
            builds = builds.OrderByDescending(b => b.BuildNumber).Skip(page.Offset);
            if (page.Limit > 0) builds = builds.Take(page.Limit);
            return Reply.Ok(builds.Select(b => ProvisioningViews.Build(state, b)).ToList());
        }
    }

    private static async Task<IResult> Create(HttpContext context, DoubleState state, Provisioner provisioner)
    {
        var raw = await RawBody.ReadAsync(context);
        var actor = AuthenticationFilter.ActorId(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Workspace(state, context.Route("workspace"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<CreateWorkspaceBuildRequest>();
            if (body.Failed) return body.Error!;
            var (build, error) = CreateBuild(state, provisioner, found.Row!, body.Value!, actor);
            return error ?? Reply.Created(ProvisioningViews.Build(state, build!, justCreated: true));
        }
    }

    /// <summary>
    /// postWorkspaceBuilds once the request is decoded: its checks in coderd's order, then the build. A refused build
    /// changes nothing (coderd's transaction is rolled back). Callers hold the state lock.
    /// </summary>
    internal static (WorkspaceBuildRow? Build, IResult? Error) CreateBuild(
        DoubleState state, Provisioner provisioner, WorkspaceRow workspace, CreateWorkspaceBuildRequest request, Guid actor)
    {
        var transition = request.Transition!;
        if (workspace.Deleted && transition != "delete")
        {
            return (null, Reply.Error(StatusCodes.Status409Conflict, $"Cannot {transition} a deleted workspace!", "This workspace has been deleted and cannot be modified."));
        }
        if (OnSuccessProblem(request) is { } onSuccessProblem) return (null, Reply.BadRequest(onSuccessProblem));
        var orphan = request.Orphan == true;
        if (orphan && transition != "delete") return (null, Reply.BadRequest("Orphan is only permitted when deleting a workspace."));
        if (orphan && request.State is { Length: > 0 }) return (null, Reply.BadRequest("ProvisionerState cannot be set alongside Orphan since state intent is unclear."));

        var template = state.TemplateById(workspace.TemplateId)!;
        var reason = transition is "start" or "stop" && !string.IsNullOrEmpty(request.Reason) ? request.Reason : "initiator";
        var (build, error) = WorkspaceBuilder.Build(state, provisioner, workspace, template, new BuildRequest(
            transition, request.TemplateVersionId is { } v && v != Guid.Empty ? v : null, UseActiveVersion: false,
            ParameterRequests.Values(request.RichParameterValues), actor, reason, orphan, request.LogLevel));
        if (error is not null) return (null, error);
        // coderd wakes a dormant workspace in the transaction that inserts its start build, so a start it refuses
        // leaves the workspace dormant.
        if (workspace.DormantAt is not null && transition == "start") Wake(state, workspace);
        if (request.OnSuccess is { } onSuccess)
        {
            build!.OnSuccess = new FollowUpBuild(
                onSuccess.TemplateVersionId is { } id && id != Guid.Empty ? id : null,
                (onSuccess.RichParameterValues ?? []).Select(p => (p.Name ?? "", p.Value ?? "")).ToList(),
                string.IsNullOrEmpty(request.Reason) ? "initiator" : request.Reason);
        }
        return (build, null);
    }

    /// <summary>
    /// coderd's build orchestrator: once a stop build with on_success succeeded, a start build follows, by the same
    /// initiator, with the given version or else the active one. If that build cannot be created, nothing follows.
    /// </summary>
    internal static void RunFollowUp(DoubleState state, Provisioner provisioner, WorkspaceBuildRow parent)
    {
        if (parent.OnSuccess is not { } followUp) return;
        var workspace = state.WorkspaceById(parent.WorkspaceId)!;
        var template = state.TemplateById(workspace.TemplateId)!;
        WorkspaceBuilder.Build(state, provisioner, workspace, template, new BuildRequest(
            "start", followUp.TemplateVersionId, UseActiveVersion: true,
            followUp.Values.Select(v => new ParameterValue(v.Name, v.Value)).ToList(), parent.InitiatorId, followUp.Reason));
    }

    /// <summary>UpdateWorkspaceDormantDeletingAt with no dormant_at: no deletion scheduled, and marked used now so that
    /// the workspace does not fall dormant again at once.</summary>
    internal static void Wake(DoubleState state, WorkspaceRow workspace)
    {
        workspace.DormantAt = null;
        workspace.DeletingAt = null;
        workspace.LastUsedAt = state.Now();
    }

    /// <summary>validateCreateWorkspaceBuildOnSuccess (on_success.transition "oneof=start" is refused while decoding).</summary>
    private static string? OnSuccessProblem(CreateWorkspaceBuildRequest request)
    {
        if (request.OnSuccess is not { } onSuccess) return null;
        if (request.Transition != "stop") return "OnSuccess is only permitted when stopping a workspace.";
        if (request.DryRun == true) return "OnSuccess cannot be set alongside DryRun.";
        if (request.Orphan == true) return "OnSuccess cannot be set alongside Orphan.";
        if (request.State is { Length: > 0 }) return "OnSuccess cannot be set alongside ProvisionerState.";
        if ((onSuccess.TemplateVersionPresetId ?? Guid.Empty) != Guid.Empty && (onSuccess.TemplateVersionId ?? Guid.Empty) == Guid.Empty)
        {
            return "OnSuccess TemplateVersionPresetID requires TemplateVersionID.";
        }
        return null;
    }

    private static IResult Cancel(HttpContext context, DoubleState state, Provisioner provisioner)
    {
        var actor = AuthenticationFilter.ActorId(context);
        // The build comes from the URL middleware, before the handler reads expect_status.
        return WithBuild(context, state, build =>
        {
            var expect = context.Request.Query["expect_status"].FirstOrDefault() ?? "";
            if (expect is not ("" or "running" or "pending"))
            {
                return Reply.BadRequest($"Invalid expect_status {ParameterRules.GoQuote(expect)}. Only 'running' or 'pending' are allowed.");
            }
            var workspace = state.WorkspaceById(build.WorkspaceId)!;
            var template = state.TemplateById(workspace.TemplateId)!;
            // verifyUserCanCancelWorkspaceBuilds: pending jobs always; otherwise the template must allow it or the caller be an owner.
            var allowed = expect == "pending" || template.AllowUserCancelWorkspaceJobs || (state.UserById(actor)?.RbacRoles.Contains(Roles.Owner) ?? false);
            if (!allowed) return Reply.Error(StatusCodes.Status403Forbidden, "User is not allowed to cancel workspace builds. Owner role is required.");
            var job = state.JobOf(build);
            if (job.CompletedAt is not null) return Reply.BadRequest("Job has already completed!");
            if (job.CanceledAt is not null) return Reply.BadRequest("Job has already been marked as canceled!");
            if (expect != "" && job.Status != expect) return Reply.Error(StatusCodes.Status412PreconditionFailed, "Job is not in the expected state.");
            provisioner.Cancel(job);
            return Reply.Ok(new CoderResponse("Job has been marked as canceled..."));
        });
    }

    private static IResult GetByNumber(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var owner = Lookups.User(state, context, context.Route("user"));
            if (owner.Error is not null) return owner.Error;
            var rawNumber = context.Route("buildnumber") ?? "";
            if (!GoInts.TryParse(rawNumber, 32, out var number, out var problem))
            {
                return Reply.BadRequest("Failed to parse build number as integer.", problem);
            }
            var name = context.Route("workspacename") ?? "";
            if (state.WorkspaceByName(owner.Row!.Id, name, deleted: false) is not { } workspace) return Reply.NotFound();
            var build = state.WorkspaceBuilds.FirstOrDefault(b => b.WorkspaceId == workspace.Id && b.BuildNumber == number);
            return build is null
                ? Reply.Error(StatusCodes.Status404NotFound, $"Workspace {ParameterRules.GoQuote(name)} Build {number} does not exist.")
                : Reply.Ok(ProvisioningViews.Build(state, build));
        }
    }
}

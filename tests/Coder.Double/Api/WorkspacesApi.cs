using Coder.Double.Control;
using Coder.Double.Declaration;
using Coder.Double.Infrastructure;
using Coder.Double.Jobs;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>Workspaces (coderd/workspaces.go). A workspace goes away through a delete build, never a DELETE.</summary>
public static class WorkspacesApi
{
    private static readonly string[] WorkspaceStatuses = ["pending", "starting", "running", "stopping", "stopped", "failed", "canceling", "canceled", "deleting", "deleted"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/users/{user}/workspaces", CreateForUser);
        api.MapPost("/organizations/{organization}/members/{user}/workspaces", CreateForMember);
        api.MapGet("/users/{user}/workspace/{workspacename}", GetByOwnerAndName);
        api.MapGet("/workspaces", List);
        api.MapGet("/workspaces/{workspace}", Get);
        api.MapPatch("/workspaces/{workspace}", Patch);
        api.MapPut("/workspaces/{workspace}/autostart", PutAutostart);
        api.MapPut("/workspaces/{workspace}/ttl", PutTtl);
        api.MapPut("/workspaces/{workspace}/dormant", PutDormant);
        api.MapPut("/workspaces/{workspace}/autoupdates", PutAutoupdates);
    }

    private static async Task<IResult> CreateForUser(HttpContext context, DoubleState state, Provisioner provisioner, DeploymentSettings deployment, LicenseSettings license)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var owner = Lookups.User(state, context, context.Route("user"));
            if (owner.Error is not null) return owner.Error;
            var body = raw.Parse<CreateWorkspaceRequest>();
            if (body.Failed) return body.Error!;
            return Create(context, state, provisioner, deployment, license, owner.Row!, body.Value!);
        }
    }

    /// <summary>The deprecated organization-member route: the user must be a member of the organization.</summary>
    private static async Task<IResult> CreateForMember(HttpContext context, DoubleState state, Provisioner provisioner, DeploymentSettings deployment, LicenseSettings license)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var member = Lookups.Member(state, context, organization.Row!, context.Route("user"));
            if (member.Error is not null) return member.Error;
            var body = raw.Parse<CreateWorkspaceRequest>();
            if (body.Failed) return body.Error!;
            return Create(context, state, provisioner, deployment, license, state.UserById(member.Row!.UserId)!, body.Value!);
        }
    }

    /// <summary>coderd's createWorkspace.</summary>
    private static IResult Create(HttpContext context, DoubleState state, Provisioner provisioner, DeploymentSettings deployment, LicenseSettings license,
        UserRow owner, CreateWorkspaceRequest request)
    {
        var actor = AuthenticationFilter.ActorId(context);
        var (template, templateError) = RequestTemplate(state, request);
        if (templateError is not null) return templateError;
        if (template!.Deprecated.Length > 0)
        {
            return Reply.BadRequest($"Template {ParameterRules.GoQuote(template.Name)} has been deprecated, and cannot be used to create a new workspace.", template.Deprecated);
        }
        var versionId = request.TemplateVersionId is { } requested && requested != Guid.Empty ? requested : template.ActiveVersionId;
        if (state.TemplateVersionById(versionId) is null) return Reply.NotFound();

        string? schedule = null;
        if (!string.IsNullOrEmpty(request.AutostartSchedule))
        {
            var (_, scheduleError) = WeeklySchedule.Parse(request.AutostartSchedule);
            if (scheduleError is not null)
            {
                return Reply.BadRequest("Invalid Autostart Schedule.", validations: [new ValidationError("schedule", scheduleError)]);
            }
            schedule = request.AutostartSchedule;
        }
        var (ttl, ttlError) = ValidTtl(request.TtlMs, template.DefaultTtlMs);
        if (ttlError is not null) return Reply.BadRequest("Invalid Workspace Time to Shutdown.", validations: [new ValidationError("ttl_ms", ttlError)]);
        var automaticUpdates = string.IsNullOrEmpty(request.AutomaticUpdates) ? "never" : request.AutomaticUpdates;
        if (automaticUpdates is not ("always" or "never"))
        {
            return Reply.BadRequest("Invalid Workspace Automatic Updates setting.",
                validations: [new ValidationError("automatic_updates", "Automatic updates must be always or never")]);
        }
        var name = request.Name!;
        if (state.WorkspaceByName(owner.Id, name, deleted: false) is not null)
        {
            return Reply.Error(StatusCodes.Status409Conflict, $"Workspace {ParameterRules.GoQuote(name)} already exists.",
                validations: [new ValidationError("name", "This value is already in use and should be unique.")]);
        }

        var now = state.Now();
        var workspace = new WorkspaceRow
        {
            Id = Guid.NewGuid(),
            OwnerId = owner.Id,
            OrganizationId = template.OrganizationId,
            TemplateId = template.Id,
            Name = name,
            CreatedAt = now,
            UpdatedAt = now,
            AutostartSchedule = schedule,
            NextStartAt = schedule is null ? null : TemplateSchedules.NextStart(schedule, template, license, state.Now()),
            TtlMs = ttl,
            LastUsedAt = now,
            AutomaticUpdates = automaticUpdates,
        };
        // Workspace and first build are one transaction in coderd: a build that fails its checks leaves no workspace.
        state.Workspaces.Add(workspace);
        var (build, buildError) = WorkspaceBuilder.Build(state, provisioner, workspace, template, new BuildRequest(
            "start", request.TemplateVersionId is { } v && v != Guid.Empty ? v : null, UseActiveVersion: true,
            ParameterRequests.Values(request.RichParameterValues), actor));
        if (buildError is not null)
        {
            state.Workspaces.Remove(workspace);
            return buildError;
        }
        return Reply.Created(ProvisioningViews.Workspace(state, workspace, actor, deployment.AllowWorkspaceRenames, createdBuild: build));
    }

    /// <summary>requestTemplate: the template named directly or through a template version.</summary>
    private static (TemplateRow? Template, IResult? Error) RequestTemplate(DoubleState state, CreateWorkspaceRequest request)
    {
        var templateId = request.TemplateId ?? Guid.Empty;
        if (templateId == Guid.Empty)
        {
            var versionId = request.TemplateVersionId ?? Guid.Empty;
            if (state.TemplateVersionById(versionId) is not { } version)
            {
                return (null, Reply.BadRequest($"Template version \"{versionId}\" doesn't exist.",
                    validations: [new ValidationError("template_version_id", "template not found")]));
            }
            if (version.Archived)
            {
                return (null, Reply.Error(StatusCodes.Status500InternalServerError, "Archived template versions cannot be used to make a workspace.",
                    validations: [new ValidationError("template_version_id", "template version archived")]));
            }
            templateId = version.TemplateId ?? Guid.Empty;
        }
        if (state.TemplateById(templateId) is not { } template)
        {
            return (null, Reply.BadRequest($"Template \"{templateId}\" doesn't exist.",
                validations: [new ValidationError("template_id", "template not found")]));
        }
        if (template.Deleted) return (null, Reply.Error(StatusCodes.Status404NotFound, $"Template {ParameterRules.GoQuote(template.Name)} has been deleted!"));
        return (template, null);
    }

    /// <summary>validWorkspaceTTLMillis: none or 0 takes the default; else whole minutes between 1 minute and 30 days.</summary>
    private static (long? Ttl, string? Error) ValidTtl(long? millis, long templateDefault)
    {
        if (millis is null or 0) return (templateDefault == 0 ? null : templateDefault, null);
        var truncated = millis.Value - millis.Value % 60_000;
        if (truncated < 60_000) return (null, "time until shutdown must be at least one minute");
        if (truncated > 30L * 24 * 3_600_000) return (null, "time until shutdown must be less than 30 days");
        return (truncated, null);
    }

    private static IResult Get(HttpContext context, DoubleState state, DeploymentSettings deployment)
    {
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Workspace(state, context.Route("workspace"));
            if (found.Error is not null) return found.Error;
            var workspace = found.Row!;
            var raw = context.Request.Query["include_deleted"].FirstOrDefault() ?? "";
            var showDeleted = false;
            if (raw != "" && !GoBools.TryParse(raw, out showDeleted))
            {
                return Reply.BadRequest($"Invalid boolean value \"{raw}\" for \"include_deleted\" query param.",
                    validations: [new ValidationError("deleted", "Must be a valid boolean")]);
            }
            if (workspace.Deleted && !showDeleted)
            {
                return Reply.Error(StatusCodes.Status410Gone,
                    $"Workspace \"{workspace.Id}\" was deleted, you can view this workspace by specifying '?include_deleted=true' and trying again.");
            }
            return Reply.Ok(ProvisioningViews.Workspace(state, workspace, AuthenticationFilter.ActorId(context), deployment.AllowWorkspaceRenames));
        }
    }

    private static IResult GetByOwnerAndName(HttpContext context, DoubleState state, DeploymentSettings deployment)
    {
        lock (state.Sync)
        {
            var owner = Lookups.User(state, context, context.Route("user"));
            if (owner.Error is not null) return owner.Error;
            var raw = context.Request.Query["include_deleted"].FirstOrDefault() ?? "";
            var includeDeleted = false;
            if (raw != "" && !GoBools.TryParse(raw, out includeDeleted))
            {
                return Reply.BadRequest($"Invalid boolean value \"{raw}\" for \"include_deleted\" query param.",
                    validations: [new ValidationError("include_deleted", "Must be a valid boolean")]);
            }
            var name = context.Route("workspacename") ?? "";
            var workspace = state.WorkspaceByName(owner.Row!.Id, name, deleted: false)
                            ?? (includeDeleted ? state.WorkspaceByName(owner.Row.Id, name, deleted: true) : null);
            return workspace is null
                ? Reply.NotFound()
                : Reply.Ok(ProvisioningViews.Workspace(state, workspace, AuthenticationFilter.ActorId(context), deployment.AllowWorkspaceRenames));
        }
    }

    /// <summary>GET /workspaces with coderd's search syntax (searchquery.Workspaces) and GetWorkspaces' ordering.</summary>
    private static IResult List(HttpContext context, DoubleState state, DeploymentSettings deployment)
    {
        var actor = AuthenticationFilter.ActorId(context);
        var (page, pageError) = Pagination.Parse(context);
        if (page is null) return pageError!;
        lock (state.Sync)
        {
            var (filter, errors) = WorkspaceFilter.Parse(state, context.Request.Query["q"].FirstOrDefault() ?? "", actor);
            if (filter is null) return Reply.BadRequest("Invalid workspace search query.", validations: errors);

            var requester = state.UserById(actor);
            var matching = state.Workspaces.Where(w => !w.Deleted && filter.Matches(state, w)).ToList();
            var ordered = matching
                .OrderBy(w => w.Favorite && w.OwnerId == requester?.Id ? 0 : 1)
                .ThenByDescending(w => state.LatestBuild(w.Id) is { Transition: "start" } b && state.JobOf(b).Status == "succeeded")
                .ThenBy(w => (state.UserByIdIncludingDeleted(w.OwnerId)?.Username ?? "").ToLowerInvariant(), StringComparer.Ordinal)
                .ThenBy(w => w.Name.ToLowerInvariant(), StringComparer.Ordinal)
                .Skip(page.Offset);
            if (page.Limit > 0) ordered = ordered.Take(page.Limit);
            var workspaces = ordered.Select(w => ProvisioningViews.Workspace(state, w, actor, deployment.AllowWorkspaceRenames)).ToList();
            return Reply.Ok(new WorkspacesResponse(workspaces, matching.Count));
        }
    }

    private static async Task<IResult> Patch(HttpContext context, DoubleState state, DeploymentSettings deployment)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Workspace(state, context.Route("workspace"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<UpdateWorkspaceRequest>();
            if (body.Failed) return body.Error!;
            var workspace = found.Row!;
            var name = body.Value!.Name!;
            if (name == workspace.Name) return Reply.NoContent();
            if (!deployment.AllowWorkspaceRenames) return Reply.BadRequest("Workspace renames are not allowed.");
            if (workspace.Deleted)
            {
                return Reply.Error(StatusCodes.Status405MethodNotAllowed, $"Workspace {ParameterRules.GoQuote(workspace.Name)} is deleted and cannot be updated.");
            }
            if (state.WorkspaceByName(workspace.OwnerId, name, deleted: false) is { } other && other.Id != workspace.Id)
            {
                return Reply.Error(StatusCodes.Status409Conflict, $"Workspace {ParameterRules.GoQuote(name)} already exists.",
                    validations: [new ValidationError("name", "This value is already in use and should be unique.")]);
            }
            workspace.Name = name;
            workspace.UpdatedAt = state.Now();
            return Reply.NoContent();
        }
    }

    private static async Task<IResult> PutAutostart(HttpContext context, DoubleState state, LicenseSettings license)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Workspace(state, context.Route("workspace"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<UpdateWorkspaceAutostartRequest>();
            if (body.Failed) return body.Error!;
            var workspace = found.Row!;
            var schedule = body.Value!.Schedule;
            WeeklySchedule? parsed = null;
            if (!string.IsNullOrEmpty(schedule))
            {
                (parsed, var error) = WeeklySchedule.Parse(schedule);
                if (error is not null) return Reply.BadRequest("Invalid autostart schedule.", validations: [new ValidationError("schedule", error)]);
            }
            var template = state.TemplateById(workspace.TemplateId)!;
            var (autostart, _, allowedDays) = TemplateSchedules.UserSettings(template, license);
            if (!autostart)
            {
                const string notAllowed = "Autostart is not allowed for workspaces using this template.";
                return Reply.BadRequest(notAllowed, validations: [new ValidationError("schedule", notAllowed)]);
            }
            DateTimeOffset? next = null;
            if (parsed is not null)
            {
                next = parsed.NextAllowed(state.Now(), allowedDays);
                if (next is null) return Reply.Error(StatusCodes.Status500InternalServerError, "Internal error calculating workspace autostart schedule.", "no allowed autostart");
            }
            workspace.AutostartSchedule = string.IsNullOrEmpty(schedule) ? null : schedule;
            // The workspaces table's trigger nulls next_start_at of a dormant workspace.
            workspace.NextStartAt = next is { } at && workspace.DormantAt is null ? new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero) : null;
            return Reply.NoContent();
        }
    }

    private static async Task<IResult> PutTtl(HttpContext context, DoubleState state, LicenseSettings license)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Workspace(state, context.Route("workspace"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<UpdateWorkspaceTtlRequest>();
            if (body.Failed) return body.Error!;
            var workspace = found.Row!;
            const string message = "Error updating workspace time until shutdown.";
            var (_, autostop, _) = TemplateSchedules.UserSettings(state.TemplateById(workspace.TemplateId)!, license);
            if (!autostop)
            {
                return Reply.BadRequest(message, validations: [new ValidationError("ttl_ms", "Custom autostop TTL is not allowed for workspaces using this template.")]);
            }
            // 0 means "autostop off" here, not "the template's default".
            var (ttl, error) = ValidTtl(body.Value!.TtlMs, 0);
            if (error is not null) return Reply.BadRequest(message, validations: [new ValidationError("ttl_ms", error)]);
            workspace.TtlMs = ttl;
            if (ttl is null && state.LatestBuild(workspace.Id) is { Transition: "start" } build)
            {
                build.Deadline = build.MaxDeadline;
                build.UpdatedAt = state.Now();
            }
            return Reply.NoContent();
        }
    }

    private static async Task<IResult> PutDormant(HttpContext context, DoubleState state, DeploymentSettings deployment)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Workspace(state, context.Route("workspace"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<UpdateWorkspaceDormancyRequest>();
            if (body.Failed) return body.Error!;
            var workspace = found.Row!;
            var dormant = body.Value!.Dormant == true;
            if ((workspace.DormantAt is not null) == dormant) return Results.StatusCode(StatusCodes.Status304NotModified);
            var template = state.TemplateById(workspace.TemplateId)!;
            var now = state.Now();
            if (dormant)
            {
                workspace.DormantAt = now;
                // The workspaces table's trigger nulls next_start_at of a dormant workspace; it stays null when the
                // workspace wakes, until a build succeeds.
                workspace.NextStartAt = null;
                // UpdateWorkspaceDormantDeletingAt: deletion is scheduled when the template auto-deletes dormant workspaces.
                workspace.DeletingAt = template.TimeTilDormantAutoDeleteMs > 0 ? now.AddMilliseconds(template.TimeTilDormantAutoDeleteMs) : null;
            }
            else
            {
                WorkspaceBuildsApi.Wake(state, workspace);
            }
            return Reply.Ok(ProvisioningViews.Workspace(state, workspace, AuthenticationFilter.ActorId(context), deployment.AllowWorkspaceRenames));
        }
    }

    private static async Task<IResult> PutAutoupdates(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Workspace(state, context.Route("workspace"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<UpdateWorkspaceAutomaticUpdatesRequest>();
            if (body.Failed) return body.Error!;
            var value = body.Value!.AutomaticUpdates ?? "";
            if (value is not ("always" or "never"))
            {
                return Reply.BadRequest("Invalid request", validations: [new ValidationError("automatic_updates", "must be always or never")]);
            }
            found.Row!.AutomaticUpdates = value;
            return Reply.NoContent();
        }
    }

    private sealed record ParamMatch(string Name, string? Value);

    /// <summary>searchquery.Workspaces and the filters of GetWorkspaces.</summary>
    private sealed record WorkspaceFilter(
        IReadOnlyList<Guid> Ids,
        Guid? OwnerId,
        string TemplateName,
        string Name,
        string Status,
        IReadOnlyList<string> AgentStatuses,
        bool Dormant,
        DateTimeOffset? LastUsedAfter,
        DateTimeOffset? LastUsedBefore,
        bool? Outdated,
        bool? HasAiTask,
        bool? HasExternalAgent,
        Guid Organization,
        IReadOnlyList<string> HasParams,
        IReadOnlyList<(string Name, string Value)> ParamValues)
    {
        public static (WorkspaceFilter? Filter, List<ValidationError> Errors) Parse(DoubleState state, string query, Guid actor)
        {
            var (values, termErrors) = SearchTerms.Parse(query.ToLowerInvariant(), (term, v) =>
            {
                var parts = term.Split('/');
                switch (parts.Length)
                {
                    case 1:
                        v.Add("name", parts[0]);
                        return null;
                    case 2:
                        v.Add("owner", parts[0]);
                        v.Add("name", parts[1]);
                        return null;
                    default:
                        return $"Query element {ParameterRules.GoQuote(term)} can only contain 1 '/'";
                }
            });
            if (termErrors.Count > 0) return (null, termErrors);

            var parser = new QueryParser();
            var ids = parser.List(values, "id", term => CoderRules.TryParseUuid(term.Trim(), out var id, out var error) ? (id, (string?)null) : (Guid.Empty, error));
            var owner = parser.String(values, "owner");
            var template = parser.String(values, "template");
            var name = parser.String(values, "name");
            var status = parser.Custom(values, "status", "", v => WorkspaceStatuses.Contains(v) ? (v, (string?)null) : ("", $"{ParameterRules.GoQuote(v)} is not a valid value"));
            var agentStatuses = parser.List<string>(values, "has-agent", term => (term, null));
            var dormant = parser.Boolean(values, "dormant");
            var lastUsedAfter = parser.Time3339(values, "last_used_after");
            var lastUsedBefore = parser.Time3339(values, "last_used_before");
            var outdatedValue = parser.Boolean(values, "outdated");
            bool? outdated = values.Has("outdated") ? outdatedValue : null;
            var hasAiTask = parser.NullableBoolean(values, "has-ai-task");
            var hasExternalAgent = parser.NullableBoolean(values, "has_external_agent");
            parser.List<string>(values, "include_agent_metadata", term => (term, null));
            var organization = parser.Custom(values, "organization", Guid.Empty, v =>
                CoderRules.TryParseUuid(v, out var id, out _) ? (id, null)
                : state.OrganizationByName(v) is { } o ? (o.Id, null)
                : (Guid.Empty, $"organization {ParameterRules.GoQuote(v)} either does not exist, or you are unauthorized to view it"));
            parser.NullableBoolean(values, "shared");
            parser.String(values, "shared_with_user");
            parser.String(values, "shared_with_group");
            var healthy = parser.NullableBoolean(values, "healthy");
            var parameters = parser.List<ParamMatch>(values, "param", term =>
            {
                var trimmed = term.Trim();
                var parts = trimmed.Split('=');
                if (parts.Length == 1) return (new ParamMatch(parts[0], null), null);
                if (parts.Length > 2) return (null, $"query element {ParameterRules.GoQuote(trimmed)} can only contain 1 '='");
                return parts[1].Length == 0
                    ? (null, $"query element {ParameterRules.GoQuote(trimmed)} has an empty value. omit the '=' to match just on the parameter name")
                    : (new ParamMatch(parts[0], parts[1]), null);
            });
            parser.ErrorExcessParams(values);
            if (parser.Errors.Count > 0) return (null, parser.Errors);

            Guid? ownerId = null;
            if (owner.Length > 0)
            {
                ownerId = owner == "me" ? actor : state.UserByUsernameOrEmail(owner, "")?.Id ?? Guid.NewGuid();
            }
            var statuses = agentStatuses.ToList();
            if (healthy is { } isHealthy) statuses.AddRange(isHealthy ? ["connected"] : ["disconnected", "timeout"]);
            return (new WorkspaceFilter(ids, ownerId, template, name, status, statuses, dormant, lastUsedAfter, lastUsedBefore, outdated,
                hasAiTask, hasExternalAgent, organization,
                parameters.Where(p => p.Value is null).Select(p => p.Name).ToList(),
                parameters.Where(p => p.Value is not null).Select(p => (p.Name.ToLowerInvariant(), p.Value!.ToLowerInvariant())).ToList()), []);
        }

        public bool Matches(DoubleState state, WorkspaceRow workspace)
        {
            var build = state.LatestBuild(workspace.Id)!;
            var job = state.JobOf(build);
            var template = state.TemplateById(workspace.TemplateId)!;
            if (Ids.Count > 0 && !Ids.Contains(workspace.Id)) return false;
            if (OwnerId is { } owner && workspace.OwnerId != owner) return false;
            if (TemplateName.Length > 0 && (template.Deleted || !string.Equals(template.Name, TemplateName, StringComparison.OrdinalIgnoreCase))) return false;
            if (Name.Length > 0 && !workspace.Name.Contains(Name, StringComparison.OrdinalIgnoreCase)) return false;
            if (Status.Length > 0 && !StatusMatches(job.Status, build.Transition)) return false;
            if (Dormant && workspace.DormantAt is null) return false;
            if (LastUsedAfter is { } after && workspace.LastUsedAt <= after) return false;
            if (LastUsedBefore is { } before && workspace.LastUsedAt >= before) return false;
            if (Outdated is { } outdated && (build.TemplateVersionId != template.ActiveVersionId) != outdated) return false;
            if (HasAiTask is true || HasExternalAgent is true) return false;
            if (Organization != Guid.Empty && workspace.OrganizationId != Organization) return false;
            if (AgentStatuses.Count > 0)
            {
                if (build.Transition != "start") return false;
                var agents = job.Resources.SelectMany(r => r.Agents).ToList();
                if (!agents.Any(a => AgentStatuses.Contains(a.ConnectedAt is null ? "connecting" : "connected"))) return false;
            }
            if (HasParams.Count > 0 && !HasParams.Any(name => build.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))) return false;
            if (ParamValues.Count > 0 && !ParamValues.Any(pv => build.Parameters.Any(p => p.Name.ToLowerInvariant() == pv.Name && p.Value.ToLowerInvariant() == pv.Value))) return false;
            return true;
        }

        /// <summary>GetWorkspaces' status filter: some statuses name a transition, the rest a job status.</summary>
        private bool StatusMatches(string jobStatus, string transition) => Status switch
        {
            "starting" => jobStatus == "running" && transition == "start",
            "stopping" => jobStatus == "running" && transition == "stop",
            "deleting" => jobStatus == "running" && transition == "delete",
            "deleted" => jobStatus == "succeeded" && transition == "delete",
            "stopped" => jobStatus == "succeeded" && transition == "stop",
            "running" => jobStatus == "succeeded" && transition == "start",
            _ => jobStatus == Status,
        };
    }
}

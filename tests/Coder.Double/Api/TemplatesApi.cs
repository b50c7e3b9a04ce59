using Coder.Double.Control;
using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>Templates (coderd/templates.go) and their ACL (enterprise/coderd/templates.go, behind template_rbac).</summary>
public static class TemplatesApi
{
    private const long MaxAutostopRequirementWeeks = 16;
    private const long OneMinuteMs = 60_000;
    private static readonly string[] CorsBehaviors = ["simple", "passthru"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/templates", (HttpContext c, DoubleState s, LicenseSettings l) => List(c, s, l, organizationId: null));
        api.MapGet("/organizations/{organization}/templates", ListByOrganization);
        api.MapPost("/organizations/{organization}/templates", Create);
        api.MapGet("/organizations/{organization}/templates/{templatename}", GetByName);
        api.MapGet("/templates/{template}", Get);
        api.MapPatch("/templates/{template}", Patch);
        api.MapDelete("/templates/{template}", Delete);
        api.MapGet("/templates/{template}/acl", GetAcl).RequireFeature("template_rbac");
        api.MapPatch("/templates/{template}/acl", PatchAcl).RequireFeature("template_rbac");
    }

    private static IResult ListByOrganization(HttpContext context, DoubleState state, LicenseSettings license)
    {
        Guid organizationId;
        lock (state.Sync)
        {
            var found = Lookups.Organization(state, context.Route("organization"));
            if (found.Error is not null) return found.Error;
            organizationId = found.Row!.Id;
        }
        return List(context, state, license, organizationId);
    }

    /// <summary>fetchTemplates with searchquery.Templates; deprecated templates only when asked for.</summary>
    private static IResult List(HttpContext context, DoubleState state, LicenseSettings license, Guid? organizationId)
    {
        var actor = AuthenticationFilter.ActorId(context);
        lock (state.Sync)
        {
            var (values, termErrors) = SearchTerms.Parse((context.Request.Query["q"].FirstOrDefault() ?? "").ToLowerInvariant(), (term, v) =>
            {
                v.Add("display_name", term);
                return null;
            });
            if (termErrors.Count > 0) return Reply.BadRequest("Invalid template search query.", validations: termErrors);

            var parser = new QueryParser();
            var deleted = parser.Boolean(values, "deleted");
            var organization = parser.Custom(values, "organization", Guid.Empty, v =>
                CoderRules.TryParseUuid(v, out var id, out _) ? (id, null)
                : state.OrganizationByName(v) is { } o ? (o.Id, null)
                : (Guid.Empty, $"organization {Declaration.ParameterRules.GoQuote(v)} either does not exist, or you are unauthorized to view it"));
            var exactName = parser.String(values, "exact_name");
            var exactDisplayName = parser.String(values, "exact_display_name");
            var fuzzyName = parser.String(values, "name");
            var fuzzyDisplayName = parser.String(values, "display_name");
            var ids = parser.List(values, "ids", term => CoderRules.TryParseUuid(term.Trim(), out var id, out var error) ? (id, (string?)null) : (Guid.Empty, error));
            var deprecated = parser.NullableBoolean(values, "deprecated");
            var hasAiTask = parser.NullableBoolean(values, "has-ai-task");
            var agentsAllowed = parser.NullableBoolean(values, "agents-allowed");
            var authorId = parser.Uuid(values, "author_id");
            var author = parser.String(values, "author");
            var hasExternalAgent = parser.NullableBoolean(values, "has_external_agent");
            parser.ErrorExcessParams(values);
            if (parser.Errors.Count > 0) return Reply.BadRequest("Invalid template search query.", validations: parser.Errors);

            if (author == "me")
            {
                authorId = actor;
                author = "";
            }
            if (organizationId is { } fixedOrganization) organization = fixedOrganization;
            Guid? authorByName = author.Length == 0 ? null : state.UserByUsernameOrEmail(author, "")?.Id ?? Guid.NewGuid();

            var templates = state.Templates
                .Where(t => t.Deleted == deleted)
                .Where(t => organization == Guid.Empty || t.OrganizationId == organization)
                .Where(t => exactName.Length == 0 || string.Equals(t.Name, exactName, StringComparison.OrdinalIgnoreCase))
                .Where(t => exactDisplayName.Length == 0 || string.Equals(t.DisplayName, exactDisplayName, StringComparison.OrdinalIgnoreCase))
                .Where(t => fuzzyName.Length == 0 || t.Name.Contains(fuzzyName, StringComparison.OrdinalIgnoreCase))
                .Where(t => fuzzyDisplayName.Length == 0 || (t.DisplayName.Length > 0
                    ? t.DisplayName.Contains(fuzzyDisplayName, StringComparison.OrdinalIgnoreCase)
                    : t.Name.Contains(fuzzyDisplayName.Replace(" ", ""), StringComparison.OrdinalIgnoreCase)))
                .Where(t => ids.Count == 0 || ids.Contains(t.Id))
                .Where(t => (deprecated ?? false) == (t.Deprecated.Length > 0))
                .Where(t => agentsAllowed is not { } allowed || t.AgentsAllowed == allowed)
                .Where(t => authorId == Guid.Empty || t.CreatedBy == authorId)
                .Where(t => authorByName is not { } byName || t.CreatedBy == byName)
                // The double's templates have neither AI tasks nor external agents.
                .Where(t => hasAiTask is not true && hasExternalAgent is not true)
                .OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Id)
                .Select(t => ProvisioningViews.Template(state, t, license))
                // coderd then sorts by active user count, most first (a stable sort).
                .OrderByDescending(t => t.ActiveUserCount)
                .ToList();
            return Reply.Ok(templates);
        }
    }

    private static IResult Get(HttpContext context, DoubleState state, LicenseSettings license)
    {
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Template(state, context.Route("template"));
            return found.Error ?? Reply.Ok(ProvisioningViews.Template(state, found.Row!, license));
        }
    }

    private static IResult GetByName(HttpContext context, DoubleState state, LicenseSettings license)
    {
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            return state.TemplateByName(organization.Row!.Id, context.Route("templatename") ?? "") is { } template
                ? Reply.Ok(ProvisioningViews.Template(state, template, license))
                : Reply.NotFound();
        }
    }

    private static async Task<IResult> Create(HttpContext context, DoubleState state, LicenseSettings license)
    {
        var raw = await RawBody.ReadAsync(context);
        var actor = AuthenticationFilter.ActorId(context);
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var body = raw.Parse<CreateTemplateRequest>();
            if (body.Failed) return body.Error!;
            var request = body.Value!;
            var name = request.Name!;
            var organizationId = organization.Row!.Id;

            if (state.TemplateByName(organizationId, name) is not null) return NameTaken(name);
            var versionId = request.TemplateVersionId!.Value;
            if (state.TemplateVersionById(versionId) is not { } version)
            {
                return Reply.Error(StatusCodes.Status404NotFound, $"Template version \"{versionId}\" does not exist.",
                    validations: [new ValidationError("template_version_id", "Template version does not exist")]);
            }
            if (version.Archived)
            {
                return Reply.BadRequest($"Template version {versionId} is archived.",
                    validations: [new ValidationError("template_version_id", "Template version is archived")]);
            }
            if (version.TemplateId is not null)
            {
                return Reply.BadRequest($"Template version {versionId} is already part of a template",
                    validations: [new ValidationError("template_version_id", "Template version is already part of a template")]);
            }

            var defaultTtl = request.DefaultTtlMs ?? 0;
            var activityBump = request.ActivityBumpMs ?? 3_600_000;
            var notify = request.TimeTilAutostopNotifyMs ?? 0;
            var failureTtl = request.FailureTtlMs ?? 0;
            var dormantTtl = request.DormantTtlMs ?? 0;
            var deleteTtl = request.DeleteTtlMs ?? 0;
            var weeks = request.AutostopRequirement?.Weeks ?? 0;
            var errors = new List<ValidationError>();
            if (defaultTtl < 0) errors.Add(new ValidationError("default_ttl_ms", "Must be a positive integer."));
            if (activityBump < 0) errors.Add(new ValidationError("activity_bump_ms", "Must be a positive integer."));
            if (notify < 0) errors.Add(new ValidationError("time_til_autostop_notify_ms", "Must be a positive integer."));
            else if (notify != 0 && notify < OneMinuteMs) errors.Add(new ValidationError("time_til_autostop_notify_ms", "Must be 0 (disabled) or at least one minute."));
            var stopDays = 0;
            if (request.AutostopRequirement?.DaysOfWeek is { Count: > 0 } stopNames)
            {
                var (bitmap, error) = ProvisioningViews.Bitmap(stopNames);
                if (error is not null) errors.Add(new ValidationError("autostop_requirement.days_of_week", error));
                stopDays = bitmap;
            }
            var startDays = 0b0111_1111;
            if (request.AutostartRequirement is not null)
            {
                var (bitmap, error) = ProvisioningViews.Bitmap(request.AutostartRequirement.DaysOfWeek ?? []);
                if (error is not null) errors.Add(new ValidationError("autostart_requirement.days_of_week", error));
                startDays = bitmap;
            }
            var maxPortShareLevel = "owner";
            if (request.MaxPortShareLevel is { } level)
            {
                if (PortShareLevelProblem(license, level) is { } problem) errors.Add(new ValidationError("max_port_share_level", problem));
                else maxPortShareLevel = level;
            }
            var cors = request.CorsBehavior ?? "simple";
            if (!CorsBehaviors.Contains(cors)) errors.Add(new ValidationError("cors_behavior", CorsProblem(cors)));
            if (weeks < 0) errors.Add(new ValidationError("autostop_requirement.weeks", "Must be a positive integer."));
            if (weeks > MaxAutostopRequirementWeeks) errors.Add(new ValidationError("autostop_requirement.weeks", $"Must be less than {MaxAutostopRequirementWeeks}."));
            if (failureTtl < 0) errors.Add(new ValidationError("failure_ttl_ms", "Must be a positive integer."));
            // coderd reports both dormancy durations under this (misspelt) field.
            if (dormantTtl < 0) errors.Add(new ValidationError("time_til_dormant_autodeletion_ms", "Must be a positive integer."));
            if (deleteTtl < 0) errors.Add(new ValidationError("time_til_dormant_autodeletion_ms", "Must be a positive integer."));
            if (errors.Count > 0) return Reply.BadRequest("Invalid create template request.", validations: errors);

            var now = state.Now();
            var template = new TemplateRow
            {
                Id = Guid.NewGuid(),
                OrganizationId = organizationId,
                Name = name,
                DisplayName = request.DisplayName ?? "",
                Description = request.Description ?? "",
                Icon = request.Icon ?? "",
                ActiveVersionId = version.Id,
                CreatedBy = actor,
                CreatedAt = now,
                UpdatedAt = now,
                AllowUserCancelWorkspaceJobs = request.AllowUserCancelWorkspaceJobs ?? false,
                MaxPortSharingLevel = maxPortShareLevel,
                UseClassicParameterFlow = request.TemplateUseClassicParameterFlow ?? false,
                CorsBehavior = cors,
                AgentsAllowed = request.AgentsAllowed ?? true,
            };
            if (request.DisableEveryoneGroupAccess != true) template.GroupAcl[organizationId.ToString()] = "use";
            if (license.IsEnabled("access_control")) template.RequireActiveVersion = request.RequireActiveVersion ?? false;
            ApplySchedule(template, license, defaultTtl, activityBump, notify, request.AllowUserAutostart ?? true, request.AllowUserAutostop ?? true,
                stopDays, weeks, startDays, failureTtl, dormantTtl, deleteTtl);
            state.Templates.Add(template);
            version.TemplateId = template.Id;
            version.UpdatedAt = state.Now();
            // coderd answers 201 here; swagger documents 200.
            return Reply.Created(ProvisioningViews.Template(state, template, license));
        }
    }

    private static async Task<IResult> Patch(HttpContext context, DoubleState state, LicenseSettings license)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Template(state, context.Route("template"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<UpdateTemplateMetaRequest>();
            if (body.Failed) return body.Error!;
            var template = found.Row!;
            var request = body.Value!;
            var advanced = license.IsEnabled("advanced_template_scheduling");

            // resolveTemplateMetaUpdate: absent fields keep their value; an empty name means "no rename".
            var name = string.IsNullOrEmpty(request.Name) ? template.Name : request.Name;
            var defaultTtl = request.DefaultTtlMs ?? template.DefaultTtlMs;
            var activityBump = request.ActivityBumpMs ?? template.ActivityBumpMs;
            var notify = request.TimeTilAutostopNotifyMs ?? template.TimeTilAutostopNotifyMs;
            var failureTtl = request.FailureTtlMs ?? template.FailureTtlMs;
            var dormantTtl = request.TimeTilDormantMs ?? template.TimeTilDormantMs;
            var deleteTtl = request.TimeTilDormantAutodeleteMs ?? template.TimeTilDormantAutoDeleteMs;
            // The schedule store's current view (unlicensed: every day allowed, no stop requirement).
            var stopDays = advanced ? template.AutostopRequirementDays : 0;
            var weeks = advanced ? Math.Max(1, template.AutostopRequirementWeeks) : 1;
            var startDays = advanced ? template.AutostartAllowedDays : 0b0111_1111;
            var errors = new List<ValidationError>();
            if (request.AutostopRequirement is { } stop)
            {
                var (bitmap, error) = ProvisioningViews.Bitmap(stop.DaysOfWeek ?? []);
                if (error is not null)
                {
                    errors.Add(new ValidationError("autostop_requirement.days_of_week", error));
                }
                else
                {
                    stopDays = bitmap;
                    weeks = stop.Weeks ?? 0;
                }
                if (weeks <= 0) weeks = 1;
            }
            if (request.AutostartRequirement is { } start)
            {
                var (bitmap, error) = ProvisioningViews.Bitmap(start.DaysOfWeek ?? []);
                if (error is not null) errors.Add(new ValidationError("autostart_requirement.days_of_week", error));
                else startDays = bitmap;
            }
            var cors = template.CorsBehavior;
            if (!string.IsNullOrEmpty(request.CorsBehavior))
            {
                if (CorsBehaviors.Contains(request.CorsBehavior)) cors = request.CorsBehavior;
                else errors.Add(new ValidationError("cors_behavior", CorsProblem(request.CorsBehavior)));
            }

            if (defaultTtl < 0) errors.Add(new ValidationError("default_ttl_ms", "Must be a positive integer."));
            if (activityBump < 0) errors.Add(new ValidationError("activity_bump_ms", "Must be a positive integer."));
            if (notify < 0) errors.Add(new ValidationError("time_til_autostop_notify_ms", "Must be a positive integer."));
            else if (notify != 0 && notify < OneMinuteMs) errors.Add(new ValidationError("time_til_autostop_notify_ms", "Must be 0 (disabled) or at least one minute."));
            if (weeks > MaxAutostopRequirementWeeks) errors.Add(new ValidationError("autostop_requirement.weeks", $"Must be less than {MaxAutostopRequirementWeeks}."));
            if (request.AutostopRequirement?.Weeks < 0) errors.Add(new ValidationError("autostop_requirement.weeks", "Must be a positive integer."));
            if (failureTtl < 0 || (failureTtl > 0 && failureTtl < OneMinuteMs)) errors.Add(new ValidationError("failure_ttl_ms", "Value must be at least one minute."));
            if (dormantTtl < 0 || (dormantTtl > 0 && dormantTtl < OneMinuteMs)) errors.Add(new ValidationError("time_til_dormant_ms", "Value must be at least one minute."));
            if (deleteTtl < 0 || (deleteTtl > 0 && deleteTtl < OneMinuteMs)) errors.Add(new ValidationError("time_til_dormant_autodelete_ms", "Value must be at least one minute."));

            var maxPortShareLevel = template.MaxPortSharingLevel;
            var reportedLevel = license.IsEnabled("control_shared_ports") ? template.MaxPortSharingLevel : "public";
            if (request.MaxPortShareLevel is { } level && level != reportedLevel)
            {
                if (PortShareLevelProblem(license, level) is { } problem) errors.Add(new ValidationError("max_port_sharing_level", problem));
                else maxPortShareLevel = level;
            }
            if (errors.Count > 0) return Reply.BadRequest("Invalid request to update template metadata!", validations: errors);

            if (name != template.Name && state.TemplateByName(template.OrganizationId, name) is { } other && other.Id != template.Id) return NameTaken(name);

            template.Name = name;
            template.DisplayName = request.DisplayName ?? template.DisplayName;
            template.Description = request.Description ?? template.Description;
            template.Icon = request.Icon ?? template.Icon;
            template.AllowUserCancelWorkspaceJobs = request.AllowUserCancelWorkspaceJobs ?? template.AllowUserCancelWorkspaceJobs;
            if (request.DisableEveryoneGroupAccess == true) template.GroupAcl.Remove(template.OrganizationId.ToString());
            template.MaxPortSharingLevel = maxPortShareLevel;
            template.UseClassicParameterFlow = request.UseClassicParameterFlow ?? template.UseClassicParameterFlow;
            template.CorsBehavior = cors;
            template.DisableModuleCache = request.DisableModuleCache ?? template.DisableModuleCache;
            template.AgentsAllowed = request.AgentsAllowed ?? template.AgentsAllowed;

            var requireActiveVersion = request.RequireActiveVersion ?? template.RequireActiveVersion;
            var deprecation = request.DeprecationMessage ?? template.Deprecated;
            if (license.IsEnabled("access_control"))
            {
                template.RequireActiveVersion = requireActiveVersion;
                template.Deprecated = deprecation;
            }
            else if (deprecation.Length == 0)
            {
                // Without the license a template can only be un-deprecated.
                template.Deprecated = "";
            }

            ApplySchedule(template, license, defaultTtl, activityBump, notify,
                request.AllowUserAutostart ?? template.AllowUserAutostart, request.AllowUserAutostop ?? template.AllowUserAutostop,
                stopDays, weeks, startDays, failureTtl, dormantTtl, deleteTtl);
            template.UpdatedAt = state.Now();
            return Reply.Ok(ProvisioningViews.Template(state, template, license));
        }
    }

    /// <summary>
    /// The template schedule store: unlicensed (AGPL) it keeps only the default TTL, activity bump and autostop notice;
    /// with advanced_template_scheduling it keeps everything.
    /// </summary>
    private static void ApplySchedule(TemplateRow template, LicenseSettings license, long defaultTtl, long activityBump, long notify,
        bool allowAutostart, bool allowAutostop, int stopDays, long weeks, int startDays, long failureTtl, long dormantTtl, long deleteTtl)
    {
        template.DefaultTtlMs = defaultTtl;
        template.ActivityBumpMs = activityBump;
        template.TimeTilAutostopNotifyMs = notify;
        if (!license.IsEnabled("advanced_template_scheduling")) return;
        template.AllowUserAutostart = allowAutostart;
        template.AllowUserAutostop = allowAutostop;
        template.AutostopRequirementDays = stopDays;
        template.AutostopRequirementWeeks = weeks <= 0 ? 1 : weeks;
        template.AutostartBlockDays = ~startDays & 0b0111_1111;
        template.FailureTtlMs = failureTtl;
        template.TimeTilDormantMs = dormantTtl;
        template.TimeTilDormantAutoDeleteMs = deleteTtl;
    }

    private static string? PortShareLevelProblem(LicenseSettings license, string level)
    {
        if (!license.IsEnabled("control_shared_ports")) return "Restricting port sharing level is an enterprise feature that is not enabled.";
        return level is "owner" or "authenticated" or "organization" or "public"
            ? null
            : "invalid max port sharing level, value must be 'authenticated', 'organization', or 'public'.";
    }

    private static string CorsProblem(string value) => $"Invalid CORS behavior {Declaration.ParameterRules.GoQuote(value)}. Must be one of [simple, passthru]";

    private static IResult NameTaken(string name) => Reply.Error(StatusCodes.Status409Conflict,
        $"Template with name {Declaration.ParameterRules.GoQuote(name)} already exists.",
        validations: [new ValidationError("name", "This value is already in use and should be unique.")]);

    private static IResult Delete(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Template(state, context.Route("template"));
            if (found.Error is not null) return found.Error;
            var template = found.Row!;
            // Workspaces still being deleted count too: only a finished delete build removes a workspace.
            if (state.Workspaces.Any(w => w.TemplateId == template.Id && !w.Deleted))
            {
                return Reply.BadRequest("All workspaces must be deleted before a template can be removed.");
            }
            template.Deleted = true;
            template.UpdatedAt = state.Now();
            return Reply.Ok(new CoderResponse("Template has been deleted!"));
        }
    }

    private static IResult GetAcl(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Template(state, context.Route("template"));
            if (found.Error is not null) return found.Error;
            var template = found.Row!;
            var users = template.UserAcl
                .Select(kv => (User: CoderRules.TryParseUuid(kv.Key, out var id, out _) ? state.UserById(id) : null, Role: kv.Value))
                .Where(x => x.User is not null)
                .OrderBy(x => x.User!.Username, StringComparer.Ordinal)
                .Select(x =>
                {
                    var user = Convert.User(x.User!, state.OrganizationIdsOf(x.User!.Id));
                    return new TemplateUser(user.Id, user.Username, user.Name, user.AvatarUrl, user.Email, user.CreatedAt, user.UpdatedAt,
                        user.LastSeenAt, user.Status, user.LoginType, user.IsServiceAccount, user.OrganizationIds, user.Roles, user.HasAiSeat, x.Role);
                })
                .ToList();
            var groups = template.GroupAcl
                .Select(kv => (Group: CoderRules.TryParseUuid(kv.Key, out var id, out _) ? state.GroupById(id) : null, Role: kv.Value))
                .Where(x => x.Group is not null)
                .OrderBy(x => x.Group!.Name, StringComparer.Ordinal)
                .Select(x =>
                {
                    var group = Convert.Group(state, x.Group!);
                    return new TemplateGroup(group.Id, group.Name, group.DisplayName, group.OrganizationId, group.Members, group.TotalMemberCount,
                        group.AvatarUrl, group.QuotaAllowance, group.Source, group.OrganizationName, group.OrganizationDisplayName, x.Role);
                })
                .ToList();
            return Reply.Ok(new TemplateAcl(users, groups));
        }
    }

    private static async Task<IResult> PatchAcl(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Template(state, context.Route("template"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<UpdateTemplateAclRequest>();
            if (body.Failed) return body.Error!;
            var template = found.Row!;
            var request = body.Value!;

            // acl.Validate: groups first, then users; unknown ids only matter when granting a role.
            var errors = new List<ValidationError>();
            errors.AddRange(CheckAcl(request.GroupPerms, "group_perms", "group", id => state.GroupById(id) is not null));
            errors.AddRange(CheckAcl(request.UserPerms, "user_perms", "user", id => state.UserById(id) is not null));
            if (errors.Count > 0) return Reply.BadRequest("Invalid request to update template ACL", validations: errors);

            Apply(template.UserAcl, request.UserPerms);
            Apply(template.GroupAcl, request.GroupPerms);
            return Reply.Ok(new CoderResponse("Successfully updated template ACL list."));
        }

        static void Apply(Dictionary<string, string> acl, Dictionary<string, string>? changes)
        {
            foreach (var (id, role) in changes ?? [])
            {
                if (role.Length == 0) acl.Remove(id);
                else acl[id] = role;
            }
        }
    }

    private static IEnumerable<ValidationError> CheckAcl(Dictionary<string, string>? perms, string field, string noun, Func<Guid, bool> exists)
    {
        var unknown = new List<Guid>();
        foreach (var (rawId, role) in (perms ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (role is not ("admin" or "use" or "")) yield return new ValidationError(field, $"role {Declaration.ParameterRules.GoQuote(role)} is not a valid template role");
            if (!CoderRules.TryParseUuid(rawId, out var id, out _))
            {
                yield return new ValidationError(field, $"{rawId} is not a valid UUID.");
                continue;
            }
            if (role.Length > 0 && !exists(id)) unknown.Add(id);
        }
        foreach (var id in unknown) yield return new ValidationError(field, $"{noun} with ID {id} does not exist");
    }
}

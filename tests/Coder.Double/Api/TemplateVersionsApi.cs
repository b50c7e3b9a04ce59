using Coder.Double.Declaration;
using Coder.Double.Infrastructure;
using Coder.Double.Jobs;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>Template versions, their import job and dry runs (coderd/templateversions.go).</summary>
public static class TemplateVersionsApi
{
    /// <summary>425 Too Early, which coderd answers while an import is still running.</summary>
    private const int TooEarly = 425;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/organizations/{organization}/templateversions", Create);
        api.MapGet("/templateversions/{templateversion}", Get);
        api.MapPatch("/templateversions/{templateversion}", Patch);
        api.MapPatch("/templateversions/{templateversion}/cancel", Cancel);
        api.MapPost("/templateversions/{templateversion}/archive", (HttpContext c, DoubleState s) => SetArchived(c, s, archive: true));
        api.MapPost("/templateversions/{templateversion}/unarchive", (HttpContext c, DoubleState s) => SetArchived(c, s, archive: false));
        api.MapGet("/templateversions/{templateversion}/rich-parameters", RichParameters);
        api.MapGet("/templateversions/{templateversion}/external-auth", ExternalAuth);
        api.MapGet("/templateversions/{templateversion}/variables", Variables);
        api.MapGet("/templateversions/{templateversion}/presets", Presets);
        api.MapGet("/templateversions/{templateversion}/resources", (HttpContext c, DoubleState s) => WithVersion(c, s, (v, job) => ProvisionerJobsApi.Resources(job)));
        api.MapGet("/templateversions/{templateversion}/logs", (HttpContext c, DoubleState s) => WithVersion(c, s, (v, job) => ProvisionerJobsApi.Logs(c, job)));
        api.MapPost("/templateversions/{templateversion}/dry-run", CreateDryRun);
        api.MapGet("/templateversions/{templateversion}/dry-run/{jobID}", (HttpContext c, DoubleState s) => WithDryRun(c, s, job => Reply.Ok(ProvisioningViews.Job(s, job))));
        api.MapGet("/templateversions/{templateversion}/dry-run/{jobID}/logs", (HttpContext c, DoubleState s) => WithDryRun(c, s, job => ProvisionerJobsApi.Logs(c, job)));
        api.MapGet("/templateversions/{templateversion}/dry-run/{jobID}/resources", (HttpContext c, DoubleState s) => WithDryRun(c, s, ProvisionerJobsApi.Resources));
        api.MapGet("/templateversions/{templateversion}/dry-run/{jobID}/matched-provisioners", (HttpContext c, DoubleState s) => WithDryRun(c, s, job => Reply.Ok(ProvisioningViews.Matched(s.DaemonsMatching(job.OrganizationId, job.Tags), s.Now()))));
        api.MapPatch("/templateversions/{templateversion}/dry-run/{jobID}/cancel", CancelDryRun);

        api.MapGet("/templates/{template}/versions", ListByTemplate);
        api.MapPatch("/templates/{template}/versions", Promote);
        api.MapPost("/templates/{template}/versions/archive", ArchiveUnused);
        api.MapGet("/templates/{template}/versions/{templateversionname}", GetByTemplateAndName);
        api.MapGet("/organizations/{organization}/templates/{templatename}/versions/{templateversionname}", GetByOrganizationTemplateAndName);
    }

    private static IResult WithVersion(HttpContext context, DoubleState state, Func<TemplateVersionRow, ProvisionerJobRow, IResult> answer)
    {
        lock (state.Sync)
        {
            var found = ProvisioningLookups.TemplateVersion(state, context.Route("templateversion"));
            return found.Error ?? answer(found.Row!, state.JobOf(found.Row!));
        }
    }

    private static async Task<IResult> Create(HttpContext context, DoubleState state, Provisioner provisioner)
    {
        var raw = await RawBody.ReadAsync(context);
        var actor = AuthenticationFilter.ActorId(context);
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var body = raw.Parse<CreateTemplateVersionRequest>();
            if (body.Failed) return body.Error!;
            var request = body.Value!;

            var templateId = request.TemplateId ?? Guid.Empty;
            if (templateId != Guid.Empty && state.TemplateById(templateId) is null)
            {
                return Reply.Error(StatusCodes.Status404NotFound, "Template does not exist.");
            }
            var fileId = request.FileId ?? Guid.Empty;
            if (!string.IsNullOrEmpty(request.ExampleId) && fileId != Guid.Empty)
            {
                return Reply.BadRequest("You cannot specify both an example_id and a file_id.");
            }
            if (!string.IsNullOrEmpty(request.ExampleId))
            {
                // The double ships no example templates.
                return Reply.BadRequest("Example not found.", $"example with id {ParameterRules.GoQuote(request.ExampleId)} not found: example not found");
            }
            if (state.FileById(fileId) is not { } file) return Reply.Error(StatusCodes.Status404NotFound, "File not found.");

            var name = string.IsNullOrEmpty(request.Name) ? RandomNames.NameDigit() : request.Name;
            if (templateId != Guid.Empty && state.TemplateVersionByName(templateId, name) is not null)
            {
                return Reply.Error(StatusCodes.Status409Conflict, $"A template version with name {ParameterRules.GoQuote(name)} already exists for this template.",
                    validations: [new ValidationError("name", "This value is already in use and should be unique.")]);
            }

            var (declaration, declarationError) = DeclarationReader.Read(file.Data);
            // provisionerdserver.UpdateJob takes the first value given for a variable, else its default.
            var variableValues = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var value in request.UserVariableValues ?? []) variableValues.TryAdd(value.Name ?? "", value.Value ?? "");
            (string, string)? forcedError = null;
            if (declarationError is not null)
            {
                forcedError = (declarationError, "");
            }
            else if (declaration.Variables.Where(v => v.Required && (variableValues.GetValueOrDefault(v.Name) ?? v.DefaultValue ?? "") == "")
                         .Select(v => v.Name).ToList() is { Count: > 0 } missing)
            {
                // UpdateJob refuses a required variable whose value is empty, given or not; the runner reports it
                // ("update job: …") with this code.
                forcedError = ($"update job: required template variables need values: {string.Join(", ", missing)}", "REQUIRED_TEMPLATE_VARIABLES");
            }

            var versionId = Guid.NewGuid();
            var job = provisioner.StartJob(JobKinds.Import, organization.Row!.Id, actor, file.Id, ProvisionerTags.Mutate(actor, request.Tags),
                declaration, templateVersionId: versionId, forcedError: forcedError);
            var now = state.Now();
            var version = new TemplateVersionRow
            {
                Id = versionId,
                TemplateId = templateId == Guid.Empty ? null : templateId,
                OrganizationId = organization.Row.Id,
                Name = name,
                Message = request.Message ?? "",
                JobId = job.Id,
                CreatedBy = actor,
                CreatedAt = now,
                UpdatedAt = now,
                Declaration = declaration,
                DeclarationError = declarationError,
                VariableValues = variableValues,
            };
            state.TemplateVersions.Add(version);
            return Reply.Created(ProvisioningViews.TemplateVersion(state, version, VersionAnswer.Created));
        }
    }

    private static IResult Get(HttpContext context, DoubleState state) => WithVersion(context, state, (version, job) =>
        Reply.Ok(ProvisioningViews.TemplateVersion(state, version, VersionAnswer.Read)));

    private static async Task<IResult> Patch(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.TemplateVersion(state, context.Route("templateversion"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<PatchTemplateVersionRequest>();
            if (body.Failed) return body.Error!;
            var version = found.Row!;
            var request = body.Value!;

            var name = string.IsNullOrEmpty(request.Name) ? version.Name : request.Name;
            if (version.TemplateId is { } templateId && name != version.Name && state.TemplateVersionByName(templateId, name) is not null)
            {
                return Reply.BadRequest("template version name must be unique for a template",
                    validations: [new ValidationError("name", "Name is already used")]);
            }
            version.Name = name;
            if (request.Message is not null) version.Message = request.Message;
            version.UpdatedAt = state.Now();
            return Reply.Ok(ProvisioningViews.TemplateVersion(state, version, VersionAnswer.Read));
        }
    }

    private static IResult Cancel(HttpContext context, DoubleState state, Provisioner provisioner) => WithVersion(context, state, (_, job) =>
    {
        if (job.CompletedAt is not null) return Reply.BadRequest("Job has already completed!");
        if (job.CanceledAt is not null) return Reply.BadRequest("Job has already been marked as canceled!");
        provisioner.Cancel(job);
        return Reply.Ok(new CoderResponse("Job has been marked as canceled..."));
    });

    private static IResult SetArchived(HttpContext context, DoubleState state, bool archive) => WithVersion(context, state, (version, _) =>
    {
        var verb = archive ? "archived" : "unarchived";
        if (version.Archived == archive) return Reply.BadRequest($"Template version already {verb}");
        if (version.TemplateId is not { } templateId) return Reply.BadRequest("Cannot archive template versions not associate with a template.");
        if (archive)
        {
            if (ArchiveUnusedVersions(state, state.TemplateById(templateId)!, onlyVersion: version.Id, onlyStatus: null).Count == 0)
            {
                return Reply.Error(StatusCodes.Status500InternalServerError, "Internal error fetching template version.",
                    "Unable to archive specified version, the version is likely in use by a workspace or currently set to the active version");
            }
        }
        else
        {
            version.Archived = false;
            version.UpdatedAt = state.Now();
        }
        // coderd answers a bare JSON string here (swagger says codersdk.Response).
        return Reply.Ok($"template version \"{version.Id}\" {verb}");
    });

    private static IResult RichParameters(HttpContext context, DoubleState state) => WithVersion(context, state, (version, job) =>
        job.CompletedAt is null
            ? Reply.Error(TooEarly, "Template version job has not finished")
            : Reply.Ok(version.Parameters.Select(ProvisioningViews.Parameter).ToList()));

    private static IResult ExternalAuth(HttpContext context, DoubleState state) => WithVersion(context, state, (_, _) =>
    {
        var userId = context.Request.Query["user_id"].FirstOrDefault();
        if (!string.IsNullOrEmpty(userId) && userId != "me" && !CoderRules.TryParseUuid(userId, out _, out var error))
        {
            return Reply.BadRequest("Invalid user_id query parameter.", error);
        }
        // The double configures no external auth providers, so no template can reference one.
        return Reply.Ok(Array.Empty<object>());
    });

    private static IResult Variables(HttpContext context, DoubleState state) => WithVersion(context, state, (version, job) =>
        job.CompletedAt is null
            ? Reply.Error(StatusCodes.Status403Forbidden, "Template version job has not finished")
            : Reply.Ok(version.Variables.Select(v => ProvisioningViews.Variable(v, version.VariableValues.GetValueOrDefault(v.Name) ?? v.DefaultValue ?? "")).ToList()));

    // coderd writes a nil slice here, so a version without presets answers null.
    private static IResult Presets(HttpContext context, DoubleState state) => WithVersion(context, state, (_, _) =>
        Results.Content("null\n", "application/json; charset=utf-8"));

    private static async Task<IResult> CreateDryRun(HttpContext context, DoubleState state, Provisioner provisioner)
    {
        var raw = await RawBody.ReadAsync(context);
        var actor = AuthenticationFilter.ActorId(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.TemplateVersion(state, context.Route("templateversion"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<CreateTemplateVersionDryRunRequest>();
            if (body.Failed) return body.Error!;
            var version = found.Row!;
            var import = state.JobOf(version);
            if (import.CompletedAt is null) return Reply.Error(TooEarly, "Template version import job hasn't completed!");

            var job = provisioner.StartJob(JobKinds.DryRun, version.OrganizationId, actor, import.FileId, new Dictionary<string, string>(import.Tags),
                version.Declaration, templateVersionId: version.Id,
                dryRunParameters: (body.Value!.RichParameterValues ?? []).Select(v => (v.Name ?? "", v.Value ?? "")).ToList());
            return Reply.Created(ProvisioningViews.Job(state, job, justCreated: true));
        }
    }

    /// <summary>fetchTemplateVersionDryRunJob: the job must exist, be a dry run, and belong to this version.</summary>
    private static IResult WithDryRun(HttpContext context, DoubleState state, Func<ProvisionerJobRow, IResult> answer)
    {
        lock (state.Sync)
        {
            var found = ProvisioningLookups.TemplateVersion(state, context.Route("templateversion"));
            if (found.Error is not null) return found.Error;
            var rawJob = context.Route("jobID") ?? "";
            if (!CoderRules.TryParseUuid(rawJob, out var jobId, out var error))
            {
                return Reply.BadRequest($"Job ID {ParameterRules.GoQuote(rawJob)} must be a valid UUID.", error);
            }
            // GetProvisionerJobsByIDsWithQueuePosition finds no row without an error, and coderd's handler then
            // dereferences that nil error: the panic is recovered as a bare internal error.
            if (state.JobById(jobId) is not { } job) return Reply.InternalError("");
            if (job.Type != JobKinds.DryRun || job.TemplateVersionId != found.Row!.Id) return Reply.Forbidden();
            return answer(job);
        }
    }

    private static IResult CancelDryRun(HttpContext context, DoubleState state, Provisioner provisioner) => WithDryRun(context, state, job =>
    {
        if (job.CompletedAt is not null) return Reply.BadRequest("Job has already completed.");
        if (job.CanceledAt is not null) return Reply.BadRequest("Job has already been marked as canceled.");
        provisioner.Cancel(job);
        return Reply.Ok(new CoderResponse("Job has been marked as canceled."));
    });

    private static IResult ListByTemplate(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Template(state, context.Route("template"));
            if (found.Error is not null) return found.Error;
            var (page, pageError) = Pagination.Parse(context);
            if (page is null) return pageError!;
            var values = ParameterValues.FromQuery(context.Request.Query);
            var parser = new QueryParser();
            var includeArchived = parser.Boolean(values, "include_archived");
            if (parser.Errors.Count > 0) return Reply.BadRequest("Invalid query parameters.", validations: parser.Errors);

            IEnumerable<TemplateVersionRow> versions = state.TemplateVersions
                .Where(v => v.TemplateId == found.Row!.Id && (includeArchived || !v.Archived))
                .OrderBy(v => v.CreatedAt).ThenBy(v => v.Id);
            if (page.AfterId != Guid.Empty)
            {
                if (state.TemplateVersionById(page.AfterId) is not { } cursor)
                {
                    return Reply.BadRequest($"Record at \"after_id\" (\"{page.AfterId}\") does not exists.");
                }
                versions = versions.Where(v => v.CreatedAt > cursor.CreatedAt || (v.CreatedAt == cursor.CreatedAt && v.Id.CompareTo(cursor.Id) > 0));
            }
            versions = versions.Skip(page.Offset);
            if (page.Limit > 0) versions = versions.Take(page.Limit);
            return Reply.Ok(versions.Select(v => ProvisioningViews.TemplateVersion(state, v, VersionAnswer.Listed)).ToList());
        }
    }

    private static async Task<IResult> Promote(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Template(state, context.Route("template"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<UpdateActiveTemplateVersionRequest>();
            if (body.Failed) return body.Error!;
            var template = found.Row!;
            if (state.TemplateVersionById(body.Value!.Id!.Value) is not { } version)
            {
                return Reply.Error(StatusCodes.Status404NotFound, "Template version not found.");
            }
            if (version.TemplateId != template.Id)
            {
                return Reply.BadRequest("The provided template version doesn't belong to the specified template.");
            }
            var job = state.JobOf(version);
            if (job.Status != "succeeded")
            {
                return Reply.Error(StatusCodes.Status403Forbidden, "Only versions that have been built successfully can be promoted.",
                    $"Attempted to promote a version with a {job.Status} build");
            }
            if (version.Archived) return Reply.BadRequest("The provided template version is archived.");
            template.ActiveVersionId = version.Id;
            template.UpdatedAt = state.Now();
            return Reply.Ok(new CoderResponse("Updated the active template version!"));
        }
    }

    private static async Task<IResult> ArchiveUnused(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Template(state, context.Route("template"));
            if (found.Error is not null) return found.Error;
            var body = raw.Parse<ArchiveTemplateVersionsRequest>();
            if (body.Failed) return body.Error!;
            var archived = ArchiveUnusedVersions(state, found.Row!, onlyVersion: null, onlyStatus: body.Value!.All == true ? null : "failed");
            // coderd answers ArchiveTemplateVersionsResponse (swagger says codersdk.Response).
            return Reply.Ok(new ArchiveTemplateVersionsResponse(found.Row!.Id, archived));
        }
    }

    /// <summary>
    /// ArchiveUnusedTemplateVersions: a version is never archived while it is the active one, the version of a live
    /// workspace's latest (non-delete) build, or its import is pending or running.
    /// </summary>
    private static List<Guid> ArchiveUnusedVersions(DoubleState state, TemplateRow template, Guid? onlyVersion, string? onlyStatus)
    {
        var used = state.Workspaces
            .Select(w => state.LatestBuild(w.Id))
            .Where(b => b is not null && b.Transition != "delete")
            .Select(b => b!.TemplateVersionId)
            .ToHashSet();
        var archived = new List<Guid>();
        var now = state.Now();
        foreach (var version in state.TemplateVersions.Where(v => v.TemplateId == template.Id && !v.Archived))
        {
            if (onlyVersion is { } only && version.Id != only) continue;
            var status = state.JobOf(version).Status;
            if (used.Contains(version.Id) || version.Id == template.ActiveVersionId || status is "pending" or "running") continue;
            if (onlyStatus is not null && status != onlyStatus) continue;
            version.Archived = true;
            version.UpdatedAt = now;
            archived.Add(version.Id);
        }
        return archived;
    }

    private static IResult GetByTemplateAndName(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = ProvisioningLookups.Template(state, context.Route("template"));
            if (found.Error is not null) return found.Error;
            var name = context.Route("templateversionname") ?? "";
            return state.TemplateVersionByName(found.Row!.Id, name) is { } version
                ? Reply.Ok(ProvisioningViews.TemplateVersion(state, version, VersionAnswer.Read))
                : Reply.Error(StatusCodes.Status404NotFound, $"No template version found by name {ParameterRules.GoQuote(name)}.");
        }
    }

    private static IResult GetByOrganizationTemplateAndName(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            if (state.TemplateByName(organization.Row!.Id, context.Route("templatename") ?? "") is not { } template) return Reply.NotFound();
            var name = context.Route("templateversionname") ?? "";
            return state.TemplateVersionByName(template.Id, name) is { } version
                ? Reply.Ok(ProvisioningViews.TemplateVersion(state, version, VersionAnswer.Read))
                : Reply.Error(StatusCodes.Status404NotFound, $"No template version found by name {ParameterRules.GoQuote(name)}.");
        }
    }
}

/// <summary>coderd's namesgenerator.NameDigitWith("_"): adjective_surname plus two digits.</summary>
internal static class RandomNames
{
    private static readonly string[] Adjectives = ["amazing", "brave", "calm", "eager", "fancy", "gentle", "happy", "jolly", "kind", "lively", "nice", "proud", "silly", "witty"];
    private static readonly string[] Surnames = ["turing", "hopper", "lovelace", "knuth", "ritchie", "thompson", "liskov", "hamilton", "dijkstra", "kay", "wirth", "torvalds"];

    public static string NameDigit() =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}_{Surnames[Random.Shared.Next(Surnames.Length)]}{Random.Shared.Next(100):00}";
}

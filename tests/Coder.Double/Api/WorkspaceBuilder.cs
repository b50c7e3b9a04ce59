using Coder.Double.Declaration;
using Coder.Double.Infrastructure;
using Coder.Double.Jobs;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <param name="VersionId">A specific template version (null: the active one when UseActiveVersion, else the previous build's).</param>
public sealed record BuildRequest(
    string Transition,
    Guid? VersionId,
    bool UseActiveVersion,
    IReadOnlyList<ParameterValue> Values,
    Guid Initiator,
    string Reason = "initiator",
    bool Orphan = false,
    string? LogLevel = null);

/// <summary>
/// coderd's wsbuilder: the checks a new build passes (version belongs to the template and imported successfully, no
/// build is active, parameters resolve), then the build row and its job. Callers hold the state lock.
/// </summary>
public static class WorkspaceBuilder
{
    public static (WorkspaceBuildRow? Build, IResult? Error) Build(
        DoubleState state, Provisioner provisioner, WorkspaceRow workspace, TemplateRow template, BuildRequest request)
    {
        if (!string.IsNullOrEmpty(request.LogLevel))
        {
            // EnableTerraformDebugMode is off in a default deployment.
            return Fail(StatusCodes.Status400BadRequest, "Terraform debug mode is disabled in the deployment configuration.");
        }

        var last = state.LatestBuild(workspace.Id);
        var versionId = request.VersionId ?? (request.UseActiveVersion || last is null ? template.ActiveVersionId : last.TemplateVersionId);
        if (state.TemplateVersionById(versionId) is not { } version)
        {
            return Fail(StatusCodes.Status400BadRequest, "template version does not exist",
                $"get template version {versionId}: sql: no rows in result set");
        }
        if (version.TemplateId != template.Id)
        {
            var templateId = version.TemplateId is { } id ? $"{{UUID:{id} Valid:true}}" : $"{{UUID:{Guid.Empty} Valid:false}}";
            return Fail(StatusCodes.Status400BadRequest, "template version doesn't match template",
                $"templateVersion.TemplateID = {templateId}, template.ID = {template.Id}");
        }

        var import = state.JobOf(version);
        switch (import.Status)
        {
            case "pending" or "running":
                return Fail(StatusCodes.Status406NotAcceptable, $"The provided template version is {import.Status}. Wait for it to complete importing!");
            case "failed" or "canceled":
                return Fail(StatusCodes.Status400BadRequest,
                    $"The provided template version {ParameterRules.GoQuote(version.Name)} has failed to import: {ParameterRules.GoQuote(import.Error)}. You cannot build workspaces with it!");
        }
        if (last is not null && state.JobOf(last).IsActive)
        {
            return Fail(StatusCodes.Status409Conflict, "A workspace build is already active.");
        }

        var previous = last?.Parameters.Select(p => new ParameterValue(p.Name, p.Value)).ToList();
        var outcome = ParameterRules.Resolve(version.Parameters, request.Values, previous, template.UseClassicParameterFlow);
        if (outcome.Classic is { } classic) return (null, Reply.BadRequest(classic.Message, classic.Detail));
        if (outcome.Dynamic.Count > 0)
        {
            return (null, Reply.BadRequest("Unable to validate parameters",
                validations: outcome.Dynamic.Select(v => new ValidationError(v.Field, v.Detail)).ToList()));
        }

        var now = state.Now();
        var buildId = Guid.NewGuid();
        // getProvisionerTags: the version's tags, with a user scope now owned by the workspace's owner.
        var job = provisioner.StartJob(JobKinds.Build, template.OrganizationId, request.Initiator, import.FileId,
            ProvisionerTags.Mutate(workspace.OwnerId, import.Tags), version.Declaration, workspaceBuildId: buildId, transition: request.Transition,
            orphan: request.Orphan);
        var build = new WorkspaceBuildRow
        {
            Id = buildId,
            WorkspaceId = workspace.Id,
            TemplateVersionId = version.Id,
            BuildNumber = (last?.BuildNumber ?? 0) + 1,
            Transition = request.Transition,
            InitiatorId = request.Initiator,
            JobId = job.Id,
            Reason = request.Reason,
            CreatedAt = now,
            UpdatedAt = now,
            Parameters = outcome.Values.Select(v => (v.Name, v.Value)).ToList(),
            Orphan = request.Orphan,
        };
        state.WorkspaceBuilds.Add(build);

        // buildTx: an orphan delete needs no provisioner (Terraform gets no state), so when no eligible daemon was
        // seen within the stale interval coderd completes it at once and deletes the workspace, rather than leave
        // workspaces of decommissioned daemons undeletable.
        if (request.Orphan && request.Transition == "delete" &&
            !state.EligibleDaemons(job).Any(d => d.LastSeen(now) is { } seen && now - seen <= DoubleState.StaleInterval))
        {
            provisioner.CompleteWithoutProvisioner(job);
            workspace.Deleted = true;
        }
        return (build, null);
    }

    /// <summary>A wsbuilder.BuildError: the message, and the wrapped error as the detail.</summary>
    private static (WorkspaceBuildRow?, IResult?) Fail(int status, string message, string? detail = null) =>
        (null, Reply.Error(status, message, detail ?? message));
}

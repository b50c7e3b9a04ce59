using Coder.Double.Control;
using Coder.Double.Declaration;
using Coder.Double.Model;

namespace Coder.Double.Jobs;

/// <summary>Creates provisioner job rows and hands them to the <see cref="JobEngine"/>. Callers hold DoubleState.Sync.</summary>
public sealed class Provisioner(DoubleState state, JobEngine engine, JobOutcomes settings)
{
    public ProvisionerJobRow StartJob(
        string kind,
        Guid organizationId,
        Guid initiatorId,
        Guid fileId,
        Dictionary<string, string> tags,
        TemplateDeclaration declaration,
        Guid? templateVersionId = null,
        Guid? workspaceBuildId = null,
        string? transition = null,
        (string Error, string ErrorCode)? forcedError = null,
        List<(string Name, string Value)>? dryRunParameters = null,
        bool orphan = false)
    {
        var now = state.Now();
        var job = new ProvisionerJobRow
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId,
            InitiatorId = initiatorId,
            Type = kind,
            FileId = fileId,
            CreatedAt = now,
            UpdatedAt = now,
            Tags = tags,
            TemplateVersionId = templateVersionId,
            WorkspaceBuildId = workspaceBuildId,
            DryRunParameters = dryRunParameters ?? [],
        };
        state.ProvisionerJobs.Add(job);
        engine.Start(job, JobPlanner.Plan(settings, kind, declaration, transition, forcedError, orphan));
        return job;
    }

    public void Cancel(ProvisionerJobRow job) => engine.Cancel(job);

    /// <summary>Completes a job that no provisioner will run (see <see cref="JobEngine.CompleteWithoutProvisioner"/>).</summary>
    public void CompleteWithoutProvisioner(ProvisionerJobRow job) => engine.CompleteWithoutProvisioner(job);
}

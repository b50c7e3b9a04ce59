namespace Coder.Double.Model;

/// <summary>Templates, template versions, provisioner jobs, workspaces and builds (callers hold Sync).</summary>
public sealed partial class DoubleState
{
    private long _lastLogId;

    public List<TemplateRow> Templates { get; } = [];
    public List<TemplateVersionRow> TemplateVersions { get; } = [];
    public List<ProvisionerJobRow> ProvisionerJobs { get; } = [];
    public List<WorkspaceRow> Workspaces { get; } = [];
    public List<WorkspaceBuildRow> WorkspaceBuilds { get; } = [];

    /// <summary>Provisioner log ids come from one sequence, as coderd's bigserial column, so they only grow.</summary>
    public long NextLogId() => ++_lastLogId;

    partial void ResetTemplates()
    {
        Templates.Clear();
        TemplateVersions.Clear();
    }

    partial void ResetProvisionerJobs()
    {
        ProvisionerJobs.Clear();
        // Followers of jobs that no longer exist look again (and end).
        foreach (var signal in _jobChanges.Values) signal.TrySetResult();
        _jobChanges.Clear();
    }

    private readonly Dictionary<Guid, TaskCompletionSource> _jobChanges = [];

    /// <summary>Completes at the job's next change: a log line, a status change (the caller holds Sync). coderd's
    /// log followers learn the same from the provisioner-job-logs pubsub channel.</summary>
    public Task WhenJobChanges(Guid jobId)
    {
        if (!_jobChanges.TryGetValue(jobId, out var signal))
        {
            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _jobChanges[jobId] = signal;
        }
        return signal.Task;
    }

    /// <summary>Wakes the job's followers (the caller holds Sync and changed the job).</summary>
    public void JobChanged(Guid jobId)
    {
        if (_jobChanges.Remove(jobId, out var signal)) signal.TrySetResult();
    }

    partial void ResetWorkspaces()
    {
        Workspaces.Clear();
        WorkspaceBuilds.Clear();
    }

    partial void CountWorkspacesOfUser(Guid userId, ref int count) =>
        count += Workspaces.Count(w => w.OwnerId == userId && !w.Deleted);

    partial void CountOrganizationResources(Guid organizationId, ref int workspaces, ref int templates, ref int provisionerKeys)
    {
        workspaces += Workspaces.Count(w => w.OrganizationId == organizationId && !w.Deleted);
        templates += Templates.Count(t => t.OrganizationId == organizationId && !t.Deleted);
    }

    /// <summary>GetTemplateByID: deleted templates are found too (the URL middleware then answers 404).</summary>
    public TemplateRow? TemplateById(Guid id) => Templates.FirstOrDefault(t => t.Id == id);

    /// <summary>GetTemplateByOrganizationAndName: case-insensitive, deleted templates excluded.</summary>
    public TemplateRow? TemplateByName(Guid organizationId, string name) =>
        Templates.FirstOrDefault(t => t.OrganizationId == organizationId && !t.Deleted && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public TemplateVersionRow? TemplateVersionById(Guid id) => TemplateVersions.FirstOrDefault(v => v.Id == id);

    /// <summary>GetTemplateVersionByTemplateIDAndName: exact name.</summary>
    public TemplateVersionRow? TemplateVersionByName(Guid templateId, string name) =>
        TemplateVersions.FirstOrDefault(v => v.TemplateId == templateId && v.Name == name);

    public ProvisionerJobRow? JobById(Guid id) => ProvisionerJobs.FirstOrDefault(j => j.Id == id);

    public ProvisionerJobRow JobOf(TemplateVersionRow version) => JobById(version.JobId)!;

    public ProvisionerJobRow JobOf(WorkspaceBuildRow build) => JobById(build.JobId)!;

    /// <summary>GetWorkspaceByID: deleted workspaces are found too.</summary>
    public WorkspaceRow? WorkspaceById(Guid id) => Workspaces.FirstOrDefault(w => w.Id == id);

    /// <summary>GetWorkspaceByOwnerIDAndName: case-insensitive; among deleted ones, the newest.</summary>
    public WorkspaceRow? WorkspaceByName(Guid ownerId, string name, bool deleted) =>
        Workspaces.Where(w => w.OwnerId == ownerId && w.Deleted == deleted && string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(w => w.CreatedAt)
            .FirstOrDefault();

    public WorkspaceBuildRow? WorkspaceBuildById(Guid id) => WorkspaceBuilds.FirstOrDefault(b => b.Id == id);

    public WorkspaceBuildRow? LatestBuild(Guid workspaceId) =>
        WorkspaceBuilds.Where(b => b.WorkspaceId == workspaceId).MaxBy(b => b.BuildNumber);

    public WorkspaceBuildRow? BuildOfJob(Guid jobId) => WorkspaceBuilds.FirstOrDefault(b => b.JobId == jobId);

    public TemplateVersionRow? VersionOfJob(Guid jobId) => TemplateVersions.FirstOrDefault(v => v.JobId == jobId);

    /// <summary>Unique owners of the template's live workspaces (coderd's active_user_count, computed live here).</summary>
    public int TemplateOwnerCount(Guid templateId) =>
        Workspaces.Where(w => w.TemplateId == templateId && !w.Deleted).Select(w => w.OwnerId).Distinct().Count();
}

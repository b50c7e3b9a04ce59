using Coder.Client.Archives;
using Coder.Client.Jobs;
using Coder.Client.Models;
using Coder.Double;
using Coder.Double.Control;

namespace Coder.Client.Tests.AgainstDouble;

/// <summary>
/// The setup steps of the provisioning tests, done the way a user of the client does them: a template archive built
/// with <see cref="TemplateArchive"/> (optionally carrying the double's <c>coder-double.json</c>, which says what
/// Terraform would have reported), uploaded, imported as a template version, waited for with the real
/// <see cref="ProvisionerJobWaiter"/>, then turned into templates, workspaces and builds.
/// </summary>
public sealed class ProvisioningSteps(ICoderClient client, Guid organizationId)
{
    /// <summary>How long a step may wait for a job. The jobs take milliseconds; this only stops a hung test, and is
    /// generous because CI runs on two loaded cores.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Jobs of a few tens of milliseconds, so that tests that wait for real jobs stay quick.</summary>
    public static readonly JobTiming FastJobs = new(PendingMs: 5, RunningMs: 40, CancelMs: 10);

    /// <summary>Fast jobs, and no upload rate limit (coderd's 12 a minute would stop a test that imports a few
    /// versions).</summary>
    public static CoderDoubleOptions FastOptions() => new() { JobTiming = FastJobs, FilesRateLimit = 0 };

    public ProvisionerJobWaiter Waiter { get; } = new();

    public string Organization { get; } = organizationId.ToString();

    /// <summary>A one-resource Terraform template, with the double's declaration and a README when given.</summary>
    public static Task<TemplateArchiveContent> BuildArchiveAsync(string? declaration = null, string? readme = null, CancellationToken cancellationToken = default)
    {
        var files = new List<TemplateFile> { TemplateFile.Text("main.tf", "resource \"null_resource\" \"main\" {}\n") };
        if (declaration is not null)
        {
            files.Add(TemplateFile.Text("coder-double.json", declaration));
        }

        if (readme is not null)
        {
            files.Add(TemplateFile.Text("README.md", readme));
        }

        return TemplateArchive.FromFiles(files).BuildAsync(cancellationToken);
    }

    public async Task<Guid> UploadAsync(string? declaration = null, string? readme = null, CancellationToken cancellationToken = default)
    {
        using var archive = await BuildArchiveAsync(declaration, readme, cancellationToken);
        return (await client.Files.UploadTarAsync(archive.Content, cancellationToken)).Hash;
    }

    /// <summary>Uploads a template and creates a version of it; its import job has only just started.</summary>
    public async Task<TemplateVersion> StartVersionAsync(
        string? declaration = null,
        Guid? templateId = null,
        string? name = null,
        IReadOnlyList<VariableValue>? variables = null,
        string? readme = null,
        CancellationToken cancellationToken = default)
    {
        var fileId = await UploadAsync(declaration, readme, cancellationToken);
        return await client.TemplateVersions.CreateAsync(Organization, new CreateTemplateVersionRequest
        {
            FileId = fileId,
            Provisioner = ProvisionerType.Terraform,
            StorageMethod = ProvisionerStorageMethod.File,
            TemplateId = templateId,
            Name = name,
            UserVariableValues = variables,
        }, cancellationToken);
    }

    /// <summary>Waits for the version's import; throws <see cref="ProvisionerJobFailedException"/> when it fails.</summary>
    public async Task<TemplateVersion> WaitForImportAsync(Guid versionId, CancellationToken cancellationToken = default)
    {
        using var deadline = Within(cancellationToken);
        await Waiter.WaitAsync(ProvisionerJobSource.TemplateVersionImport(client, versionId), cancellationToken: deadline.Token);
        return await client.TemplateVersions.GetAsync(versionId, cancellationToken);
    }

    /// <summary>A version whose import succeeded.</summary>
    public async Task<TemplateVersion> ImportAsync(
        string? declaration = null,
        Guid? templateId = null,
        string? name = null,
        IReadOnlyList<VariableValue>? variables = null,
        string? readme = null,
        CancellationToken cancellationToken = default)
    {
        var version = await StartVersionAsync(declaration, templateId, name, variables, readme, cancellationToken);
        return await WaitForImportAsync(version.Id, cancellationToken);
    }

    /// <summary>A template whose first version imported successfully.</summary>
    /// <param name="configure">Changes the create request beyond its name and version.</param>
    public async Task<Template> CreateTemplateAsync(
        string name,
        string? declaration = null,
        Func<CreateTemplateRequest, CreateTemplateRequest>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var version = await ImportAsync(declaration, cancellationToken: cancellationToken);
        var request = new CreateTemplateRequest { Name = name, TemplateVersionId = version.Id };
        return await client.Templates.CreateAsync(Organization, configure?.Invoke(request) ?? request, cancellationToken);
    }

    /// <summary>A workspace whose first (start) build finished; throws when that build failed.</summary>
    public async Task<Workspace> CreateWorkspaceAsync(
        Guid templateId,
        string name,
        IReadOnlyList<WorkspaceBuildParameter>? parameters = null,
        string user = "me",
        CancellationToken cancellationToken = default)
    {
        var created = await client.Workspaces.CreateAsync(user, new CreateWorkspaceRequest
        {
            Name = name,
            TemplateId = templateId,
            RichParameterValues = parameters,
        }, cancellationToken);
        await WaitForBuildAsync(created.LatestBuild.Id, cancellationToken);
        return await client.Workspaces.GetAsync(created.Id, cancellationToken: cancellationToken);
    }

    /// <summary>Starts a build of the workspace and waits for it; throws when it fails.</summary>
    public async Task<WorkspaceBuild> BuildAsync(
        Guid workspaceId,
        string transition,
        IReadOnlyList<WorkspaceBuildParameter>? parameters = null,
        CancellationToken cancellationToken = default)
    {
        var build = await client.Workspaces.CreateBuildAsync(workspaceId, new CreateWorkspaceBuildRequest
        {
            Transition = transition,
            RichParameterValues = parameters,
        }, cancellationToken);
        await WaitForBuildAsync(build.Id, cancellationToken);
        return await client.WorkspaceBuilds.GetAsync(build.Id, cancellationToken);
    }

    public async Task<ProvisionerJob> WaitForBuildAsync(Guid buildId, CancellationToken cancellationToken = default)
    {
        using var deadline = Within(cancellationToken);
        return await Waiter.WaitAsync(ProvisionerJobSource.WorkspaceBuild(client, buildId), cancellationToken: deadline.Token);
    }

    public static IReadOnlyList<WorkspaceBuildParameter> Values(params (string Name, string Value)[] values) =>
        values.Select(v => new WorkspaceBuildParameter { Name = v.Name, Value = v.Value }).ToList();

    private static CancellationTokenSource Within(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(Deadline);
        return source;
    }
}

/// <summary>A fresh double with fast jobs per test, and <see cref="ProvisioningSteps"/> on its owner's client.</summary>
public abstract class ProvisioningTest : DoubleTest
{
    private ProvisioningSteps? _steps;

    protected ProvisioningSteps Steps => _steps ??= new ProvisioningSteps(Client, DefaultOrganizationId);

    protected override CoderDoubleOptions DoubleOptions => ProvisioningSteps.FastOptions();

    protected string Organization => Steps.Organization;
}

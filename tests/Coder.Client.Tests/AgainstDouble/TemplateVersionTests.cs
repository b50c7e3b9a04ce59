using System.Net;
using Coder.Client.Errors;
using Coder.Client.Jobs;
using Coder.Client.Models;

namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class TemplateVersionTests : ProvisioningTest
{
    /// <summary>What Terraform would report for a small docker template: two parameters, a plain and a sensitive
    /// variable, a container with an agent and a persistent volume, and two extra import log lines.</summary>
    private const string DockerTemplate = """
        {
          "parameters": [
            {"name": "region", "display_name": "Region", "description": "Where it runs", "default": "eu",
             "options": [{"name": "Europe", "value": "eu"}, {"name": "United States", "value": "us"}]},
            {"name": "cpus", "type": "number", "default": 2, "mutable": true, "validation": {"min": 1, "max": 8}}
          ],
          "variables": [
            {"name": "image", "type": "string", "default": "ubuntu", "description": "Base image"},
            {"name": "registry_token", "type": "string", "default": "s3cret", "sensitive": true}
          ],
          "resources": [
            {"name": "dev", "type": "docker_container", "daily_cost": 3,
             "metadata": [{"key": "image", "value": "ubuntu"}],
             "agents": [{"name": "main", "operating_system": "linux", "architecture": "arm64"}]},
            {"name": "home", "type": "docker_volume", "persistent": true}
          ],
          "import": {"logs": ["resolving modules", "planning"]}
        }
        """;

    [Fact]
    public async Task An_import_reports_the_templates_parameters_variables_resources_and_readme()
    {
        var version = await Steps.ImportAsync(DockerTemplate, readme: "# Docker\nA dev box.\n");

        Assert.Equal(ProvisionerJobStatus.Succeeded, version.Job.Status);
        Assert.Equal(ProvisionerJobType.TemplateVersionImport, version.Job.Type);
        Assert.Equal("# Docker\nA dev box.\n", version.Readme);
        Assert.Equal(DefaultOrganizationId, version.OrganizationId);
        Assert.Equal("admin", version.CreatedBy.Username);

        var parameters = await Client.TemplateVersions.GetRichParametersAsync(version.Id);
        var region = Assert.Single(parameters, p => p.Name == "region");
        Assert.Equal("Region", region.DisplayName);
        Assert.Equal("Where it runs", region.Description);
        Assert.Equal("string", region.Type);
        Assert.Equal("eu", region.DefaultValue);
        Assert.False(region.Required);
        Assert.False(region.Mutable);
        Assert.Equal(["eu", "us"], region.Options!.Select(o => o.Value));
        var cpus = Assert.Single(parameters, p => p.Name == "cpus");
        Assert.Equal("number", cpus.Type);
        Assert.Equal("2", cpus.DefaultValue);
        Assert.True(cpus.Mutable);
        Assert.Equal(1, cpus.ValidationMin);
        Assert.Equal(8, cpus.ValidationMax);

        var variables = await Client.TemplateVersions.GetVariablesAsync(version.Id);
        var image = Assert.Single(variables, v => v.Name == "image");
        Assert.Equal(("ubuntu", "ubuntu", "Base image", false), (image.Value, image.DefaultValue, image.Description, image.Required));
        // coderd never hands out sensitive values.
        var token = Assert.Single(variables, v => v.Name == "registry_token");
        Assert.True(token.Sensitive);
        Assert.Equal(("*redacted*", "*redacted*"), (token.Value, token.DefaultValue));

        // The import plans both a running and a stopped workspace, so the persistent volume is listed for both.
        var resources = await Client.TemplateVersions.GetResourcesAsync(version.Id);
        Assert.Equal([("dev", WorkspaceTransition.Start), ("home", WorkspaceTransition.Start), ("home", WorkspaceTransition.Stop)],
            resources.Select(r => (r.Name, r.WorkspaceTransition)));
        var dev = resources[0];
        Assert.Equal(("docker_container", 3, version.Job.Id), (dev.Type, dev.DailyCost, dev.JobId));
        Assert.Equal(("image", "ubuntu"), (dev.Metadata![0].Key, dev.Metadata[0].Value));
        var agent = Assert.Single(dev.Agents!);
        Assert.Equal(("main", "linux", "arm64"), (agent.Name, agent.OperatingSystem, agent.Architecture));

        // The deployment configures no external auth providers.
        Assert.Empty(await Client.TemplateVersions.GetExternalAuthAsync(version.Id));
    }

    [Fact]
    public async Task Import_logs_are_read_whole_or_after_a_given_line()
    {
        var version = await Steps.ImportAsync(DockerTemplate);

        var logs = await Client.TemplateVersions.GetLogsAsync(version.Id);
        var later = await Client.TemplateVersions.GetLogsAsync(version.Id, after: logs[^3].Id);

        Assert.Equal(logs.Select(l => l.Id).Order(), logs.Select(l => l.Id));
        Assert.Contains(logs, l => l.Output == "planning" && l.LogSource == JobLogSource.Provisioner && l.LogLevel == JobLogLevel.Info);
        Assert.Equal(logs.TakeLast(2).Select(l => l.Id), later.Select(l => l.Id));
    }

    [Fact]
    public async Task A_version_is_found_by_name_through_its_template_and_through_its_organization()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var second = await Steps.ImportAsync(templateId: template.Id, name: "v2");

        var byTemplate = await Client.TemplateVersions.GetByTemplateAndNameAsync(template.Id, "v2");
        var byOrganization = await Client.TemplateVersions.GetByOrganizationTemplateAndNameAsync("coder", "docker", "v2");

        Assert.Equal((second.Id, template.Id), (byTemplate.Id, byTemplate.TemplateId));
        Assert.Equal((second.Id, template.Id), (byOrganization.Id, byOrganization.TemplateId));
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.TemplateVersions.GetByTemplateAndNameAsync(template.Id, "v3"))).IsNotFound);
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.TemplateVersions.GetByOrganizationTemplateAndNameAsync("coder", "docker", "v3"))).IsNotFound);
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.TemplateVersions.GetByOrganizationTemplateAndNameAsync("coder", "podman", "v2"))).IsNotFound);
    }

    [Fact]
    public async Task Patching_a_version_renames_it_and_changes_its_message()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var version = await Steps.ImportAsync(templateId: template.Id, name: "v2");

        var patched = await Client.TemplateVersions.UpdateAsync(version.Id, new PatchTemplateVersionRequest { Name = "v2-final", Message = "Pinned the image" });

        Assert.Equal(("v2-final", "Pinned the image"), (patched.Name, patched.Message));
        var read = await Client.TemplateVersions.GetByTemplateAndNameAsync(template.Id, "v2-final");
        Assert.Equal((version.Id, "Pinned the image"), (read.Id, read.Message));
    }

    [Fact]
    public async Task A_version_name_is_unique_within_its_template()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var first = await Client.TemplateVersions.GetAsync(template.ActiveVersionId);
        var second = await Steps.ImportAsync(templateId: template.Id, name: "v2");

        var create = await Assert.ThrowsAsync<CoderApiException>(() => Steps.StartVersionAsync(templateId: template.Id, name: "v2"));
        var rename = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.TemplateVersions.UpdateAsync(second.Id, new PatchTemplateVersionRequest { Name = first.Name }));

        // coderd answers a taken name with 409 on create but 400 on rename; both name the field.
        Assert.Equal(CoderErrorKind.Conflict, create.Kind);
        Assert.Contains(create.Validations, v => v.Field == "name");
        Assert.Equal(CoderErrorKind.Validation, rename.Kind);
        Assert.Contains(rename.Validations, v => v.Field == "name");
        Assert.Equal("v2", (await Client.TemplateVersions.GetAsync(second.Id)).Name);
    }

    [Fact]
    public async Task Canceling_a_pending_import_cancels_it_at_once_and_only_once()
    {
        // Held jobs stay pending, which makes "pending" a state the test can rely on.
        Coder.Control.HoldJobs();
        var version = await Steps.StartVersionAsync();

        await Client.TemplateVersions.CancelAsync(version.Id);
        var again = await Assert.ThrowsAsync<CoderApiException>(() => Client.TemplateVersions.CancelAsync(version.Id));

        var job = (await Client.TemplateVersions.GetAsync(version.Id)).Job;
        Assert.Equal(ProvisionerJobStatus.Canceled, job.Status);
        Assert.NotNull(job.CanceledAt);
        Assert.NotNull(job.CompletedAt);
        Assert.Equal(CoderErrorKind.Validation, again.Kind);
        Assert.Equal("Job has already completed!", again.CoderMessage);
    }

    [Fact]
    public async Task Parameters_variables_and_dry_runs_wait_for_the_import_to_finish()
    {
        Coder.Control.HoldJobs();
        var version = await Steps.StartVersionAsync(DockerTemplate);

        var parameters = await Assert.ThrowsAsync<CoderApiException>(() => Client.TemplateVersions.GetRichParametersAsync(version.Id));
        var variables = await Assert.ThrowsAsync<CoderApiException>(() => Client.TemplateVersions.GetVariablesAsync(version.Id));
        var dryRun = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.TemplateVersions.CreateDryRunAsync(version.Id, new CreateTemplateVersionDryRunRequest()));

        // coderd's own choices: 425 Too Early for parameters and dry runs, 403 for variables.
        Assert.Equal((HttpStatusCode)425, parameters.StatusCode);
        Assert.Equal("Template version job has not finished", parameters.CoderMessage);
        Assert.Equal(CoderErrorKind.Forbidden, variables.Kind);
        Assert.Null(variables.MissingLicenseFeature);
        Assert.Equal((HttpStatusCode)425, dryRun.StatusCode);
    }

    [Fact]
    public async Task A_required_variable_needs_a_value_for_the_import_to_succeed()
    {
        const string declaration = """{"variables": [{"name": "namespace", "type": "string", "description": "Kubernetes namespace"}]}""";

        var missing = await Steps.StartVersionAsync(declaration);
        var failure = await Assert.ThrowsAsync<ProvisionerJobFailedException>(() => Steps.WaitForImportAsync(missing.Id));
        var given = await Steps.ImportAsync(declaration, variables: [new VariableValue { Name = "namespace", Value = "dev" }]);

        Assert.Equal(JobErrorCode.RequiredTemplateVariables, failure.ErrorCode);
        Assert.Contains("namespace", failure.JobError);
        var variable = Assert.Single(await Client.TemplateVersions.GetVariablesAsync(given.Id));
        Assert.Equal(("namespace", "dev", true), (variable.Name, variable.Value, variable.Required));
    }

    [Fact]
    public async Task An_archived_version_leaves_the_version_list_until_it_is_unarchived()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var old = await Steps.ImportAsync(templateId: template.Id, name: "old");

        await Client.TemplateVersions.ArchiveAsync(old.Id);

        Assert.Equal([template.ActiveVersionId], (await Client.Templates.ListVersionsAsync(template.Id)).Select(v => v.Id));
        var all = await Client.Templates.ListVersionsAsync(template.Id, includeArchived: true);
        Assert.True(Assert.Single(all, v => v.Id == old.Id).Archived);
        Assert.True((await Client.TemplateVersions.GetAsync(old.Id)).Archived);
        var twice = await Assert.ThrowsAsync<CoderApiException>(() => Client.TemplateVersions.ArchiveAsync(old.Id));
        Assert.Equal(CoderErrorKind.Validation, twice.Kind);

        await Client.TemplateVersions.UnarchiveAsync(old.Id);

        Assert.False((await Client.TemplateVersions.GetAsync(old.Id)).Archived);
        Assert.Equal(2, (await Client.Templates.ListVersionsAsync(template.Id)).Count);
    }

    [Fact]
    public async Task The_active_version_cannot_be_archived()
    {
        var template = await Steps.CreateTemplateAsync("docker");

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.TemplateVersions.ArchiveAsync(template.ActiveVersionId));

        // coderd reports this refusal as an internal error, explaining it in the detail.
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("currently set to the active version", error.Detail);
        Assert.False((await Client.TemplateVersions.GetAsync(template.ActiveVersionId)).Archived);
    }

    [Fact]
    public async Task Canceling_a_pending_dry_run_cancels_it()
    {
        var version = await Steps.ImportAsync(DockerTemplate);
        Coder.Control.HoldJobs();
        var dryRun = await Client.TemplateVersions.CreateDryRunAsync(version.Id, new CreateTemplateVersionDryRunRequest
        {
            WorkspaceName = "preview",
            RichParameterValues = ProvisioningSteps.Values(("region", "us")),
        });

        await Client.TemplateVersions.CancelDryRunAsync(version.Id, dryRun.Id);

        var job = await Client.TemplateVersions.GetDryRunAsync(version.Id, dryRun.Id);
        Assert.Equal((ProvisionerJobStatus.Canceled, ProvisionerJobType.TemplateVersionDryRun), (job.Status, job.Type));
        Assert.Equal(version.Id, job.Input.TemplateVersionId);
        Assert.Empty(await Client.TemplateVersions.GetDryRunResourcesAsync(version.Id, dryRun.Id));
        var again = await Assert.ThrowsAsync<CoderApiException>(() => Client.TemplateVersions.CancelDryRunAsync(version.Id, dryRun.Id));
        Assert.Equal(CoderErrorKind.Validation, again.Kind);
    }

    [Fact]
    public async Task A_version_of_an_unknown_template_or_file_is_not_found()
    {
        var fileId = await Steps.UploadAsync();

        var unknownTemplate = await Assert.ThrowsAsync<CoderApiException>(() => Client.TemplateVersions.CreateAsync(Organization,
            new CreateTemplateVersionRequest { FileId = fileId, TemplateId = Guid.NewGuid(), Provisioner = ProvisionerType.Terraform, StorageMethod = ProvisionerStorageMethod.File }));
        var unknownFile = await Assert.ThrowsAsync<CoderApiException>(() => Client.TemplateVersions.CreateAsync(Organization,
            new CreateTemplateVersionRequest { FileId = Guid.NewGuid(), Provisioner = ProvisionerType.Terraform, StorageMethod = ProvisionerStorageMethod.File }));

        Assert.True(unknownTemplate.IsNotFound);
        Assert.True(unknownFile.IsNotFound);
    }
}

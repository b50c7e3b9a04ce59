using System.Net;
using Coder.Client.Errors;
using Coder.Client.Jobs;
using Coder.Client.Models;

namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class WorkspaceBuildTests : ProvisioningTest
{
    /// <summary>An immutable choice and a mutable number that may only grow, a container (gone while stopped) and a
    /// persistent home volume.</summary>
    private const string DevBox = """
        {
          "parameters": [
            {"name": "region", "default": "eu", "options": [{"name": "Europe", "value": "eu"}, {"name": "United States", "value": "us"}]},
            {"name": "cpus", "type": "number", "default": 2, "mutable": true, "validation": {"min": 1, "max": 8, "monotonic": "increasing"}}
          ],
          "resources": [
            {"name": "dev", "type": "docker_container", "agents": [{"name": "main"}]},
            {"name": "home", "type": "docker_volume", "persistent": true}
          ]
        }
        """;

    private async Task<(Template Template, Workspace Workspace)> DevBoxAsync(params (string Name, string Value)[] parameters)
    {
        var template = await Steps.CreateTemplateAsync("devbox", DevBox);
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev", ProvisioningSteps.Values(parameters));
        return (template, workspace);
    }

    [Fact]
    public async Task Stopping_and_starting_move_the_workspace_between_stopped_and_running()
    {
        var (_, workspace) = await DevBoxAsync();
        Assert.Equal(WorkspaceStatus.Running, workspace.LatestBuild.Status);

        var stop = await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Stop);

        Assert.Equal((WorkspaceTransition.Stop, 2, WorkspaceStatus.Stopped), (stop.Transition, stop.BuildNumber, stop.Status));
        // Only the persistent volume outlives a stop.
        Assert.Equal(["home"], stop.Resources!.Select(r => r.Name));
        Assert.Equal(WorkspaceStatus.Stopped, (await Client.Workspaces.GetAsync(workspace.Id)).LatestBuild.Status);

        var start = await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Start);

        Assert.Equal((3, WorkspaceStatus.Running), (start.BuildNumber, start.Status));
        Assert.Equal(["dev", "home"], start.Resources!.Select(r => r.Name));
        Assert.Equal(start.Id, (await Client.Workspaces.GetAsync(workspace.Id)).LatestBuild.Id);
        Assert.Equal([3, 2, 1], (await Client.Workspaces.ListBuildsAsync(workspace.Id)).Select(b => b.BuildNumber));
        Assert.Equal(stop.Id, (await Client.WorkspaceBuilds.GetByNumberAsync("me", "dev", 2)).Id);
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.WorkspaceBuilds.GetByNumberAsync("me", "dev", 4))).IsNotFound);
    }

    [Fact]
    public async Task A_build_waits_pending_while_no_provisioner_takes_it()
    {
        var (_, workspace) = await DevBoxAsync();
        Coder.Control.HoldJobs();

        var stop = await Client.Workspaces.CreateBuildAsync(workspace.Id, new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Stop });

        Assert.Equal(ProvisionerJobStatus.Pending, stop.Job.Status);
        Assert.Equal(WorkspaceStatus.Pending, (await Client.Workspaces.GetAsync(workspace.Id)).LatestBuild.Status);
        Coder.Control.ReleaseJobs();
        await Steps.WaitForBuildAsync(stop.Id);
        Assert.Equal(WorkspaceStatus.Stopped, (await Client.Workspaces.GetAsync(workspace.Id)).LatestBuild.Status);
    }

    [Fact]
    public async Task Builds_page_through_the_workspaces_history()
    {
        var (_, workspace) = await DevBoxAsync();
        var stop = await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Stop);
        await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Start);

        Assert.Equal([3], (await Client.Workspaces.ListBuildsAsync(workspace.Id, limit: 1)).Select(b => b.BuildNumber));
        Assert.Equal([2, 1], (await Client.Workspaces.ListBuildsAsync(workspace.Id, offset: 1)).Select(b => b.BuildNumber));
        // coderd's cursor: builds after the given one in build order, still listed newest first.
        Assert.Equal([3], (await Client.Workspaces.ListBuildsAsync(workspace.Id, afterId: stop.Id)).Select(b => b.BuildNumber));
    }

    [Fact]
    public async Task A_build_while_another_is_active_is_a_conflict()
    {
        var (_, workspace) = await DevBoxAsync();
        Coder.Control.HoldJobs();
        await Client.Workspaces.CreateBuildAsync(workspace.Id, new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Stop });

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Workspaces.CreateBuildAsync(workspace.Id, new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Start }));

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Equal("A workspace build is already active.", error.CoderMessage);
    }

    [Fact]
    public async Task A_deleted_workspace_cannot_be_started_again()
    {
        var (_, workspace) = await DevBoxAsync();
        var delete = await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Delete);
        Assert.Equal(WorkspaceStatus.Deleted, delete.Status);
        Assert.Empty(delete.Resources ?? []);

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Workspaces.CreateBuildAsync(workspace.Id, new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Start }));

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Equal("Cannot start a deleted workspace!", error.CoderMessage);
    }

    [Fact]
    public async Task Build_parameters_carry_over_and_change_where_mutable()
    {
        var (_, workspace) = await DevBoxAsync(("region", "us"), ("cpus", "4"));

        Assert.Equal([("cpus", "4"), ("region", "us")], await ParametersAsync(workspace.LatestBuild.Id));

        await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Stop);
        var start = await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Start, ProvisioningSteps.Values(("cpus", "6")));

        Assert.Equal([("cpus", "6"), ("region", "us")], await ParametersAsync(start.Id));

        async Task<IEnumerable<(string, string)>> ParametersAsync(Guid buildId) =>
            (await Client.WorkspaceBuilds.GetParametersAsync(buildId)).Select(p => (p.Name, p.Value)).Order();
    }

    [Fact]
    public async Task Invalid_parameter_values_are_reported_per_parameter_in_the_validations()
    {
        var template = await Steps.CreateTemplateAsync("devbox", DevBox);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.CreateAsync("me", new CreateWorkspaceRequest
        {
            Name = "dev",
            TemplateId = template.Id,
            RichParameterValues = ProvisioningSteps.Values(("region", "mars"), ("cpus", "9")),
        }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Equal("Unable to validate parameters", error.CoderMessage);
        Assert.Equal(["cpus", "region"], error.Validations.Select(v => v.Field));
        Assert.Contains("value 9 is more than the maximum 8", error.Validations[0].Detail);
        Assert.Contains("the value \"mars\" must be defined as one of options", error.Validations[1].Detail);
        // The exception's message carries them too, for a user who only sees the text.
        Assert.Contains("region:", error.Message);
        Assert.Equal(0, (await Client.Workspaces.ListAsync()).Count);
    }

    [Fact]
    public async Task Changing_an_immutable_parameter_or_lowering_a_monotonic_one_names_the_parameter()
    {
        var (_, workspace) = await DevBoxAsync(("cpus", "4"));
        await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Stop);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.CreateBuildAsync(workspace.Id, new CreateWorkspaceBuildRequest
        {
            Transition = WorkspaceTransition.Start,
            RichParameterValues = ProvisioningSteps.Values(("region", "us"), ("cpus", "3")),
        }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        var cpus = Assert.Single(error.Validations, v => v.Field == "cpus");
        Assert.StartsWith("Parameter \"cpus\" monotonicity", cpus.Detail);
        var region = Assert.Single(error.Validations, v => v.Field == "region");
        Assert.StartsWith("Immutable parameter changed", region.Detail);
        Assert.Equal(2, (await Client.Workspaces.GetAsync(workspace.Id)).LatestBuild.BuildNumber);
    }

    [Fact]
    public async Task The_classic_parameter_flow_names_the_first_invalid_parameter_in_the_message()
    {
        var template = await Steps.CreateTemplateAsync("devbox", DevBox, r => r with { TemplateUseClassicParameterFlow = true });
        Assert.True(template.UseClassicParameterFlow);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.CreateAsync("me", new CreateWorkspaceRequest
        {
            Name = "dev",
            TemplateId = template.Id,
            RichParameterValues = ProvisioningSteps.Values(("region", "mars")),
        }));

        // coderd's classic flow reports one parameter, in the message and detail rather than the validations.
        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Equal("Unable to validate parameter \"region\"", error.CoderMessage);
        Assert.Contains("parameter value must match one of options", error.Detail);
        Assert.Empty(error.Validations);
    }

    [Fact]
    public async Task Canceling_a_pending_build_cancels_it_and_expect_status_guards_the_cancel()
    {
        var (_, workspace) = await DevBoxAsync();
        Coder.Control.HoldJobs();
        var stop = await Client.Workspaces.CreateBuildAsync(workspace.Id, new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Stop });

        var guarded = await Assert.ThrowsAsync<CoderApiException>(() => Client.WorkspaceBuilds.CancelAsync(stop.Id, expectStatus: ProvisionerJobStatus.Running));
        Assert.Equal(HttpStatusCode.PreconditionFailed, guarded.StatusCode);
        Assert.Equal(ProvisionerJobStatus.Pending, (await Client.WorkspaceBuilds.GetAsync(stop.Id)).Job.Status);

        await Client.WorkspaceBuilds.CancelAsync(stop.Id, expectStatus: ProvisionerJobStatus.Pending);

        var canceled = await Client.WorkspaceBuilds.GetAsync(stop.Id);
        Assert.Equal((WorkspaceStatus.Canceled, ProvisionerJobStatus.Canceled), (canceled.Status, canceled.Job.Status));
        Assert.Equal(WorkspaceStatus.Canceled, (await Client.Workspaces.GetAsync(workspace.Id)).LatestBuild.Status);
        var again = await Assert.ThrowsAsync<CoderApiException>(() => Client.WorkspaceBuilds.CancelAsync(stop.Id));
        Assert.Equal(CoderErrorKind.Validation, again.Kind);
    }

    [Fact]
    public async Task Build_logs_are_read_whole_or_after_a_given_line()
    {
        var (_, workspace) = await DevBoxAsync();

        var logs = await Client.WorkspaceBuilds.GetLogsAsync(workspace.LatestBuild.Id);
        var later = await Client.WorkspaceBuilds.GetLogsAsync(workspace.LatestBuild.Id, after: logs[^2].Id);

        Assert.Contains(logs, l => l.Stage == "Starting workspace" && l.Output == "docker_container.dev: Creating...");
        Assert.Equal(logs.Select(l => l.Id).Order(), logs.Select(l => l.Id));
        Assert.Equal([logs[^1].Id], later.Select(l => l.Id));
    }

    [Fact]
    public async Task A_build_needs_a_version_that_imported_successfully()
    {
        var (template, workspace) = await DevBoxAsync();
        var broken = await Steps.StartVersionAsync("""{"import": {"fail": {"error": "terraform init: exit status 1"}}}""", templateId: template.Id);
        await Assert.ThrowsAsync<ProvisionerJobFailedException>(() => Steps.WaitForImportAsync(broken.Id));
        await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Stop);
        Coder.Control.HoldJobs();
        var importing = await Steps.StartVersionAsync(DevBox, templateId: template.Id);

        var fromBroken = await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.CreateBuildAsync(workspace.Id,
            new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Start, TemplateVersionId = broken.Id }));
        var fromImporting = await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.CreateBuildAsync(workspace.Id,
            new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Start, TemplateVersionId = importing.Id }));

        Assert.Equal(CoderErrorKind.Validation, fromBroken.Kind);
        Assert.Contains("has failed to import: \"terraform init: exit status 1\"", fromBroken.CoderMessage);
        // 406 Not Acceptable: coderd asks the caller to wait for the import.
        Assert.Equal(HttpStatusCode.NotAcceptable, fromImporting.StatusCode);
        Assert.Contains("Wait for it to complete importing", fromImporting.CoderMessage);
    }

    [Fact]
    public async Task A_builds_job_is_readable_through_its_organization_with_its_metadata()
    {
        var (template, workspace) = await DevBoxAsync();

        var job = await Client.Organizations.GetProvisionerJobAsync("coder", workspace.LatestBuild.Job.Id);

        Assert.Equal((ProvisionerJobType.WorkspaceBuild, ProvisionerJobStatus.Succeeded), (job.Type, job.Status));
        Assert.Equal(workspace.LatestBuild.Id, job.Input.WorkspaceBuildId);
        Assert.Equal((workspace.Id, "dev", WorkspaceTransition.Start), (job.Metadata.WorkspaceId, job.Metadata.WorkspaceName, job.Metadata.WorkspaceBuildTransition));
        Assert.Equal((template.Id, "devbox"), (job.Metadata.TemplateId, job.Metadata.TemplateName));
        Assert.NotEmpty(job.WorkerName);
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.GetProvisionerJobAsync("coder", Guid.NewGuid()))).IsNotFound);
    }
}

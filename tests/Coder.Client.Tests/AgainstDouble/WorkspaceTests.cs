using System.Net;
using Coder.Client.Errors;
using Coder.Client.Models;

namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class WorkspaceTests : ProvisioningTest
{
    private const string ContainerWithAgent = """
        {"resources": [{"name": "dev", "type": "docker_container", "daily_cost": 2,
                        "agents": [{"name": "main", "operating_system": "linux", "architecture": "amd64"}]}]}
        """;

    [Fact]
    public async Task A_created_workspace_starts_and_reads_back_by_id_and_by_owner_and_name()
    {
        var template = await Steps.CreateTemplateAsync("docker", ContainerWithAgent);

        var created = await Client.Workspaces.CreateAsync("me", new CreateWorkspaceRequest { Name = "dev", TemplateId = template.Id });
        await Steps.WaitForBuildAsync(created.LatestBuild.Id);

        Assert.Equal((WorkspaceTransition.Start, 1, template.ActiveVersionId),
            (created.LatestBuild.Transition, created.LatestBuild.BuildNumber, created.LatestBuild.TemplateVersionId));
        var workspace = await Client.Workspaces.GetAsync(created.Id);
        Assert.Equal(("dev", "admin", Coder.Seed.AdminId), (workspace.Name, workspace.OwnerName, workspace.OwnerId));
        Assert.Equal((template.Id, "docker", DefaultOrganizationId), (workspace.TemplateId, workspace.TemplateName, workspace.OrganizationId));
        Assert.Equal(WorkspaceStatus.Running, workspace.LatestBuild.Status);
        Assert.Equal(AutomaticUpdates.Never, workspace.AutomaticUpdates);
        Assert.False(workspace.Outdated);
        Assert.True(workspace.Health.Healthy);
        var resource = Assert.Single(workspace.LatestBuild.Resources!);
        Assert.Equal(("dev", 2), (resource.Name, workspace.LatestBuild.DailyCost));
        var agent = Assert.Single(resource.Agents!);
        Assert.Equal(("main", WorkspaceAgentStatus.Connected, WorkspaceAgentLifecycle.Ready), (agent.Name, agent.Status, agent.LifecycleState));

        Assert.Equal(created.Id, (await Client.Workspaces.GetByOwnerAndNameAsync("me", "dev")).Id);
        Assert.Equal(created.Id, (await Client.Workspaces.GetByOwnerAndNameAsync("admin", "dev")).Id);
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.GetByOwnerAndNameAsync("me", "prod"))).IsNotFound);
    }

    [Fact]
    public async Task A_workspace_name_is_taken_per_owner()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        await Session.CreateUserAsync("alice");
        await Steps.CreateWorkspaceAsync(template.Id, "dev");

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Workspaces.CreateAsync("me", new CreateWorkspaceRequest { Name = "dev", TemplateId = template.Id }));
        var alices = await Steps.CreateWorkspaceAsync(template.Id, "dev", user: "alice");

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("Workspace \"dev\" already exists.", error.CoderMessage);
        Assert.Contains(error.Validations, v => v.Field == "name");
        Assert.Equal("alice", alices.OwnerName);
    }

    [Fact]
    public async Task An_invalid_ttl_is_a_validation_error_naming_the_field()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");

        var create = await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.CreateAsync("me",
            new CreateWorkspaceRequest { Name = "prod", TemplateId = template.Id, TtlMs = 30_000 }));
        var update = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Workspaces.UpdateTtlAsync(workspace.Id, new UpdateWorkspaceTTLRequest { TtlMs = 31L * 24 * 3_600_000 }));

        Assert.Equal(CoderErrorKind.Validation, create.Kind);
        Assert.Equal(("ttl_ms", "time until shutdown must be at least one minute"), (create.Validations[0].Field, create.Validations[0].Detail));
        Assert.Equal(CoderErrorKind.Validation, update.Kind);
        Assert.Equal(("ttl_ms", "time until shutdown must be less than 30 days"), (update.Validations[0].Field, update.Validations[0].Detail));
        // A refused create leaves no workspace behind.
        Assert.Equal(1, (await Client.Workspaces.ListAsync()).Count);
    }

    [Fact]
    public async Task The_ttl_is_set_and_turned_off()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");

        await Client.Workspaces.UpdateTtlAsync(workspace.Id, new UpdateWorkspaceTTLRequest { TtlMs = 2 * 3_600_000 });
        Assert.Equal(2 * 3_600_000L, (await Client.Workspaces.GetAsync(workspace.Id)).TtlMs);

        await Client.Workspaces.UpdateTtlAsync(workspace.Id, new UpdateWorkspaceTTLRequest { TtlMs = null });
        Assert.Null((await Client.Workspaces.GetAsync(workspace.Id)).TtlMs);
    }

    [Fact]
    public async Task An_invalid_autostart_schedule_is_a_validation_error_naming_the_field()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");

        var create = await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.CreateAsync("me",
            new CreateWorkspaceRequest { Name = "prod", TemplateId = template.Id, AutostartSchedule = "every morning" }));
        var update = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Workspaces.UpdateAutostartAsync(workspace.Id, new UpdateWorkspaceAutostartRequest { Schedule = "30 9 1 * *" }));

        Assert.Equal(CoderErrorKind.Validation, create.Kind);
        Assert.Equal("schedule", Assert.Single(create.Validations).Field);
        Assert.Equal(CoderErrorKind.Validation, update.Kind);
        Assert.Equal("schedule", Assert.Single(update.Validations).Field);
        Assert.Null((await Client.Workspaces.GetAsync(workspace.Id)).AutostartSchedule);
    }

    [Fact]
    public async Task An_autostart_schedule_sets_the_next_start_and_clearing_it_turns_autostart_off()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");
        const string weekdaysAtHalfPastNine = "CRON_TZ=UTC 30 9 * * 1-5";

        await Client.Workspaces.UpdateAutostartAsync(workspace.Id, new UpdateWorkspaceAutostartRequest { Schedule = weekdaysAtHalfPastNine });

        var scheduled = await Client.Workspaces.GetAsync(workspace.Id);
        Assert.Equal(weekdaysAtHalfPastNine, scheduled.AutostartSchedule);
        var next = Assert.NotNull(scheduled.NextStartAt).ToUniversalTime();
        Assert.Equal((9, 30), (next.Hour, next.Minute));
        Assert.InRange(next.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
        Assert.True(next > DateTimeOffset.UtcNow);

        await Client.Workspaces.UpdateAutostartAsync(workspace.Id, new UpdateWorkspaceAutostartRequest { Schedule = null });

        var off = await Client.Workspaces.GetAsync(workspace.Id);
        Assert.Null(off.AutostartSchedule);
        Assert.Null(off.NextStartAt);
    }

    [Fact]
    public async Task Automatic_updates_are_switched_on_and_off()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");

        await Client.Workspaces.UpdateAutomaticUpdatesAsync(workspace.Id, new UpdateWorkspaceAutomaticUpdatesRequest { AutomaticUpdates = AutomaticUpdates.Always });
        Assert.Equal(AutomaticUpdates.Always, (await Client.Workspaces.GetAsync(workspace.Id)).AutomaticUpdates);

        await Client.Workspaces.UpdateAutomaticUpdatesAsync(workspace.Id, new UpdateWorkspaceAutomaticUpdatesRequest { AutomaticUpdates = AutomaticUpdates.Never });
        Assert.Equal(AutomaticUpdates.Never, (await Client.Workspaces.GetAsync(workspace.Id)).AutomaticUpdates);
    }

    [Fact]
    public async Task Dormancy_is_set_and_cleared_and_asking_for_the_current_state_succeeds()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");

        await Client.Workspaces.UpdateDormancyAsync(workspace.Id, new UpdateWorkspaceDormancy { Dormant = true });
        Assert.NotNull((await Client.Workspaces.GetAsync(workspace.Id)).DormantAt);
        // coderd answers 304 Not Modified without a body when nothing changes; that is not a failure.
        await Client.Workspaces.UpdateDormancyAsync(workspace.Id, new UpdateWorkspaceDormancy { Dormant = true });
        Assert.NotNull((await Client.Workspaces.GetAsync(workspace.Id)).DormantAt);

        await Client.Workspaces.UpdateDormancyAsync(workspace.Id, new UpdateWorkspaceDormancy { Dormant = false });
        Assert.Null((await Client.Workspaces.GetAsync(workspace.Id)).DormantAt);
    }

    [Fact]
    public async Task Renaming_needs_the_deployment_to_allow_it()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");
        Assert.False(workspace.AllowRenames);

        var refused = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Workspaces.UpdateAsync(workspace.Id, new UpdateWorkspaceRequest { Name = "devbox" }));
        Assert.Equal(CoderErrorKind.Validation, refused.Kind);
        Assert.Equal("Workspace renames are not allowed.", refused.CoderMessage);

        // coderd's --allow-workspace-renames.
        Coder.Control.Deployment.AllowWorkspaceRenames = true;
        await Client.Workspaces.UpdateAsync(workspace.Id, new UpdateWorkspaceRequest { Name = "devbox" });

        var renamed = await Client.Workspaces.GetByOwnerAndNameAsync("me", "devbox");
        Assert.Equal((workspace.Id, true), (renamed.Id, renamed.AllowRenames));
    }

    [Fact]
    public async Task Listing_filters_with_coders_search_syntax_and_pages()
    {
        var docker = await Steps.CreateTemplateAsync("docker");
        var podman = await Steps.CreateTemplateAsync("podman");
        await Session.CreateUserAsync("alice");
        var mine = await Steps.CreateWorkspaceAsync(docker.Id, "dev");
        var buildBox = await Steps.CreateWorkspaceAsync(podman.Id, "build-box");
        var alices = await Steps.CreateWorkspaceAsync(docker.Id, "dev", user: "alice");
        await Steps.BuildAsync(alices.Id, WorkspaceTransition.Stop);

        async Task<IEnumerable<Guid>> FindAsync(string query) =>
            (await Client.Workspaces.ListAsync(query)).Workspaces!.Select(w => w.Id).Order();

        Assert.Equal(new[] { mine.Id, buildBox.Id, alices.Id }.Order(), await FindAsync(""));
        Assert.Equal([alices.Id], await FindAsync("owner:alice"));
        Assert.Equal(new[] { mine.Id, buildBox.Id }.Order(), await FindAsync("owner:me"));
        Assert.Equal([buildBox.Id], await FindAsync("template:podman"));
        Assert.Equal([alices.Id], await FindAsync("status:stopped"));
        Assert.Equal(new[] { mine.Id, alices.Id }.Order(), await FindAsync("name:dev"));
        Assert.Equal([alices.Id], await FindAsync("alice/dev"));
        Assert.Equal([mine.Id], await FindAsync("owner:me template:docker"));

        var page = await Client.Workspaces.ListAsync(limit: 2, offset: 1);
        Assert.Equal(3, page.Count);
        Assert.Equal(2, page.Workspaces!.Count);
    }

    [Fact]
    public async Task An_invalid_search_query_is_a_validation_error()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.ListAsync("status:sleeping"));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Equal("Invalid workspace search query.", error.CoderMessage);
        Assert.Contains(error.Validations, v => v.Field == "status");
    }

    [Fact]
    public async Task A_deleted_workspace_is_gone_unless_asked_for_and_frees_its_name()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");

        await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Delete);

        // coderd answers 410 Gone by id, 404 by name; both tell a reader the workspace is no more.
        var byId = await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.GetAsync(workspace.Id));
        Assert.Equal((HttpStatusCode.Gone, true), (byId.StatusCode, byId.IsNotFound));
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Workspaces.GetByOwnerAndNameAsync("me", "dev"))).IsNotFound);
        var deleted = await Client.Workspaces.GetAsync(workspace.Id, includeDeleted: true);
        Assert.Equal(WorkspaceStatus.Deleted, deleted.LatestBuild.Status);
        Assert.Equal(workspace.Id, (await Client.Workspaces.GetByOwnerAndNameAsync("me", "dev", includeDeleted: true)).Id);
        Assert.Equal(0, (await Client.Workspaces.ListAsync()).Count);

        var again = await Steps.CreateWorkspaceAsync(template.Id, "dev");
        Assert.NotEqual(workspace.Id, again.Id);
    }

    [Fact]
    public async Task Promoting_a_new_version_makes_existing_workspaces_outdated()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");
        var second = await Steps.ImportAsync(templateId: template.Id);

        await Client.Templates.SetActiveVersionAsync(template.Id, new UpdateActiveTemplateVersion { Id = second.Id });

        var outdated = await Client.Workspaces.GetAsync(workspace.Id);
        Assert.True(outdated.Outdated);
        Assert.Equal(second.Id, outdated.TemplateActiveVersionId);
        Assert.Equal([workspace.Id], (await Client.Workspaces.ListAsync("outdated:true")).Workspaces!.Select(w => w.Id));
    }

    [Fact]
    public async Task A_workspace_of_an_unknown_template_is_a_validation_error_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Workspaces.CreateAsync("me", new CreateWorkspaceRequest { Name = "dev", TemplateId = Guid.NewGuid() }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Equal("template_id", Assert.Single(error.Validations).Field);
    }
}

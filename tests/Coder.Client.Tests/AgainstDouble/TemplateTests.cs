using System.Net;
using Coder.Client.Errors;
using Coder.Client.Jobs;
using Coder.Client.Models;

namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class TemplateTests : ProvisioningTest
{
    private const string FailingImport = """{"import": {"fail": {"error": "terraform plan: exit status 1", "logs": ["Error: Unsupported argument"]}}}""";

    [Fact]
    public async Task A_created_template_reads_back_the_same_by_id_by_name_and_in_lists()
    {
        var version = await Steps.ImportAsync();

        var created = await Client.Templates.CreateAsync(Organization, new CreateTemplateRequest
        {
            Name = "docker",
            TemplateVersionId = version.Id,
            DisplayName = "Docker",
            Description = "A container per developer",
            Icon = "/icon/docker.png",
            DefaultTtlMs = 8 * 3_600_000,
            AllowUserCancelWorkspaceJobs = true,
        });

        Assert.Equal(("docker", "Docker", "A container per developer", "/icon/docker.png"),
            (created.Name, created.DisplayName, created.Description, created.Icon));
        Assert.Equal((version.Id, DefaultOrganizationId, "coder"), (created.ActiveVersionId, created.OrganizationId, created.OrganizationName));
        Assert.Equal((8 * 3_600_000L, true), (created.DefaultTtlMs, created.AllowUserCancelWorkspaceJobs));
        Assert.Equal((Coder.Seed.AdminId, "admin"), (created.CreatedById, created.CreatedByName));
        Assert.Equal(ProvisionerType.Terraform, created.Provisioner);
        Assert.False(created.Deleted);
        // The version now belongs to the template.
        Assert.Equal(created.Id, (await Client.TemplateVersions.GetAsync(version.Id)).TemplateId);

        AssertSameJson(created, await Client.Templates.GetAsync(created.Id));
        AssertSameJson(created, await Client.Templates.GetByNameAsync("coder", "docker"));
        AssertSameJson(created, Assert.Single(await Client.Templates.ListAsync()));
        AssertSameJson(created, Assert.Single(await Client.Templates.ListByOrganizationAsync(DefaultOrganizationId.ToString())));
    }

    [Fact]
    public async Task Templates_are_listed_across_organizations_or_for_one()
    {
        var research = await Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "research" });
        var here = await Steps.CreateTemplateAsync("docker");
        var there = await new ProvisioningSteps(Client, research.Id).CreateTemplateAsync("docker");

        Assert.Equal(new[] { here.Id, there.Id }.Order(), (await Client.Templates.ListAsync()).Select(t => t.Id).Order());
        Assert.Equal([there.Id], (await Client.Templates.ListByOrganizationAsync("research")).Select(t => t.Id));
        Assert.Equal(there.Id, (await Client.Templates.GetByNameAsync("research", "docker")).Id);
    }

    [Fact]
    public async Task Updating_changes_the_fields_that_are_set_and_keeps_the_others()
    {
        var template = await Steps.CreateTemplateAsync("docker", configure: r => r with { Description = "Containers", Icon = "/icon/docker.png" });

        var updated = await Client.Templates.UpdateAsync(template.Id, new UpdateTemplateMeta
        {
            Name = "containers",
            DisplayName = "Containers",
            DefaultTtlMs = 3_600_000,
        });
        Assert.NotNull(updated);

        Assert.Equal(("containers", "Containers", 3_600_000L), (updated.Name, updated.DisplayName, updated.DefaultTtlMs));
        Assert.Equal(("Containers", "/icon/docker.png", template.ActiveVersionId), (updated.Description, updated.Icon, updated.ActiveVersionId));
        AssertSameJson(updated, await Client.Templates.GetByNameAsync("coder", "containers"));
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Templates.GetByNameAsync("coder", "docker"))).IsNotFound);
    }

    [Fact]
    public async Task An_older_coderds_304_without_a_body_to_an_update_reads_as_null_not_an_error()
    {
        var template = await Steps.CreateTemplateAsync("unchanged");
        Coder.Control.Faults.Add(new Coder.Double.Control.FaultRule($"/api/v2/templates/{template.Id}", Method: "PATCH", Status: 304));

        Assert.Null(await Client.Templates.UpdateAsync(template.Id, new UpdateTemplateMeta { Description = template.Description }));
    }

    [Fact]
    public async Task A_template_name_is_taken_in_its_organization_whatever_its_case()
    {
        await Steps.CreateTemplateAsync("docker");
        var version = await Steps.ImportAsync();

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Templates.CreateAsync(Organization, new CreateTemplateRequest { Name = "Docker", TemplateVersionId = version.Id }));

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("Template with name \"Docker\" already exists.", error.CoderMessage);
        Assert.Contains(error.Validations, v => v.Field == "name");
        Assert.Single(await Client.Templates.ListAsync());
    }

    [Fact]
    public async Task Renaming_onto_a_taken_template_name_is_a_conflict()
    {
        await Steps.CreateTemplateAsync("docker");
        var other = await Steps.CreateTemplateAsync("podman");

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Templates.UpdateAsync(other.Id, new UpdateTemplateMeta { Name = "docker" }));

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Equal("podman", (await Client.Templates.GetAsync(other.Id)).Name);
    }

    [Fact]
    public async Task A_version_already_used_by_a_template_cannot_start_another()
    {
        var template = await Steps.CreateTemplateAsync("docker");

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Templates.CreateAsync(Organization, new CreateTemplateRequest { Name = "podman", TemplateVersionId = template.ActiveVersionId }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Contains(error.Validations, v => v.Field == "template_version_id");
    }

    [Fact]
    public async Task An_invalid_schedule_setting_is_a_validation_error_naming_the_field()
    {
        var version = await Steps.ImportAsync();

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Templates.CreateAsync(Organization, new CreateTemplateRequest
        {
            Name = "docker",
            TemplateVersionId = version.Id,
            TimeTilAutostopNotifyMs = 1_000,
        }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Equal("time_til_autostop_notify_ms", Assert.Single(error.Validations).Field);
        Assert.Empty(await Client.Templates.ListAsync());
    }

    [Fact]
    public async Task A_template_cannot_be_deleted_while_a_workspace_uses_it()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var workspace = await Steps.CreateWorkspaceAsync(template.Id, "dev");

        var refused = await Assert.ThrowsAsync<CoderApiException>(() => Client.Templates.DeleteAsync(template.Id));

        Assert.Equal(CoderErrorKind.Validation, refused.Kind);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("All workspaces must be deleted before a template can be removed.", refused.CoderMessage);
        Assert.False((await Client.Templates.GetAsync(template.Id)).Deleted);

        await Steps.BuildAsync(workspace.Id, WorkspaceTransition.Delete);
        await Client.Templates.DeleteAsync(template.Id);

        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Templates.GetAsync(template.Id))).IsNotFound);
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Templates.GetByNameAsync("coder", "docker"))).IsNotFound);
        Assert.Empty(await Client.Templates.ListAsync());
        // Its versions stay readable, and the name is free again.
        Assert.Equal(template.Id, (await Client.TemplateVersions.GetAsync(template.ActiveVersionId)).TemplateId);
        Assert.NotEqual(template.Id, (await Steps.CreateTemplateAsync("docker")).Id);
    }

    [Fact]
    public async Task Promoting_a_version_makes_it_the_active_one()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var second = await Steps.ImportAsync(templateId: template.Id, name: "v2");
        Assert.Equal(template.ActiveVersionId, (await Client.Templates.GetAsync(template.Id)).ActiveVersionId);

        await Client.Templates.SetActiveVersionAsync(template.Id, new UpdateActiveTemplateVersion { Id = second.Id });

        Assert.Equal(second.Id, (await Client.Templates.GetAsync(template.Id)).ActiveVersionId);
        Assert.Equal([template.ActiveVersionId, second.Id], (await Client.Templates.ListVersionsAsync(template.Id)).Select(v => v.Id));
    }

    [Fact]
    public async Task A_version_whose_import_failed_cannot_be_promoted()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var broken = await Steps.StartVersionAsync(FailingImport, templateId: template.Id);
        await Assert.ThrowsAsync<ProvisionerJobFailedException>(() => Steps.WaitForImportAsync(broken.Id));

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Templates.SetActiveVersionAsync(template.Id, new UpdateActiveTemplateVersion { Id = broken.Id }));

        // A 403 that is about the version, not about the license or the caller's rights.
        Assert.Equal(CoderErrorKind.Forbidden, error.Kind);
        Assert.Null(error.MissingLicenseFeature);
        Assert.Equal("Only versions that have been built successfully can be promoted.", error.CoderMessage);
        Assert.Equal("Attempted to promote a version with a failed build", error.Detail);
        Assert.Equal(template.ActiveVersionId, (await Client.Templates.GetAsync(template.Id)).ActiveVersionId);
    }

    [Fact]
    public async Task A_version_of_another_template_cannot_be_promoted()
    {
        var docker = await Steps.CreateTemplateAsync("docker");
        var podman = await Steps.CreateTemplateAsync("podman");

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Templates.SetActiveVersionAsync(docker.Id, new UpdateActiveTemplateVersion { Id = podman.ActiveVersionId }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Equal(docker.ActiveVersionId, (await Client.Templates.GetAsync(docker.Id)).ActiveVersionId);
    }

    [Fact]
    public async Task Versions_are_listed_oldest_first_page_by_page()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var second = await Steps.ImportAsync(templateId: template.Id, name: "v2");
        var third = await Steps.ImportAsync(templateId: template.Id, name: "v3");

        Assert.Equal([template.ActiveVersionId, second.Id, third.Id], (await Client.Templates.ListVersionsAsync(template.Id)).Select(v => v.Id));
        Assert.Equal([template.ActiveVersionId, second.Id], (await Client.Templates.ListVersionsAsync(template.Id, limit: 2)).Select(v => v.Id));
        Assert.Equal([second.Id, third.Id], (await Client.Templates.ListVersionsAsync(template.Id, offset: 1)).Select(v => v.Id));
        Assert.Equal([third.Id], (await Client.Templates.ListVersionsAsync(template.Id, afterId: second.Id)).Select(v => v.Id));
    }

    [Fact]
    public async Task Archiving_unused_versions_takes_failed_ones_unless_asked_for_all_and_spares_versions_in_use()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var unused = await Steps.ImportAsync(templateId: template.Id, name: "unused");
        var failed = await Steps.StartVersionAsync(FailingImport, templateId: template.Id, name: "failed");
        await Assert.ThrowsAsync<ProvisionerJobFailedException>(() => Steps.WaitForImportAsync(failed.Id));
        var pinned = await Steps.ImportAsync(templateId: template.Id, name: "pinned");
        var workspace = await Client.Workspaces.CreateAsync("me", new CreateWorkspaceRequest { Name = "dev", TemplateVersionId = pinned.Id });
        await Steps.WaitForBuildAsync(workspace.LatestBuild.Id);

        var failedOnly = await Client.Templates.ArchiveUnusedVersionsAsync(template.Id, new ArchiveTemplateVersionsRequest());
        Assert.Equal(template.Id, failedOnly.TemplateId);
        Assert.Equal([failed.Id], failedOnly.ArchivedIds);
        Assert.Equal([failed.Id], await ArchivedAsync());

        var all = await Client.Templates.ArchiveUnusedVersionsAsync(template.Id, new ArchiveTemplateVersionsRequest { All = true });
        // The active version and the one the workspace runs stay.
        Assert.Equal([unused.Id], all.ArchivedIds);
        Assert.Equal(new[] { failed.Id, unused.Id }.Order(), (await ArchivedAsync()).Order());
        Assert.Equal(new[] { template.ActiveVersionId, pinned.Id }.Order(),
            (await Client.Templates.ListVersionsAsync(template.Id)).Select(v => v.Id).Order());

        async Task<IEnumerable<Guid>> ArchivedAsync() =>
            (await Client.Templates.ListVersionsAsync(template.Id, includeArchived: true)).Where(v => v.Archived).Select(v => v.Id);
    }

    [Fact]
    public async Task The_acl_grants_roles_to_users_and_groups_and_an_empty_role_takes_it_back()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        var alice = await Session.CreateUserAsync("alice");
        var developers = await Client.Groups.CreateAsync("coder", new CreateGroupRequest { Name = "developers" });

        // By default the organization's Everyone group (whose id is the organization's) may use a new template.
        var initial = await Client.Templates.GetAclAsync(template.Id);
        Assert.Empty(initial.Users ?? []);
        Assert.Equal([(DefaultOrganizationId, TemplateRole.Use)], initial.Group!.Select(g => (g.Id, g.Role)));

        await Client.Templates.UpdateAclAsync(template.Id, new UpdateTemplateACL
        {
            UserPerms = new Dictionary<string, string> { [alice.Id.ToString()] = TemplateRole.Admin },
            GroupPerms = new Dictionary<string, string> { [developers.Id.ToString()] = TemplateRole.Use },
        });
        var granted = await Client.Templates.GetAclAsync(template.Id);
        Assert.Equal([("alice", TemplateRole.Admin)], granted.Users!.Select(u => (u.Username, u.Role)));
        Assert.Equal(alice.Id, granted.Users![0].Id);
        Assert.Equal(new[] { ("Everyone", TemplateRole.Use), ("developers", TemplateRole.Use) }.Order(),
            granted.Group!.Select(g => (g.Name, g.Role)).Order());

        await Client.Templates.UpdateAclAsync(template.Id, new UpdateTemplateACL
        {
            UserPerms = new Dictionary<string, string> { [alice.Id.ToString()] = TemplateRole.Empty },
        });
        Assert.Empty((await Client.Templates.GetAclAsync(template.Id)).Users ?? []);
    }

    [Fact]
    public async Task The_acl_needs_the_template_rbac_license_feature()
    {
        var template = await Steps.CreateTemplateAsync("docker");
        Coder.Control.License.SetFeature("template_rbac", false);

        var read = await Assert.ThrowsAsync<CoderApiException>(() => Client.Templates.GetAclAsync(template.Id));
        var update = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Templates.UpdateAclAsync(template.Id, new UpdateTemplateACL { GroupPerms = new Dictionary<string, string>() }));

        Assert.Equal((CoderErrorKind.Forbidden, "template_rbac"), (read.Kind, read.MissingLicenseFeature));
        Assert.Equal((CoderErrorKind.Forbidden, "template_rbac"), (update.Kind, update.MissingLicenseFeature));
    }
}

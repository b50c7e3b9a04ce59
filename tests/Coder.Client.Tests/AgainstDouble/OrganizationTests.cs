using System.Net;
using Coder.Client.Errors;
using Coder.Client.Models;

namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class OrganizationTests : DoubleTest
{
    private Task<Organization> CreateResearchAsync() => Client.Organizations.CreateAsync(new CreateOrganizationRequest
    {
        Name = "research",
        DisplayName = "Research",
        Description = "Where the experiments live.",
        Icon = "/emojis/1f52c.png",
    });

    [Fact]
    public async Task A_created_organization_reads_back_the_same_by_id_by_name_and_in_the_list()
    {
        var created = await CreateResearchAsync();

        Assert.NotEqual(Guid.Empty, created.Id);
        Assert.Equal("research", created.Name);
        Assert.Equal("Research", created.DisplayName);
        Assert.Equal("Where the experiments live.", created.Description);
        Assert.Equal("/emojis/1f52c.png", created.Icon);
        Assert.False(created.IsDefault);
        AssertSameJson(created, await Client.Organizations.GetAsync(created.Id.ToString()));
        AssertSameJson(created, await Client.Organizations.GetAsync("research"));
        AssertSameJson(created, Assert.Single(await Client.Organizations.ListAsync(), o => o.Id == created.Id));
    }

    [Fact]
    public async Task The_display_name_defaults_to_the_name()
    {
        var created = await Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "plain" });

        Assert.Equal("plain", created.DisplayName);
        Assert.Equal("", created.Description);
    }

    [Fact]
    public async Task The_default_organization_is_found_by_id_by_name_and_as_default()
    {
        var byId = await Client.Organizations.GetAsync(DefaultOrganizationId.ToString());

        Assert.True(byId.IsDefault);
        AssertSameJson(byId, await Client.Organizations.GetAsync(byId.Name));
        AssertSameJson(byId, await Client.Organizations.GetAsync("default"));
    }

    [Fact]
    public async Task A_taken_name_is_a_conflict()
    {
        await CreateResearchAsync();

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "research" }));

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Single(await Client.Organizations.ListAsync(), o => o.Name == "research");
    }

    [Fact]
    public async Task An_invalid_name_is_rejected_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "Not Valid!" }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Contains(error.Validations, v => v.Field == "name");
    }

    [Fact]
    public async Task An_update_renames_and_changes_what_it_names()
    {
        var research = await CreateResearchAsync();

        var updated = await Client.Organizations.UpdateAsync(research.Id.ToString(), new UpdateOrganizationRequest
        {
            Name = "labs",
            DisplayName = "Labs",
            Description = "Renamed.",
            DefaultOrgMemberRoles = ["organization-auditor"],
        });

        Assert.Equal(research.Id, updated.Id);
        Assert.Equal("labs", updated.Name);
        Assert.Equal("Labs", updated.DisplayName);
        Assert.Equal("Renamed.", updated.Description);
        Assert.Equal(research.Icon, updated.Icon);
        Assert.Equal(["organization-auditor"], updated.DefaultOrgMemberRoles);
        AssertSameJson(updated, await Client.Organizations.GetAsync("labs"));
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.GetAsync("research"))).IsNotFound);
    }

    [Fact]
    public async Task Renaming_onto_a_taken_name_is_a_conflict()
    {
        var research = await CreateResearchAsync();
        await Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "labs" });

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Organizations.UpdateAsync(research.Id.ToString(), new UpdateOrganizationRequest { Name = "labs" }));

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Contains(error.Validations, v => v.Field == "name");
    }

    [Fact]
    public async Task Unknown_organizations_are_not_found()
    {
        var byName = await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.GetAsync("no-such-org"));
        var byId = await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.GetAsync(Guid.NewGuid().ToString()));
        var update = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Organizations.UpdateAsync("no-such-org", new UpdateOrganizationRequest { DisplayName = "X" }));
        var delete = await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.DeleteAsync(Guid.NewGuid().ToString()));

        Assert.All([byName, byId, update, delete], e => Assert.True(e.IsNotFound));
    }

    [Fact]
    public async Task A_deleted_organization_is_gone_by_name_and_from_the_list()
    {
        var research = await CreateResearchAsync();

        await Client.Organizations.DeleteAsync(research.Id.ToString());

        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.GetAsync("research"))).IsNotFound);
        Assert.DoesNotContain(await Client.Organizations.ListAsync(), o => o.Id == research.Id);
        // coderd's GetOrganizationByID does not filter deleted rows, so a read by id still succeeds.
        Assert.Equal(research.Id, (await Client.Organizations.GetAsync(research.Id.ToString())).Id);
    }

    [Fact]
    public async Task An_organization_with_members_left_cannot_be_deleted()
    {
        var research = await CreateResearchAsync();
        await Session.CreateUserAsync("alice");
        await Client.Organizations.AddMemberAsync("research", "alice");

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.DeleteAsync(research.Id.ToString()));

        // coderd's database trigger refuses with a 500 (not retried: it is no transient failure).
        Assert.Equal(CoderErrorKind.ServerError, error.Kind);
        Assert.Contains("member", error.Detail);
        Assert.Empty(Session.Retries);
        AssertSameJson(research, await Client.Organizations.GetAsync("research"));
    }

    [Fact]
    public async Task The_default_organization_cannot_be_deleted()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.DeleteAsync(DefaultOrganizationId.ToString()));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
    }

    [Fact]
    public async Task A_member_is_added_listed_given_roles_and_removed()
    {
        var research = await CreateResearchAsync();
        var alice = await Session.CreateUserAsync("alice");

        var added = await Client.Organizations.AddMemberAsync(research.Id.ToString(), "alice");
        Assert.Equal(alice.Id, added.UserId);
        Assert.Equal(research.Id, added.OrganizationId);
        Assert.Empty(added.Roles ?? []);
        Assert.Contains(research.Id, (await Client.Users.GetAsync("alice")).OrganizationIds!);

        var members = await Client.Organizations.ListMembersAsync("research");
        // The creator joined as a plain member.
        Assert.Equal(["admin", "alice"], members.Select(m => m.Username).Order());

        var withRoles = await Client.Organizations.UpdateMemberRolesAsync("research", alice.Id.ToString(),
            new UpdateRoles { Roles = ["organization-admin"] });
        Assert.Equal(["organization-admin"], withRoles.Roles!.Select(r => r.Name));
        Assert.All(withRoles.Roles!, r => Assert.Equal(research.Id.ToString(), r.OrganizationId));

        var member = await Client.Organizations.GetMemberAsync("research", "alice");
        Assert.Equal(alice.Id, member.UserId);
        Assert.Equal("alice", member.Username);
        Assert.Equal(alice.Email, member.Email);
        Assert.Equal(["organization-admin"], member.Roles!.Select(r => r.Name));

        await Client.Organizations.RemoveMemberAsync("research", "alice");

        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.GetMemberAsync("research", "alice"))).IsNotFound);
        Assert.DoesNotContain(research.Id, (await Client.Users.GetAsync("alice")).OrganizationIds ?? []);
    }

    [Fact]
    public async Task Adding_a_member_twice_is_rejected()
    {
        await CreateResearchAsync();
        await Session.CreateUserAsync("alice");
        await Client.Organizations.AddMemberAsync("research", "alice");

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.AddMemberAsync("research", "alice"));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Single(await Client.Organizations.ListMembersAsync("research"), m => m.Username == "alice");
    }

    [Fact]
    public async Task A_user_outside_the_organization_is_not_a_member()
    {
        await CreateResearchAsync();
        await Session.CreateUserAsync("alice");

        var get = await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.GetMemberAsync("research", "alice"));
        var remove = await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.RemoveMemberAsync("research", "alice"));

        Assert.True(get.IsNotFound);
        Assert.True(remove.IsNotFound);
    }

    [Fact]
    public async Task An_unknown_organization_role_is_rejected()
    {
        await Session.CreateUserAsync("alice");

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Organizations.UpdateMemberRolesAsync("coder", "alice", new UpdateRoles { Roles = ["organization-emperor"] }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Contains("organization-emperor", error.CoderMessage);
    }
}

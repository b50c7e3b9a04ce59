using System.Net;
using Coder.Client.Errors;
using Coder.Client.Models;

namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class GroupTests : DoubleTest
{
    private Task<Group> CreateDevelopersAsync(string organization = "coder") =>
        Client.Groups.CreateAsync(organization, new CreateGroupRequest
        {
            Name = "developers",
            DisplayName = "Developers",
            AvatarUrl = "https://example.com/dev.png",
            QuotaAllowance = 5,
        });

    [Fact]
    public async Task A_created_group_reads_back_the_same_by_id_by_name_and_in_lists()
    {
        var created = await CreateDevelopersAsync();

        Assert.NotEqual(Guid.Empty, created.Id);
        Assert.Equal("developers", created.Name);
        Assert.Equal("Developers", created.DisplayName);
        Assert.Equal("https://example.com/dev.png", created.AvatarUrl);
        Assert.Equal(5, created.QuotaAllowance);
        Assert.Equal(DefaultOrganizationId, created.OrganizationId);
        Assert.Equal("coder", created.OrganizationName);
        Assert.Equal("user", created.Source);
        Assert.Empty(created.Members ?? []);
        Assert.Equal(0, created.TotalMemberCount);

        AssertSameJson(created, await Client.Groups.GetAsync(created.Id));
        AssertSameJson(created, await Client.Groups.GetByNameAsync(DefaultOrganizationId.ToString(), "developers"));
        AssertSameJson(created, Assert.Single(await Client.Groups.ListByOrganizationAsync("coder"), g => g.Id == created.Id));
        AssertSameJson(created, Assert.Single(await Client.Groups.ListAsync(organization: DefaultOrganizationId.ToString()), g => g.Id == created.Id));
    }

    [Fact]
    public async Task Every_organization_has_its_everyone_group()
    {
        var groups = await Client.Groups.ListByOrganizationAsync("coder");

        var everyone = Assert.Single(groups);
        Assert.Equal("Everyone", everyone.Name);
        // coderd gives the Everyone group the organization's id.
        Assert.Equal(DefaultOrganizationId, everyone.Id);
    }

    [Fact]
    public async Task A_taken_name_is_a_conflict()
    {
        await CreateDevelopersAsync();

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Groups.CreateAsync("coder", new CreateGroupRequest { Name = "developers" }));

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains(error.Validations, v => v.Field == "name");
    }

    [Fact]
    public async Task The_same_name_is_free_in_another_organization()
    {
        await Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "research" });
        var here = await CreateDevelopersAsync();

        var there = await CreateDevelopersAsync("research");

        Assert.NotEqual(here.Id, there.Id);
        Assert.Equal("research", there.OrganizationName);
    }

    [Fact]
    public async Task The_everyone_name_is_reserved()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Groups.CreateAsync("coder", new CreateGroupRequest { Name = "Everyone" }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Contains(error.Validations, v => v.Field == "name");
    }

    [Fact]
    public async Task Patching_adds_and_removes_members_and_renames()
    {
        var group = await CreateDevelopersAsync();
        var alice = await Session.CreateUserAsync("alice");
        var bob = await Session.CreateUserAsync("bob");

        var withMembers = await Client.Groups.UpdateAsync(group.Id,
            new PatchGroupRequest { AddUsers = [alice.Id.ToString(), bob.Id.ToString()] });
        Assert.Equal(["alice", "bob"], withMembers.Members!.Select(m => m.Username).Order());
        Assert.Equal(2, withMembers.TotalMemberCount);
        Assert.Equal(alice.Email, withMembers.Members!.Single(m => m.Id == alice.Id).Email);

        var patched = await Client.Groups.UpdateAsync(group.Id, new PatchGroupRequest
        {
            Name = "engineers",
            DisplayName = "Engineers",
            QuotaAllowance = 9,
            RemoveUsers = [bob.Id.ToString()],
        });
        Assert.Equal("engineers", patched.Name);
        Assert.Equal("Engineers", patched.DisplayName);
        Assert.Equal(9, patched.QuotaAllowance);
        Assert.Equal(group.AvatarUrl, patched.AvatarUrl);
        Assert.Equal([alice.Id], patched.Members!.Select(m => m.Id));

        AssertSameJson(patched, await Client.Groups.GetByNameAsync("coder", "engineers"));
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Groups.GetByNameAsync("coder", "developers"))).IsNotFound);
        // Everyone (whose id is the organization's) holds every member of its organization.
        Assert.Equal(new[] { DefaultOrganizationId, group.Id }.Order(), (await Client.Groups.ListAsync(hasMember: "alice")).Select(g => g.Id).Order());
        Assert.Equal([DefaultOrganizationId], (await Client.Groups.ListAsync(hasMember: bob.Id.ToString())).Select(g => g.Id));
    }

    [Fact]
    public async Task Members_can_be_left_out_of_a_read()
    {
        var group = await CreateDevelopersAsync();
        var alice = await Session.CreateUserAsync("alice");
        await Client.Groups.UpdateAsync(group.Id, new PatchGroupRequest { AddUsers = [alice.Id.ToString()] });

        var slim = await Client.Groups.GetAsync(group.Id, excludeMembers: true);

        Assert.Empty(slim.Members ?? []);
        Assert.Equal(1, slim.TotalMemberCount);
    }

    [Fact]
    public async Task Only_organization_members_can_join_a_group()
    {
        await Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "research" });
        var group = await CreateDevelopersAsync("research");
        var alice = await Session.CreateUserAsync("alice");

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Groups.UpdateAsync(group.Id, new PatchGroupRequest { AddUsers = [alice.Id.ToString()] }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Empty((await Client.Groups.GetAsync(group.Id)).Members ?? []);
    }

    [Fact]
    public async Task Adding_a_member_twice_undoes_the_whole_patch()
    {
        var group = await CreateDevelopersAsync();
        var alice = await Session.CreateUserAsync("alice");
        await Client.Groups.UpdateAsync(group.Id, new PatchGroupRequest { AddUsers = [alice.Id.ToString()] });

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Groups.UpdateAsync(group.Id, new PatchGroupRequest { Name = "renamed", AddUsers = [alice.Id.ToString()] }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Equal("developers", (await Client.Groups.GetAsync(group.Id)).Name);
    }

    [Fact]
    public async Task Renaming_onto_a_taken_name_is_a_conflict()
    {
        var group = await CreateDevelopersAsync();
        await Client.Groups.CreateAsync("coder", new CreateGroupRequest { Name = "testers" });

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Groups.UpdateAsync(group.Id, new PatchGroupRequest { Name = "testers" }));

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public async Task A_deleted_group_is_not_found()
    {
        var group = await CreateDevelopersAsync();

        await Client.Groups.DeleteAsync(group.Id);

        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Groups.GetAsync(group.Id))).IsNotFound);
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Groups.GetByNameAsync("coder", "developers"))).IsNotFound);
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Groups.DeleteAsync(group.Id))).IsNotFound);
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Groups.UpdateAsync(group.Id, new PatchGroupRequest { DisplayName = "X" }))).IsNotFound);
    }

    [Fact]
    public async Task The_everyone_group_cannot_be_deleted()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Groups.DeleteAsync(DefaultOrganizationId));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Single(await Client.Groups.ListByOrganizationAsync("coder"));
    }

    [Fact]
    public async Task Groups_of_an_unknown_organization_are_not_found()
    {
        var list = await Assert.ThrowsAsync<CoderApiException>(() => Client.Groups.ListByOrganizationAsync("no-such-org"));
        var create = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Groups.CreateAsync("no-such-org", new CreateGroupRequest { Name = "developers" }));

        Assert.True(list.IsNotFound);
        Assert.True(create.IsNotFound);
    }
}

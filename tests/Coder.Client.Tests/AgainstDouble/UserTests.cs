using System.Net;
using Coder.Client.Errors;
using Coder.Client.Models;

namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class UserTests : DoubleTest
{
    [Fact]
    public async Task A_created_user_reads_back_the_same_by_id_by_username_and_in_the_list()
    {
        var created = await Session.CreateUserAsync("alice", name: "Alice Liddell");

        Assert.NotEqual(Guid.Empty, created.Id);
        Assert.Equal("alice", created.Username);
        Assert.Equal("alice@example.com", created.Email);
        Assert.Equal("Alice Liddell", created.Name);
        Assert.Equal("password", created.LoginType);
        Assert.Equal("active", created.Status);
        Assert.False(created.IsServiceAccount);
        Assert.Equal([DefaultOrganizationId], created.OrganizationIds);

        var byId = await Client.Users.GetAsync(created.Id.ToString());
        var byName = await Client.Users.GetAsync("alice");
        AssertSameJson(created, byId);
        AssertSameJson(created, byName);

        var listed = await Client.Users.ListAsync(query: "username:alice");
        Assert.Equal(1, listed.Count);
        AssertSameJson(created, Assert.Single(listed.Users!));
    }

    [Fact]
    public async Task Listing_pages_through_users_in_username_order()
    {
        foreach (var name in new[] { "carol", "bob", "dave" })
        {
            await Session.CreateUserAsync(name);
        }

        var first = await Client.Users.ListAsync(limit: 2);
        var rest = await Client.Users.ListAsync(afterId: first.Users![^1].Id);

        Assert.Equal(4, first.Count);
        Assert.Equal(["admin", "bob"], first.Users.Select(u => u.Username));
        Assert.Equal(["carol", "dave"], rest.Users!.Select(u => u.Username));
    }

    [Fact]
    public async Task Me_is_the_owner_the_session_token_belongs_to()
    {
        var me = await Client.Users.GetAsync("me");

        Assert.Equal(Coder.Seed.AdminId, me.Id);
        Assert.Equal(Coder.Seed.AdminUsername, me.Username);
        Assert.Contains(me.Roles!, role => role.Name == "owner");
        Assert.Equal("password", (await Client.Users.GetLoginTypeAsync("me")).LoginType);
    }

    [Fact]
    public async Task Unknown_users_are_not_found_by_username_or_by_id()
    {
        // coderd at the swagger's commit answers 404 for both; older releases answered 400 "must be an existing uuid
        // or username", which the provider's reads also accept as gone.
        var byName = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.GetAsync("nobody"));
        var byId = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.GetAsync(Guid.NewGuid().ToString()));

        Assert.True(byName.IsNotFound);
        Assert.True(byId.IsNotFound);
        Assert.Equal(HttpStatusCode.NotFound, byName.StatusCode);
        Assert.Equal("Users.Get", byName.Operation);
        Assert.Equal("/api/v2/users/nobody", byName.Path);
    }

    [Fact]
    public async Task A_taken_username_is_a_conflict()
    {
        await Session.CreateUserAsync("alice");

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.CreateAsync(new CreateUserRequestWithOrgs
        {
            Username = "alice",
            Email = "another-alice@example.com",
            Password = DoubleSession.StrongPassword,
            UserStatus = "active",
            OrganizationIds = [DefaultOrganizationId],
        }));

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Single((await Client.Users.ListAsync(query: "username:alice")).Users!);
    }

    [Fact]
    public async Task An_invalid_username_is_rejected_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.CreateAsync(new CreateUserRequestWithOrgs
        {
            Username = "Not_A_Valid_Name",
            Email = "x@example.com",
            Password = DoubleSession.StrongPassword,
            OrganizationIds = [DefaultOrganizationId],
        }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Contains(error.Validations, v => v.Field == "username");
        Assert.Contains("username", error.Message);
    }

    [Fact]
    public async Task A_weak_password_is_rejected_without_echoing_it()
    {
        const string weak = "Zq9Zq9";
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.CreateAsync(new CreateUserRequestWithOrgs
        {
            Username = "weakling",
            Email = "weakling@example.com",
            Password = weak,
            OrganizationIds = [DefaultOrganizationId],
        }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Contains(error.Validations, v => v.Field == "password");
        Assert.DoesNotContain(weak, error.ToString());
    }

    [Fact]
    public async Task Creating_a_user_without_an_organization_is_rejected()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.CreateAsync(new CreateUserRequestWithOrgs
        {
            Username = "homeless",
            Email = "homeless@example.com",
            Password = DoubleSession.StrongPassword,
        }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Contains(error.Validations, v => v.Field == "organization_ids");
    }

    [Fact]
    public async Task A_profile_update_renames_the_user()
    {
        var alice = await Session.CreateUserAsync("alice");

        var updated = await Client.Users.UpdateProfileAsync(alice.Id.ToString(),
            new UpdateUserProfileRequest { Username = "alice2", Name = "Alice Two" });

        Assert.Equal(alice.Id, updated.Id);
        Assert.Equal("alice2", updated.Username);
        Assert.Equal("Alice Two", updated.Name);
        AssertSameJson(updated, await Client.Users.GetAsync("alice2"));
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.GetAsync("alice"))).IsNotFound);
    }

    [Fact]
    public async Task Renaming_onto_a_taken_username_is_a_conflict()
    {
        var alice = await Session.CreateUserAsync("alice");
        await Session.CreateUserAsync("bob");

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Users.UpdateProfileAsync(alice.Id.ToString(), new UpdateUserProfileRequest { Username = "bob" }));

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Contains(error.Validations, v => v.Field == "username");
    }

    [Fact]
    public async Task Site_roles_are_replaced_as_a_whole()
    {
        var alice = await Session.CreateUserAsync("alice");

        var granted = await Client.Users.UpdateRolesAsync("alice", new UpdateRoles { Roles = ["template-admin", "auditor"] });
        Assert.Equal(["auditor", "template-admin"], granted.Roles!.Select(r => r.Name).Order());

        var narrowed = await Client.Users.UpdateRolesAsync(alice.Id.ToString(), new UpdateRoles { Roles = ["auditor"] });
        Assert.Equal(["auditor"], narrowed.Roles!.Select(r => r.Name));
        Assert.Equal(["auditor"], (await Client.Users.GetAsync("alice")).Roles!.Select(r => r.Name));
    }

    [Fact]
    public async Task Roles_read_back_per_site_and_per_organization()
    {
        var alice = await Session.CreateUserAsync("alice");
        await Client.Users.UpdateRolesAsync("alice", new UpdateRoles { Roles = ["template-admin"] });
        await Client.Organizations.UpdateMemberRolesAsync(DefaultOrganizationId.ToString(), "alice", new UpdateRoles { Roles = ["organization-auditor"] });

        var roles = await Client.Users.GetRolesAsync(alice.Id.ToString());

        Assert.Equal(["template-admin"], roles.Roles);
        var organizationRoles = Assert.Single(roles.OrganizationRoles!);
        Assert.Equal(DefaultOrganizationId.ToString(), organizationRoles.Key);
        Assert.Equal(["organization-auditor"], organizationRoles.Value);
    }

    [Fact]
    public async Task An_unknown_site_role_is_rejected()
    {
        await Session.CreateUserAsync("alice");

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Users.UpdateRolesAsync("alice", new UpdateRoles { Roles = ["emperor"] }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Contains("emperor", error.CoderMessage);
    }

    [Fact]
    public async Task Suspending_and_activating_round_trip()
    {
        var alice = await Session.CreateUserAsync("alice");

        Assert.Equal("suspended", (await Client.Users.SuspendAsync("alice")).Status);
        Assert.Equal("suspended", (await Client.Users.GetAsync(alice.Id.ToString())).Status);
        Assert.Equal("active", (await Client.Users.ActivateAsync("alice")).Status);
        Assert.Equal("active", (await Client.Users.GetAsync(alice.Id.ToString())).Status);
    }

    [Fact]
    public async Task The_owner_cannot_suspend_themselves()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.SuspendAsync("me"));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Equal("active", (await Client.Users.GetAsync("me")).Status);
    }

    [Fact]
    public async Task An_owner_sets_another_users_password_without_knowing_the_old_one()
    {
        await Session.CreateUserAsync("alice");
        const string newPassword = "Another-Strong-Passw0rd!";

        await Client.Users.UpdatePasswordAsync("alice", new UpdateUserPasswordRequest { Password = newPassword });

        // The password took: coderd refuses a "new" password equal to the current one.
        var again = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Users.UpdatePasswordAsync("alice", new UpdateUserPasswordRequest { Password = newPassword }));
        Assert.Equal(CoderErrorKind.Validation, again.Kind);
        Assert.DoesNotContain(newPassword, again.ToString());
    }

    [Fact]
    public async Task A_weak_new_password_is_rejected_naming_the_field()
    {
        await Session.CreateUserAsync("alice");

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Users.UpdatePasswordAsync("alice", new UpdateUserPasswordRequest { Password = "short" }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Contains(error.Validations, v => v.Field == "password");
    }

    [Fact]
    public async Task A_users_organizations_are_listed_and_found_by_name()
    {
        var alice = await Session.CreateUserAsync("alice");

        var organizations = await Client.Users.ListOrganizationsAsync(alice.Id.ToString());
        var byName = await Client.Users.GetOrganizationAsync("me", "coder");

        var only = Assert.Single(organizations);
        Assert.Equal(DefaultOrganizationId, only.Id);
        Assert.True(only.IsDefault);
        AssertSameJson(only, byName);
        var missing = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.GetOrganizationAsync("me", "no-such-org"));
        Assert.True(missing.IsNotFound);
    }

    [Fact]
    public async Task A_deleted_user_is_gone_by_username_and_from_lists_but_coderd_still_finds_it_by_id()
    {
        var alice = await Session.CreateUserAsync("alice");

        await Client.Users.DeleteAsync(alice.Id.ToString());

        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.GetAsync("alice"))).IsNotFound);
        Assert.Empty((await Client.Users.ListAsync(query: "username:alice")).Users ?? []);
        // coderd's GetUserByID does not filter deleted rows: a read by id alone cannot tell that the user is gone;
        // the missing memberships are the visible trace.
        var byId = await Client.Users.GetAsync(alice.Id.ToString());
        Assert.Equal(alice.Id, byId.Id);
        Assert.Empty(byId.OrganizationIds ?? []);
    }

    [Fact]
    public async Task Deleting_an_unknown_user_is_not_found()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.DeleteAsync("nobody"));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task The_owner_cannot_delete_themselves()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.DeleteAsync("me"));

        Assert.Equal(CoderErrorKind.Forbidden, error.Kind);
        Assert.Null(error.MissingLicenseFeature);
    }
}

using System.Net;
using Coder.Client.Errors;
using Coder.Client.Models;

namespace Coder.Client.Tests.AgainstDouble;

/// <summary>What an unlicensed deployment refuses, and how the client tells a missing license from a missing right.</summary>
[Collection(DoubleCollection.Name)]
public sealed class LicenseTests : DoubleTest
{
    private static void AssertNeedsLicense(CoderApiException error, string feature)
    {
        Assert.Equal(CoderErrorKind.Forbidden, error.Kind);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(feature, error.MissingLicenseFeature);
        Assert.Contains($"'{feature}'", error.Message);
        Assert.False(error.IsNotFound);
    }

    [Fact]
    public async Task Without_a_license_organizations_cannot_be_created_changed_or_deleted()
    {
        var research = await Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "research" });
        Coder.Control.License.SetPremium(false);

        var create = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "labs" }));
        var update = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Organizations.UpdateAsync("research", new UpdateOrganizationRequest { DisplayName = "R" }));
        var delete = await Assert.ThrowsAsync<CoderApiException>(() => Client.Organizations.DeleteAsync(research.Id.ToString()));

        AssertNeedsLicense(create, "multiple_organizations");
        AssertNeedsLicense(update, "multiple_organizations");
        AssertNeedsLicense(delete, "multiple_organizations");
        // Reads stay open, and nothing changed.
        AssertSameJson(research, await Client.Organizations.GetAsync("research"));
        Assert.DoesNotContain(await Client.Organizations.ListAsync(), o => o.Name == "labs");
        Assert.Empty(Session.Retries);
    }

    [Fact]
    public async Task Without_a_license_every_group_call_is_refused_even_for_unknown_groups()
    {
        Coder.Control.License.SetPremium(false);

        // The license check comes before any lookup, so an unknown group is no 404 here.
        var calls = new Func<Task>[]
        {
            () => Client.Groups.ListAsync(),
            () => Client.Groups.ListByOrganizationAsync("coder"),
            () => Client.Groups.CreateAsync("coder", new CreateGroupRequest { Name = "developers" }),
            () => Client.Groups.GetByNameAsync("coder", "developers"),
            () => Client.Groups.GetAsync(Guid.NewGuid()),
            () => Client.Groups.UpdateAsync(Guid.NewGuid(), new PatchGroupRequest { DisplayName = "D" }),
            () => Client.Groups.DeleteAsync(Guid.NewGuid()),
        };

        foreach (var call in calls)
        {
            AssertNeedsLicense(await Assert.ThrowsAsync<CoderApiException>(call), "template_rbac");
        }
    }

    [Fact]
    public async Task One_feature_switched_off_refuses_only_its_calls()
    {
        Coder.Control.License.SetFeature("template_rbac", entitled: false);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Groups.ListByOrganizationAsync("coder"));

        AssertNeedsLicense(error, "template_rbac");
        Assert.Equal("research", (await Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "research" })).Name);
    }

    [Fact]
    public async Task Without_a_license_service_accounts_cannot_be_created()
    {
        Coder.Control.License.SetPremium(false);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.CreateAsync(new CreateUserRequestWithOrgs
        {
            Username = "robot",
            ServiceAccount = true,
            UserStatus = "active",
            OrganizationIds = [DefaultOrganizationId],
        }));

        AssertNeedsLicense(error, "service_accounts");
    }

    [Fact]
    public async Task With_a_license_service_accounts_are_created_without_a_password()
    {
        var robot = await Client.Users.CreateAsync(new CreateUserRequestWithOrgs
        {
            Username = "robot",
            ServiceAccount = true,
            UserStatus = "active",
            OrganizationIds = [DefaultOrganizationId],
        });

        Assert.True(robot.IsServiceAccount);
        Assert.Equal("none", robot.LoginType);
        Assert.Equal("", robot.Email);
    }

    [Fact]
    public async Task Without_a_license_users_and_the_default_organization_still_work()
    {
        Coder.Control.License.SetPremium(false);

        var alice = await Session.CreateUserAsync("alice");
        var organization = await Client.Organizations.GetAsync(DefaultOrganizationId.ToString());
        await Client.Organizations.UpdateMemberRolesAsync("coder", "alice", new UpdateRoles { Roles = ["organization-admin"] });
        await Client.Users.DeleteAsync(alice.Id.ToString());

        Assert.True(organization.IsDefault);
    }

    [Fact]
    public async Task A_forbidden_action_that_is_no_license_matter_names_no_feature()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.DeleteAsync("me"));

        Assert.Equal(CoderErrorKind.Forbidden, error.Kind);
        Assert.Null(error.MissingLicenseFeature);
    }
}

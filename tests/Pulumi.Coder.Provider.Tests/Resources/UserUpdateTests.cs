using System.Net;
using Coder.Client.Models;
using Moq;
using Pulumi.Coder.Provider.Resources;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Resources;

/// <summary>A user update is made against Coder's current user, not against the state: what a half-applied update,
/// an identity provider's sync or the Coder UI changed meanwhile is neither repeated nor wiped.</summary>
public class UserUpdateTests
{
    private static readonly Guid UserId = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private const string Acme = "aaaaaaaa-1111-1111-1111-111111111111";
    private const string Beta = "bbbbbbbb-2222-2222-2222-222222222222";
    private static readonly string Default = MockCoder.DefaultOrganization.ToString();
    private readonly MockCoder coder = new();
    private readonly UserResource resource = new();

    private static User User(params string[] organizations) => new()
    {
        Id = UserId,
        Username = "ada",
        Name = "Ada Lovelace",
        Email = "ada@example.com",
        AvatarUrl = "https://example.com/ada.png",
        LoginType = "oidc",
        Status = "active",
        OrganizationIds = [.. organizations.Select(Guid.Parse)],
    };

    private Task<UpdateResponse> UpdateAsync((string, object?)[] old, (string, object?)[] news, User stateUser)
    {
        var oldInputs = Map(old);
        var oldOutputs = Map(("username", stateUser.Username), ("name", stateUser.Name), ("email", stateUser.Email), ("loginType", "oidc"),
            ("suspended", false), ("status", "active"), ("roles", Array.Empty<string>()),
            ("organizationIds", stateUser.OrganizationIds!.Select(o => o.ToString()).ToArray()));
        return resource.UpdateAsync(new UpdateRequest(MockCoder.Urn("User", "ada"), UserId.ToString(), oldOutputs, Map(news),
            TimeSpan.Zero, [], false, oldInputs), coder.Context("User", "ada"), default);
    }

    /// <summary>Ada's inputs, with <paramref name="changes"/> added or replacing the defaults.</summary>
    private static (string, object?)[] Ada(params (string Key, object? Value)[] changes)
    {
        (string Key, object? Value)[] defaults =
            [("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc"), ("suspended", false), ("serviceAccount", false)];
        return [.. defaults.Where(d => changes.All(c => c.Key != d.Key)), .. changes];
    }

    [Fact]
    public async Task A_membership_already_in_Coder_is_not_added_again()
    {
        // The state says [default]; an earlier update added acme before failing on beta, so Coder has [default, acme].
        coder.Users.SetupSequence(u => u.GetAsync(UserId.ToString(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(User(Default, Acme)).ReturnsAsync(User(Default, Acme, Beta));
        coder.Organizations.Setup(o => o.AddMemberAsync(Beta, UserId.ToString(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrganizationMember()).Verifiable();

        var response = await UpdateAsync(Ada(("organizationIds", new[] { Default })), Ada(("organizationIds", new[] { Default, Acme, Beta })), User(Default));

        // The strict mock refuses any other call, such as adding acme a second time (coderd: 400 "already a member").
        coder.Organizations.Verify();
        Assert.Equal(Of(new[] { Default, Acme, Beta }.Order(StringComparer.Ordinal)), response.Outputs!["organizationIds"]);
    }

    [Fact]
    public async Task Coder_answering_already_a_member_or_not_a_member_counts_as_done()
    {
        // Between the read and the change an identity provider's sync added beta and removed acme.
        coder.Users.SetupSequence(u => u.GetAsync(UserId.ToString(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(User(Default, Acme)).ReturnsAsync(User(Default, Beta));
        coder.Organizations.Setup(o => o.AddMemberAsync(Beta, UserId.ToString(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CoderErrors.Status(HttpStatusCode.BadRequest, "User is already an organization member"));
        coder.Organizations.Setup(o => o.RemoveMemberAsync(Acme, UserId.ToString(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CoderErrors.Status(HttpStatusCode.NotFound, "Resource not found or you do not have access to this resource"));

        var response = await UpdateAsync(Ada(("organizationIds", new[] { Default, Acme })), Ada(("organizationIds", new[] { Default, Beta })), User(Default, Acme));

        Assert.Equal(Of(new[] { Default, Beta }.Order(StringComparer.Ordinal)), response.Outputs!["organizationIds"]);
    }

    [Fact]
    public async Task Other_refusals_to_add_a_member_still_fail_the_update()
    {
        coder.Users.Setup(u => u.GetAsync(UserId.ToString(), It.IsAny<CancellationToken>())).ReturnsAsync(User(Default));
        coder.Organizations.Setup(o => o.AddMemberAsync(Beta, UserId.ToString(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CoderErrors.Status(HttpStatusCode.BadRequest, "Organization sync is enabled"));

        await Assert.ThrowsAsync<global::Coder.Client.Errors.CoderApiException>(() =>
            UpdateAsync(Ada(("organizationIds", new[] { Default })), Ada(("organizationIds", new[] { Default, Beta })), User(Default)));
    }

    [Fact]
    public async Task A_rename_keeps_the_avatar_and_the_unmanaged_name_Coder_has()
    {
        // coderd's profile endpoint stores the name and avatar as sent, empty when omitted.
        coder.Users.Setup(u => u.GetAsync(UserId.ToString(), It.IsAny<CancellationToken>())).ReturnsAsync(User(Default));
        coder.Users.Setup(u => u.UpdateProfileAsync(UserId.ToString(), It.IsAny<UpdateUserProfileRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(User(Default));

        await UpdateAsync(Ada(), Ada(("username", "ada-l")), User(Default));

        coder.Users.Verify(u => u.UpdateProfileAsync(UserId.ToString(), new UpdateUserProfileRequest
        {
            Username = "ada-l",
            Name = "Ada Lovelace",
            AvatarUrl = "https://example.com/ada.png",
        }, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_managed_name_is_sent_with_the_avatar_Coder_has()
    {
        coder.Users.Setup(u => u.GetAsync(UserId.ToString(), It.IsAny<CancellationToken>())).ReturnsAsync(User(Default));
        coder.Users.Setup(u => u.UpdateProfileAsync(UserId.ToString(), It.IsAny<UpdateUserProfileRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(User(Default));

        await UpdateAsync(Ada(("name", "Ada Lovelace")), Ada(("name", "Countess of Lovelace")), User(Default));

        coder.Users.Verify(u => u.UpdateProfileAsync(UserId.ToString(), new UpdateUserProfileRequest
        {
            Username = "ada",
            Name = "Countess of Lovelace",
            AvatarUrl = "https://example.com/ada.png",
        }, It.IsAny<CancellationToken>()), Times.Once);
    }
}

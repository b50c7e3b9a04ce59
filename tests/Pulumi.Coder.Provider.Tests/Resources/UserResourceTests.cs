using System.Net;
using Coder.Client.Errors;
using Coder.Client.Models;
using Moq;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Resources;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Resources;

public class UserResourceTests
{
    private static readonly Guid UserId = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private readonly MockCoder coder = new();
    private readonly UserResource resource = new();

    private static User User(string status = "active", params string[] roles) => new()
    {
        Id = UserId,
        Username = "ada",
        Name = "Ada",
        Email = "ada@example.com",
        LoginType = "password",
        Status = status,
        Roles = [.. roles.Select(r => new SlimRole { Name = r })],
        OrganizationIds = [MockCoder.DefaultOrganization],
    };

    private static CheckResponse Check(params (string, object?)[] inputs) =>
        new UserResource().Check(new CheckRequest(MockCoder.Urn("User", "ada"), MockCoder.None, Map(inputs), []), new CheckContext(null, "coder:index:User"));

    [Fact]
    public void Password_rules_follow_the_login_type()
    {
        Assert.Equal("loginType", Assert.Single(Check(("username", "ada"), ("email", "ada@example.com"), ("loginType", "none")).Failures!).Property);
        Assert.Empty(Check(("username", "bot"), ("serviceAccount", true)).Failures!);
        Assert.Equal("password", Assert.Single(Check(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc"), ("password", Secret("x"))).Failures!).Property);
        Assert.Empty(Check(("username", "ada"), ("email", "ada@example.com"), ("loginType", "password"), ("password", Secret("x"))).Failures!);
    }

    [Theory]
    [InlineData("email", "not-an-email")]
    [InlineData("loginType", "saml")]
    [InlineData("username", "ada lovelace")]
    [InlineData("roles", new[] { "superuser" })]
    public void Invalid_fields_are_refused_naming_the_property(string property, object value)
    {
        var inputs = new List<(string, object?)> { ("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc") };
        inputs.RemoveAll(i => i.Item1 == property);
        inputs.Add((property, value));
        Assert.Equal(property, Assert.Single(Check([.. inputs]).Failures!).Property);
    }

    [Fact]
    public async Task A_password_user_without_a_password_fails_before_any_API_call()
    {
        var error = await Assert.ThrowsAsync<Pulumi.Coder.Provider.Hosting.ProviderException>(() => resource.CreateAsync(new CreateRequest(
            MockCoder.Urn("User", "ada"), Map(("username", "ada"), ("email", "ada@example.com"), ("suspended", false), ("serviceAccount", false)),
            TimeSpan.Zero, false), coder.Context("User", "ada"), default));
        Assert.Contains("password is required", error.Message);
        coder.Users.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Create_sends_one_request_and_never_returns_the_password()
    {
        coder.Users.Setup(u => u.CreateAsync(It.Is<CreateUserRequestWithOrgs>(r =>
                r.Username == "ada" && r.Password == "correct-horse" && r.LoginType == "password"
                && r.OrganizationIds!.SequenceEqual(new[] { MockCoder.DefaultOrganization }) && r.Roles!.SequenceEqual(new[] { "auditor" })
                && r.UserStatus == "active"),
                It.IsAny<CancellationToken>()))
            .ReturnsAsync(User(roles: "auditor"));

        var response = await resource.CreateAsync(new CreateRequest(MockCoder.Urn("User", "ada"), Map(
            ("username", "ada"), ("email", "ada@example.com"), ("loginType", "password"), ("password", Secret("correct-horse")),
            ("roles", new[] { "auditor" }), ("suspended", false), ("serviceAccount", false)), TimeSpan.Zero, false), coder.Context("User", "ada"), default);

        Assert.Equal(UserId.ToString(), response.Id);
        Assert.False(response.Outputs!.ContainsKey("password"));
        Assert.DoesNotContain(response.Outputs.Values, v => v.ToString()!.Contains("correct-horse"));
        Assert.Equal(Of(new[] { "auditor" }), response.Outputs["roles"]);
    }

    [Fact]
    public async Task Update_uses_the_specific_endpoint_for_each_change_only()
    {
        coder.Users.Setup(u => u.UpdatePasswordAsync(UserId.ToString(), It.Is<UpdateUserPasswordRequest>(r => r.Password == "new-pass"), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask).Verifiable();
        coder.Users.Setup(u => u.SuspendAsync(UserId.ToString(), It.IsAny<CancellationToken>())).ReturnsAsync(User("suspended")).Verifiable();
        coder.Users.Setup(u => u.GetAsync(UserId.ToString(), It.IsAny<CancellationToken>())).ReturnsAsync(User("suspended"));
        coder.Users.Setup(u => u.GetAsync("me", It.IsAny<CancellationToken>())).ReturnsAsync(User() with { Id = Guid.NewGuid(), Username = "admin" });
        var oldInputs = Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "password"), ("password", Secret("old-pass")), ("suspended", false));
        var oldOutputs = Map(("username", "ada"), ("name", "Ada"), ("email", "ada@example.com"), ("loginType", "password"), ("suspended", false), ("status", "active"), ("roles", Array.Empty<string>()));

        await resource.UpdateAsync(new UpdateRequest(MockCoder.Urn("User", "ada"), UserId.ToString(), oldOutputs,
            oldInputs.SetItem("password", Secret("new-pass")).SetItem("suspended", Of(true)), TimeSpan.Zero, [], false, oldInputs),
            coder.Context("User", "ada"), default);

        coder.Users.Verify();
        coder.Users.Verify(u => u.UpdateProfileAsync(It.IsAny<string>(), It.IsAny<UpdateUserProfileRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        coder.Users.Verify(u => u.UpdateRolesAsync(It.IsAny<string>(), It.IsAny<UpdateRoles>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Changing_the_password_of_the_providers_own_user_is_refused_before_anything_changes()
    {
        // coderd would sign out the token the provider is using; the rest of the update would then fail half done.
        coder.Users.Setup(u => u.GetAsync("me", It.IsAny<CancellationToken>())).ReturnsAsync(User());
        var oldInputs = Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "password"), ("password", Secret("old-pass")), ("suspended", false));
        var oldOutputs = Map(("username", "ada"), ("name", "Ada"), ("email", "ada@example.com"), ("loginType", "password"), ("suspended", false), ("status", "active"), ("roles", Array.Empty<string>()));

        var error = await Assert.ThrowsAsync<Pulumi.Coder.Provider.Hosting.ProviderException>(() => resource.UpdateAsync(
            new UpdateRequest(MockCoder.Urn("User", "ada"), UserId.ToString(), oldOutputs,
                oldInputs.SetItem("password", Secret("new-pass")).SetItem("name", Of("Ada L.")), TimeSpan.Zero, [], false, oldInputs),
            coder.Context("User", "ada"), default));

        Assert.StartsWith("password: user \"ada\" is the user whose session token this provider uses", error.Message);
        Assert.DoesNotContain("new-pass", error.Message);
        // The strict mock fails on any other call: nothing was changed.
        coder.Users.Verify(u => u.GetAsync("me", It.IsAny<CancellationToken>()), Times.Once);
        coder.Users.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_unknown_user_reads_as_gone_even_when_coderd_answers_400()
    {
        // coderd's httpmw.ExtractUserContext before coder/coder#22069; later releases answer 404.
        coder.Users.Setup(u => u.GetAsync(UserId.ToString(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CoderErrors.Status(HttpStatusCode.BadRequest, "\\\"user\\\" must be an existing uuid or username."));
        var response = await resource.ReadAsync(new ReadRequest(MockCoder.Urn("User", "ada"), UserId.ToString(), Map(("username", "ada")), Map(("username", "ada"))),
            coder.Context("User", "ada"), default);
        Assert.Equal("", response.Id);
    }

    [Fact]
    public async Task Any_other_400_on_read_is_an_error_not_a_deletion()
    {
        coder.Users.Setup(u => u.GetAsync(UserId.ToString(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CoderErrors.Status(HttpStatusCode.BadRequest, "Bad Request"));
        var error = await Assert.ThrowsAsync<CoderApiException>(() => resource.ReadAsync(
            new ReadRequest(MockCoder.Urn("User", "ada"), UserId.ToString(), Map(("username", "ada")), Map(("username", "ada"))),
            coder.Context("User", "ada"), default));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public void A_reordered_role_set_is_no_change_and_an_email_change_replaces()
    {
        var olds = Map(("username", "ada"), ("email", "ada@example.com"), ("roles", new[] { "auditor", "owner" }));
        var same = resource.Diff(new DiffRequest(MockCoder.Urn("User", "ada"), UserId.ToString(), olds, olds.SetItem("roles", Of(new[] { "owner", "auditor" })), [], olds));
        Assert.False(same.Changes);
        var email = resource.Diff(new DiffRequest(MockCoder.Urn("User", "ada"), UserId.ToString(), olds, olds.SetItem("email", Of("lovelace@example.com")), [], olds));
        Assert.Equal(["email"], email.Replaces!);
    }
}

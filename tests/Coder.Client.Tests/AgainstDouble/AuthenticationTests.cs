using System.Net;
using Coder.Client.Errors;

namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class AuthenticationTests : DoubleTest
{
    /// <summary>Well-formed (coderd's 10-character id, '-', 22-character secret) but issued to nobody.</summary>
    private const string UnknownToken = "AbCdEfGhIj-0123456789abcdefghijkl";

    private static void AssertUnauthorizedWithoutToken(CoderApiException error, string token)
    {
        Assert.Equal(CoderErrorKind.Unauthorized, error.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain(token, error.ToString());
        Assert.DoesNotContain(token, error.CoderMessage ?? "");
        Assert.DoesNotContain(token, error.Detail ?? "");
        Assert.Contains("session token", error.Message);
    }

    [Fact]
    public async Task An_unknown_token_is_unauthorized_and_stays_out_of_the_error()
    {
        var client = Session.CreateClient(UnknownToken);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Users.GetAsync("me"));

        AssertUnauthorizedWithoutToken(error, UnknownToken);
        Assert.Empty(Session.Retries);
    }

    [Fact]
    public async Task A_known_token_id_with_a_wrong_secret_is_unauthorized_and_stays_out_of_the_error()
    {
        var keyId = Coder.SessionToken.Split('-')[0];
        var forged = keyId + "-" + new string('x', 22);
        var client = Session.CreateClient(forged);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Organizations.ListAsync());

        AssertUnauthorizedWithoutToken(error, forged);
    }

    [Fact]
    public async Task No_token_is_unauthorized_except_for_build_info()
    {
        var anonymous = Session.CreateClient(sessionToken: null);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => anonymous.Deployment.GetEntitlementsAsync());

        Assert.Equal(CoderErrorKind.Unauthorized, error.Kind);
        Assert.NotEmpty((await anonymous.Deployment.GetBuildInfoAsync()).Version);
    }

    [Fact]
    public async Task A_users_own_token_acts_as_that_user_until_the_user_is_suspended_or_deleted()
    {
        var alice = await Session.CreateUserAsync("alice");
        var aliceToken = Coder.Control.IssueToken("alice");
        var asAlice = Session.CreateClient(aliceToken);

        Assert.Equal(alice.Id, (await asAlice.Users.GetAsync("me")).Id);

        await Client.Users.SuspendAsync("alice");
        var suspended = await Assert.ThrowsAsync<CoderApiException>(() => asAlice.Users.GetAsync("me"));
        AssertUnauthorizedWithoutToken(suspended, aliceToken);

        await Client.Users.ActivateAsync("alice");
        Assert.Equal(alice.Id, (await asAlice.Users.GetAsync("me")).Id);

        await Client.Users.DeleteAsync(alice.Id.ToString());
        var deleted = await Assert.ThrowsAsync<CoderApiException>(() => asAlice.Users.GetAsync("me"));
        AssertUnauthorizedWithoutToken(deleted, aliceToken);
    }
}

using System.Net;
using Coder.Client.Errors;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Tests.Resources;

namespace Pulumi.Coder.Provider.Tests.Hosting;

/// <summary>Which answers count as "the object is gone" (a refresh then drops it from state).</summary>
public sealed class CoderCallsTests
{
    private static Task<Organization> Failing(HttpStatusCode status, string message) =>
        Task.FromException<Organization>(CoderErrors.Status(status, message));

    [Fact]
    public async Task Only_a_404_means_gone()
    {
        Assert.Null(await CoderCalls.OrNullIfGoneAsync(() => Failing(HttpStatusCode.NotFound, "Resource not found or you do not have access to this resource")));
        var proxy = await Assert.ThrowsAsync<CoderApiException>(() => CoderCalls.OrNullIfGoneAsync(() => Failing(HttpStatusCode.BadRequest, "Bad Request")));
        Assert.Equal(HttpStatusCode.BadRequest, proxy.StatusCode);
    }

    [Fact]
    public async Task For_a_user_lookup_coderds_unknown_user_400_means_gone_and_no_other_400_does()
    {
        Assert.Null(await CoderCalls.OrNullIfGoneAsync(
            () => Failing(HttpStatusCode.BadRequest, "\\\"user\\\" must be an existing uuid or username."), unknownUserMeansGone: true));
        await Assert.ThrowsAsync<CoderApiException>(() => CoderCalls.OrNullIfGoneAsync(
            () => Failing(HttpStatusCode.BadRequest, "Bad Request"), unknownUserMeansGone: true));
        // The same text from anything but a 400 is no answer about the user.
        await Assert.ThrowsAsync<CoderApiException>(() => CoderCalls.OrNullIfGoneAsync(
            () => Failing(HttpStatusCode.InternalServerError, "\\\"user\\\" must be an existing uuid or username."), unknownUserMeansGone: true));
    }
}

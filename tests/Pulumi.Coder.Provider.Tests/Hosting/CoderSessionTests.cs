using System.Collections.Immutable;
using System.Net;
using Coder.Client;
using Coder.Client.Api;
using Coder.Client.Errors;
using Coder.Client.Models;
using Moq;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Tests.Resources;

namespace Pulumi.Coder.Provider.Tests.Hosting;

/// <summary>The session's shared default-organization lookup.</summary>
public sealed class CoderSessionTests
{
    private static readonly Organization Acme = new() { Id = Guid.Parse("22222222-2222-2222-2222-222222222222"), Name = "acme" };

    private readonly Mock<IOrganizationsApi> organizations = new(MockBehavior.Strict);

    private CoderSession Session()
    {
        var client = new Mock<ICoderClient>();
        client.SetupGet(c => c.Organizations).Returns(organizations.Object);
        var configuration = new ResolvedConfiguration(new Uri("https://coder.example.com/"), "token", "acme", ImmutableDictionary<string, string>.Empty);
        return new CoderSession(configuration, client.Object, new DeploymentFeatures(new HashSet<string>()));
    }

    [Fact]
    public async Task A_failed_lookup_is_not_kept_so_a_later_resource_tries_again()
    {
        organizations.SetupSequence(o => o.GetAsync("acme", It.IsAny<CancellationToken>()))
            .ThrowsAsync(CoderErrors.Status(HttpStatusCode.InternalServerError, "database is restarting"))
            .ReturnsAsync(Acme);
        var session = Session();

        var first = await Assert.ThrowsAsync<CoderApiException>(() => session.DefaultOrganizationAsync(default));
        Assert.Equal(CoderErrorKind.ServerError, first.Kind);

        Assert.Equal(Acme.Id, await session.OrganizationIdAsync(null, default));
        // A success is kept: no third call.
        Assert.Equal(Acme.Id, await session.OrganizationIdAsync(null, default));
        organizations.Verify(o => o.GetAsync("acme", It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task The_lookup_is_not_tied_to_the_first_callers_cancellation()
    {
        var answer = new TaskCompletionSource<Organization>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookupToken = new TaskCompletionSource<CancellationToken>();
        organizations.Setup(o => o.GetAsync("acme", It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken ct) =>
            {
                lookupToken.TrySetResult(ct);
                return answer.Task.WaitAsync(ct);
            });
        var session = Session();
        using var firstCaller = new CancellationTokenSource();

        var first = session.DefaultOrganizationAsync(firstCaller.Token);
        var second = session.DefaultOrganizationAsync(CancellationToken.None);
        await lookupToken.Task;
        await firstCaller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False((await lookupToken.Task).IsCancellationRequested, "the shared lookup must not be cancelled by one caller");
        answer.SetResult(Acme);
        Assert.Equal(Acme, await second);
        organizations.Verify(o => o.GetAsync("acme", It.IsAny<CancellationToken>()), Times.Once);
    }
}

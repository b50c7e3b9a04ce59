using System.Diagnostics;
using System.Net;
using Coder.Client.Errors;
using Coder.Client.Models;
using Coder.Double.Control;
using Microsoft.Extensions.Time.Testing;

namespace Coder.Client.Tests.AgainstDouble;

/// <summary>Retries, time limits and cancellation, with failures injected by the double before coderd's handlers.</summary>
[Collection(DoubleCollection.Name)]
public sealed class ResilienceTests : DoubleTest
{
    private string InjectFault(FaultRule rule) => Coder.Control.Faults.Add(rule);

    private int CallsSeen(string faultId) => CallsSeen(Session, faultId);

    /// <summary>How many calls matched the rule: what reached the server, whether or not the fault fired.</summary>
    private static int CallsSeen(DoubleSession session, string faultId) =>
        session.Coder.Control.Faults.List().Single(f => f.Id == faultId).MatchedCalls;

    [Fact]
    public async Task Too_many_requests_waits_for_retry_after_then_succeeds()
    {
        var fault = InjectFault(new FaultRule("/api/v2/users/*", Method: "GET", Status: 429, RetryAfterSeconds: 7));

        var me = await Client.Users.GetAsync("me");

        Assert.Equal(Coder.Seed.AdminId, me.Id);
        Assert.Equal(2, CallsSeen(fault));
        var retry = Assert.Single(Session.Retries);
        Assert.Equal(HttpStatusCode.TooManyRequests, retry.StatusCode);
        // The server's wait and then a turn at the pace its limit allows (60 s × 1.1 / 512), not the backoff.
        Assert.InRange(retry.Delay, TimeSpan.FromSeconds(7.1), TimeSpan.FromSeconds(7.2));
        Assert.Equal("/api/v2/users/me", retry.Path);
    }

    [Fact]
    public async Task A_create_turned_away_with_too_many_requests_is_sent_again_and_creates_once()
    {
        var fault = InjectFault(new FaultRule("/api/v2/users", Method: "POST", Status: 429, RetryAfterSeconds: 1));

        var alice = await Session.CreateUserAsync("alice");

        Assert.Equal(2, CallsSeen(fault));
        Assert.Equal(alice.Id, Assert.Single((await Client.Users.ListAsync(query: "username:alice")).Users!).Id);
    }

    [Fact]
    public async Task Service_unavailable_is_retried_with_backoff_then_succeeds()
    {
        var fault = InjectFault(new FaultRule("/api/v2/organizations", Method: "GET", Status: 503, Times: 2));

        var organizations = await Client.Organizations.ListAsync();

        Assert.Single(organizations);
        Assert.Equal(3, CallsSeen(fault));
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)], Session.Retries.Select(r => r.Delay));
        Assert.All(Session.Retries, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
    }

    [Fact]
    public async Task A_create_answered_service_unavailable_with_retry_after_is_sent_again()
    {
        var fault = InjectFault(new FaultRule("/api/v2/organizations", Method: "POST", Status: 503, RetryAfterSeconds: 2));

        var research = await Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "research" });

        Assert.Equal(2, CallsSeen(fault));
        Assert.Equal(research.Id, (await Client.Organizations.GetAsync("research")).Id);
    }

    [Fact]
    public async Task A_create_answered_service_unavailable_without_retry_after_is_not_sent_again()
    {
        // Without Retry-After nothing says the server did not act on the request.
        var fault = InjectFault(new FaultRule("/api/v2/organizations", Method: "POST", Status: 503));

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            Client.Organizations.CreateAsync(new CreateOrganizationRequest { Name = "research" }));

        Assert.Equal(CoderErrorKind.ServerError, error.Kind);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, CallsSeen(fault));
        Assert.Empty(Session.Retries);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        var fault = InjectFault(new FaultRule("/api/v2/users/*", Method: "GET", Status: 502, Times: 0));

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.GetAsync("me"));

        Assert.Equal(CoderErrorKind.ServerError, error.Kind);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal(1 + Session.FastResilience().MaxRetryAttempts, CallsSeen(fault));
    }

    [Fact]
    public async Task A_read_whose_connection_drops_is_retried()
    {
        await using var loopback = await DoubleSession.StartAsync(onLoopback: true);
        var fault = loopback.Coder.Control.Faults.Add(new FaultRule("/api/v2/users/*", Method: "GET", Drop: true));

        var me = await loopback.Client.Users.GetAsync("me");

        Assert.Equal(loopback.Coder.Seed.AdminId, me.Id);
        Assert.Equal(2, CallsSeen(loopback, fault));
        var retry = Assert.Single(loopback.Retries);
        Assert.Null(retry.StatusCode);
        Assert.Contains("HttpRequestException", retry.Failure);
    }

    [Fact]
    public async Task A_create_whose_connection_drops_is_not_sent_again()
    {
        // The server got the request; had it acted before the connection broke, a second POST would create twice.
        await using var loopback = await DoubleSession.StartAsync(onLoopback: true);
        var fault = loopback.Coder.Control.Faults.Add(new FaultRule("/api/v2/users", Method: "POST", Drop: true));

        var error = await Assert.ThrowsAsync<CoderApiException>(() => loopback.CreateUserAsync("alice"));

        Assert.Equal(CoderErrorKind.Transport, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.Equal("Users.Create", error.Operation);
        Assert.Equal(1, CallsSeen(loopback, fault));
        Assert.Empty(loopback.Retries);
        Assert.True((await Assert.ThrowsAsync<CoderApiException>(() => loopback.Client.Users.GetAsync("alice"))).IsNotFound);
    }

    [Fact]
    public async Task An_attempt_that_exceeds_its_time_limit_is_abandoned_and_retried()
    {
        // The client's clock moves only when the test moves it, so the limit fires exactly once, on the stalled
        // attempt, however slowly the machine runs the retry.
        var clock = new FakeTimeProvider();
        var limit = TimeSpan.FromSeconds(30);
        var client = Session.CreateClient(Coder.SessionToken, Session.FastResilience() with
        {
            AttemptTimeout = limit,
            TimeProvider = clock,
        });
        var fault = InjectFault(new FaultRule("/api/v2/organizations", Method: "GET", DelayMs: 60_000));

        var call = client.Organizations.ListAsync();
        await EventuallyAsync(() => CallsSeen(fault) == 1, "the call to reach the server");
        clock.Advance(limit);
        await EventuallyAsync(() => !Session.Retries.IsEmpty, "a retry");
        clock.Advance(Assert.Single(Session.Retries).Delay);
        var organizations = await call;

        Assert.Single(organizations);
        Assert.Equal(2, CallsSeen(fault));
        var retry = Assert.Single(Session.Retries);
        Assert.Null(retry.StatusCode);
        Assert.Contains("Timeout", retry.Failure);
    }

    [Fact]
    public async Task Cancelling_a_call_in_flight_stops_it_at_once()
    {
        var fault = InjectFault(new FaultRule("/api/v2/users/*", Method: "GET", DelayMs: 30_000));
        using var cancellation = new CancellationTokenSource();

        var call = Client.Users.GetAsync("me", cancellation.Token);
        await EventuallyAsync(() => CallsSeen(fault) == 1, "the call to reach the server");
        var clock = Stopwatch.StartNew();
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Empty(Session.Retries);
    }

    [Fact]
    public async Task Cancelling_while_waiting_out_retry_after_stops_at_once()
    {
        // Real time here: the 30 s the server asks for would really pass.
        var client = Session.CreateClient(Coder.SessionToken, new CoderResilienceOptions { OnRetry = Session.Retries.Enqueue });
        var fault = InjectFault(new FaultRule("/api/v2/users/*", Method: "GET", Status: 429, RetryAfterSeconds: 30));
        using var cancellation = new CancellationTokenSource();

        var call = client.Users.GetAsync("me", cancellation.Token);
        await EventuallyAsync(() => !Session.Retries.IsEmpty, "a retry");
        var clock = Stopwatch.StartNew();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(1, CallsSeen(fault));
        Assert.InRange(Assert.Single(Session.Retries).Delay, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task An_already_cancelled_call_never_reaches_the_server()
    {
        var fault = InjectFault(new FaultRule("/api/v2/**"));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Session.CreateUserAsync("alice", cancellationToken: cancellation.Token));

        Assert.Equal(0, CallsSeen(fault));
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_client_waits_surfaces_at_once()
    {
        var fault = InjectFault(new FaultRule("/api/v2/users/*", Method: "GET", Status: 429, RetryAfterSeconds: 3600));

        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Users.GetAsync("me"));

        Assert.Equal(CoderErrorKind.RateLimited, error.Kind);
        Assert.Equal(1, CallsSeen(fault));
    }
}

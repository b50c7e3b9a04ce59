using System.Net;
using Coder.Client.Tests.Support;

namespace Coder.Client.Tests;

public sealed class CancellationTests
{
    [Fact]
    public async Task The_callers_token_reaches_the_transport_and_cancels_the_call()
    {
        var reachedTransport = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var observedCancellation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stub = new StubHttpHandler().Then(async (_, token) =>
        {
            reachedTransport.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                // Only a cancelled token ends an infinite delay.
                observedCancellation.TrySetResult();
                throw;
            }

            throw new InvalidOperationException("unreachable");
        });
        using var client = TestClients.Create(stub);
        using var cancellation = new CancellationTokenSource();

        var call = client.Users.GetAsync("alice", cancellation.Token);
        await reachedTransport.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancellation.Token, error.CancellationToken);
        await observedCancellation.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Cancelling_during_a_retry_wait_stops_at_once()
    {
        var stub = new StubHttpHandler().ThenStatus(HttpStatusCode.ServiceUnavailable);
        var resilience = new CoderResilienceOptions { BaseDelay = TimeSpan.FromHours(1), UseJitter = false };
        using var client = TestClients.Create(stub, resilience);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.Users.GetAsync("alice", cancellation.Token).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        var stub = new StubHttpHandler().ThenStatus(HttpStatusCode.OK);
        using var client = TestClients.Create(stub);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.Users.GetAsync("alice", new CancellationToken(canceled: true)));

        Assert.Equal(0, stub.Count);
    }
}

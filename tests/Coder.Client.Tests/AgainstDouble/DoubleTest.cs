using System.Text.Json;
using Coder.Client.Serialization;
using Coder.Double;

namespace Coder.Client.Tests.AgainstDouble;

/// <summary>Starts a fresh double for every test (xunit makes one instance per test), so tests share no state.</summary>
public abstract class DoubleTest : IAsyncLifetime
{
    private DoubleSession? _session;

    protected DoubleSession Session => _session ?? throw new InvalidOperationException("The double has not started.");

    /// <summary>Authenticated as the seeded owner.</summary>
    protected CoderClient Client => Session.Client;

    protected CoderDouble Coder => Session.Coder;

    protected Guid DefaultOrganizationId => Session.DefaultOrganizationId;

    /// <summary>How the double starts for this class's tests.</summary>
    protected virtual CoderDoubleOptions DoubleOptions => new();

    /// <summary>Serve on a 127.0.0.1 port (real sockets, e.g. for WebSockets) instead of in-process.</summary>
    protected virtual bool OnLoopback => false;

    /// <summary>Equal as the client reads them. The models are records, but records compare their lists by
    /// reference; their JSON compares them by content.</summary>
    protected static void AssertSameJson<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, typeof(T), CoderJsonContext.Default),
            JsonSerializer.Serialize(actual, typeof(T), CoderJsonContext.Default));

    /// <summary>Polls until <paramref name="condition"/> holds, for what a request in flight or a background job makes
    /// true; 10 s only stops a hung test (CI runs on two loaded cores).</summary>
    protected static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Gave up waiting: {what}.");
            await Task.Delay(10);
        }
    }

    public async Task InitializeAsync() => _session = await DoubleSession.StartAsync(DoubleOptions, OnLoopback);

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}

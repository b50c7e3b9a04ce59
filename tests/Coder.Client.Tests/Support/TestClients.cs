using System.Collections.Concurrent;

namespace Coder.Client.Tests.Support;

public static class TestClients
{
    public const string Token = "s3cr3t-session-token-abcdef";

    public static readonly Uri BaseUrl = new("http://127.0.0.1:3000");

    /// <summary>Retries on, waits shortened, time limits long enough not to interfere.</summary>
    public static CoderResilienceOptions FastResilience(ConcurrentQueue<CoderRetryNotice>? retries = null) => new()
    {
        MaxRetryAttempts = 3,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        UseJitter = false,
        AttemptTimeout = TimeSpan.FromHours(1),
        TotalTimeout = TimeSpan.FromHours(2),
        TimeProvider = new FastTimeProvider(),
        OnRetry = retries is null ? null : retries.Enqueue,
    };

    public static CoderClientOptions Options(CoderResilienceOptions? resilience = null) => new()
    {
        BaseUrl = BaseUrl,
        SessionToken = Token,
        UserAgentVersion = "1.2.3",
        Resilience = resilience ?? FastResilience(),
    };

    public static CoderClient Create(StubHttpHandler stub, CoderResilienceOptions? resilience = null) =>
        CoderClient.Create(Options(resilience), stub);
}

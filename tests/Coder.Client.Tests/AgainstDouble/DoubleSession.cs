using System.Collections.Concurrent;
using Coder.Client.Models;
using Coder.Client.Tests.Support;
using Coder.Double;

namespace Coder.Client.Tests.AgainstDouble;

/// <summary>
/// The tests that start Coder doubles run one after another. Every double appends to the CODER_DOUBLE_RECORD file
/// and its recorder serializes only its own writes, so doubles running side by side would tear and lose lines.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DoubleCollection
{
    public const string Name = "Coder double";
}

/// <summary>
/// One in-process Coder double (recording to CODER_DOUBLE_RECORD when it is set) and clients that reach it through
/// the real pipeline: headers, resilience and error mapping, with waits shortened.
/// </summary>
public sealed class DoubleSession : IAsyncDisposable
{
    /// <summary>Meets coderd's password rules (length, and not too guessable).</summary>
    public const string StrongPassword = "Correct-Horse-Battery-9!";

    private readonly List<CoderClient> _clients = [];

    private DoubleSession(CoderDouble coder)
    {
        Coder = coder;
        Client = CreateClient(coder.SessionToken);
    }

    public CoderDouble Coder { get; }

    /// <summary>Authenticated as the seeded owner.</summary>
    public CoderClient Client { get; }

    /// <summary>Every retry the clients of this session made.</summary>
    public ConcurrentQueue<CoderRetryNotice> Retries { get; } = new();

    public Guid DefaultOrganizationId => Coder.Seed.DefaultOrganizationId;

    /// <param name="options">Start settings; the recording file always comes from CODER_DOUBLE_RECORD.</param>
    /// <param name="onLoopback">Serve on a 127.0.0.1 port instead of in-process. Only a real socket fails like a
    /// network does: in-process, a dropped connection reaches the client as a cancellation.</param>
    public static async Task<DoubleSession> StartAsync(CoderDoubleOptions? options = null, bool onLoopback = false)
    {
        var recordPath = CoderDoubleOptions.FromEnvironment().RecordPath;
        options = (options ?? new CoderDoubleOptions()) with { RecordPath = recordPath };
        var coder = onLoopback
            ? await CoderDouble.StartOnLoopbackAsync(port: 0, options)
            : await CoderDouble.StartInProcessAsync(options);
        return new DoubleSession(coder);
    }

    /// <summary>
    /// Retries on with coderd-like waits that pass a thousand times faster: a 1 s Retry-After takes 1 ms. The time
    /// limits are far enough away (a day, so about 86 s of real time) never to cut an in-process call short.
    /// </summary>
    public CoderResilienceOptions FastResilience() => TestClients.FastResilience(Retries) with
    {
        AttemptTimeout = TimeSpan.FromDays(1),
        TotalTimeout = TimeSpan.FromDays(1),
    };

    /// <summary>A client of this double with its own token (null: none) and resilience; disposed with the session.</summary>
    public CoderClient CreateClient(string? sessionToken, CoderResilienceOptions? resilience = null)
    {
        var client = CoderClient.Create(new CoderClientOptions
        {
            BaseUrl = Coder.BaseAddress,
            SessionToken = sessionToken,
            UserAgentVersion = "1.2.3",
            Resilience = resilience ?? FastResilience(),
        }, Coder.CreateHandler());
        _clients.Add(client);
        return client;
    }

    /// <summary>An active password user in the default organization (active keeps recordings swagger-clean: coderd's
    /// default "dormant" is missing from swagger's User.status enum).</summary>
    public Task<User> CreateUserAsync(string username, string? name = null, CancellationToken cancellationToken = default) =>
        Client.Users.CreateAsync(new CreateUserRequestWithOrgs
        {
            Username = username,
            Email = $"{username}@example.com",
            Name = name,
            Password = StrongPassword,
            UserStatus = "active",
            OrganizationIds = [DefaultOrganizationId],
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Coder.DisposeAsync();
    }
}

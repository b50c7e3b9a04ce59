using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Coder.Client.Errors;
using Coder.Client.Models;
using Coder.Client.Tests.Support;

namespace Coder.Client.Tests;

public sealed class RetryTests
{
    private const string UserJson = """{"id":"3a4ff5c6-52f0-4bd0-8d1c-6b1f4d1a9c10","username":"alice","email":"alice@example.com"}""";
    private const string WorkspaceJson = """{"id":"0b9d6a0e-4b8e-4f0f-9d7a-7c0a1b2c3d4e","name":"dev"}""";

    private static readonly CreateWorkspaceRequest CreateDev = new() { Name = "dev", TemplateId = Guid.Parse("5a0e6b3b-2a3c-4d5e-8f90-a1b2c3d4e5f6") };

    [Fact]
    public async Task Too_many_requests_waits_for_retry_after_then_succeeds()
    {
        var retries = new ConcurrentQueue<CoderRetryNotice>();
        var stub = new StubHttpHandler()
            .ThenJson(HttpStatusCode.TooManyRequests, """{"message":"You've been rate limited."}""",
                r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(20)))
            .ThenJson(HttpStatusCode.OK, UserJson);
        // The server's wait is longer than the backoff cap and still honoured.
        using var client = TestClients.Create(stub, TestClients.FastResilience(retries) with { MaxDelay = TimeSpan.FromSeconds(15) });

        var user = await client.Users.GetAsync("alice");

        Assert.Equal("alice", user.Username);
        Assert.Equal(2, stub.Count);
        var retry = Assert.Single(retries);
        Assert.Equal(TimeSpan.FromSeconds(20), retry.Delay);
        Assert.Equal(HttpStatusCode.TooManyRequests, retry.StatusCode);
        Assert.Equal("/api/v2/users/alice", retry.Path);
        Assert.Equal(1, retry.Attempt);
    }

    [Fact]
    public async Task Service_unavailable_is_retried_with_backoff_then_succeeds()
    {
        var retries = new ConcurrentQueue<CoderRetryNotice>();
        var stub = new StubHttpHandler()
            .ThenStatus(HttpStatusCode.ServiceUnavailable)
            .ThenStatus(HttpStatusCode.ServiceUnavailable)
            .ThenJson(HttpStatusCode.OK, UserJson);
        using var client = TestClients.Create(stub, TestClients.FastResilience(retries));

        var user = await client.Users.GetAsync("alice");

        Assert.Equal("alice", user.Username);
        Assert.Equal(3, stub.Count);
        // Exponential: base delay, then twice that (jitter is off in tests).
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)], retries.Select(r => r.Delay));
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        var stub = new StubHttpHandler().ThenStatus(HttpStatusCode.BadGateway);
        using var client = TestClients.Create(stub);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Users.GetAsync("alice"));

        Assert.Equal(CoderErrorKind.ServerError, error.Kind);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal(4, stub.Count);
    }

    [Fact]
    public async Task Internal_server_errors_are_not_retried()
    {
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.InternalServerError, """{"message":"An internal server error occurred."}""");
        using var client = TestClients.Create(stub);

        await Assert.ThrowsAsync<CoderApiException>(() => client.Users.GetAsync("alice"));

        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Put_is_retried_after_a_dropped_connection()
    {
        var stub = new StubHttpHandler()
            .ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))
            .ThenStatus(HttpStatusCode.NoContent);
        using var client = TestClients.Create(stub);

        await client.Workspaces.UpdateTtlAsync(Guid.NewGuid(), new() { TtlMs = 3_600_000 });

        Assert.Equal(2, stub.Count);
    }

    [Fact]
    public async Task Post_create_is_not_retried_when_the_connection_drops_mid_request()
    {
        var stub = new StubHttpHandler()
            .ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))
            .ThenJson(HttpStatusCode.Created, WorkspaceJson);
        using var client = TestClients.Create(stub);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Workspaces.CreateAsync("me", CreateDev));

        Assert.Equal(CoderErrorKind.Transport, error.Kind);
        Assert.Equal(1, stub.Count);
        Assert.Contains("Workspaces.Create (POST /api/v2/users/me/workspaces)", error.Message);
    }

    [Fact]
    public async Task Post_create_is_not_retried_when_a_real_server_drops_the_connection()
    {
        await using var server = new DroppingTcpServer();
        using var client = CoderClient.Create(TestClients.Options(TestClients.FastResilience()) with { BaseUrl = server.BaseUrl });

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Workspaces.CreateAsync("me", CreateDev));

        Assert.Equal(CoderErrorKind.Transport, error.Kind);
        Assert.Equal(1, server.RequestsRead);
    }

    [Fact]
    public async Task Get_is_retried_when_a_real_server_drops_the_connection()
    {
        await using var server = new DroppingTcpServer();
        var retries = new ConcurrentQueue<CoderRetryNotice>();
        using var client = CoderClient.Create(TestClients.Options(TestClients.FastResilience(retries)) with { BaseUrl = server.BaseUrl });

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Users.GetAsync("me"));

        Assert.Equal(CoderErrorKind.Transport, error.Kind);
        Assert.Equal(3, retries.Count);
        // SocketsHttpHandler itself also resends a GET whose connection closed before any response byte.
        Assert.True(server.RequestsRead >= 4);
    }

    [Fact]
    public async Task Post_is_retried_when_the_connection_could_not_be_established()
    {
        // Find a loopback port nobody listens on.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var retries = new ConcurrentQueue<CoderRetryNotice>();
        using var client = CoderClient.Create(TestClients.Options(TestClients.FastResilience(retries)) with
        {
            BaseUrl = new Uri($"http://127.0.0.1:{port}"),
        });

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Workspaces.CreateAsync("me", CreateDev));

        Assert.Equal(CoderErrorKind.Transport, error.Kind);
        Assert.Equal(3, retries.Count);
    }

    [Fact]
    public async Task Post_is_retried_on_429_and_sends_the_same_body_again()
    {
        var stub = new StubHttpHandler()
            .ThenStatus(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(1)))
            .ThenJson(HttpStatusCode.Created, WorkspaceJson);
        using var client = TestClients.Create(stub);

        var workspace = await client.Workspaces.CreateAsync("me", CreateDev);

        Assert.Equal("dev", workspace.Name);
        var requests = stub.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0].BodyText, requests[1].BodyText);
        Assert.Contains("\"name\":\"dev\"", requests[1].BodyText);
    }

    [Fact]
    public async Task Post_is_retried_on_503_only_when_the_server_says_when_to_come_back()
    {
        var withRetryAfter = new StubHttpHandler()
            .ThenStatus(HttpStatusCode.ServiceUnavailable, r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(2)))
            .ThenJson(HttpStatusCode.Created, WorkspaceJson);
        using (var client = TestClients.Create(withRetryAfter))
        {
            await client.Workspaces.CreateAsync("me", CreateDev);
        }

        var without = new StubHttpHandler()
            .ThenStatus(HttpStatusCode.ServiceUnavailable)
            .ThenJson(HttpStatusCode.Created, WorkspaceJson);
        using (var client = TestClients.Create(without))
        {
            var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Workspaces.CreateAsync("me", CreateDev));
            Assert.Equal(CoderErrorKind.ServerError, error.Kind);
        }

        Assert.Equal(2, withRetryAfter.Count);
        Assert.Equal(1, without.Count);
    }

    [Fact]
    public async Task Patch_is_not_retried_on_a_gateway_timeout()
    {
        var stub = new StubHttpHandler().ThenStatus(HttpStatusCode.GatewayTimeout);
        using var client = TestClients.Create(stub);

        await Assert.ThrowsAsync<CoderApiException>(() => client.Templates.UpdateAsync(Guid.NewGuid(), new() { Name = "x" }));

        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task A_retry_after_longer_than_allowed_surfaces_the_rate_limit()
    {
        var stub = new StubHttpHandler()
            .ThenJson(HttpStatusCode.TooManyRequests, """{"message":"You've been rate limited."}""",
                r => r.Headers.RetryAfter = new(TimeSpan.FromHours(2)));
        using var client = TestClients.Create(stub);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Users.GetAsync("alice"));

        Assert.Equal(CoderErrorKind.RateLimited, error.Kind);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Upload_is_sent_again_whole_after_429()
    {
        var tar = new byte[10_000];
        Random.Shared.NextBytes(tar);
        var stub = new StubHttpHandler()
            .ThenStatus(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(1)))
            .ThenJson(HttpStatusCode.Created, """{"hash":"b3c4d5e6-0000-4000-8000-000000000001"}""");
        using var client = TestClients.Create(stub);

        var upload = await client.Files.UploadTarAsync(new MemoryStream(tar));

        Assert.Equal(Guid.Parse("b3c4d5e6-0000-4000-8000-000000000001"), upload.Hash);
        Assert.All(stub.Requests, r =>
        {
            Assert.Equal("application/x-tar", r.ContentType);
            Assert.Equal(tar, r.Body);
        });
        Assert.Equal(2, stub.Count);
    }

    [Fact]
    public async Task A_slow_get_attempt_times_out_and_is_retried()
    {
        var stub = new StubHttpHandler().ThenHang().ThenJson(HttpStatusCode.OK, UserJson);
        var resilience = new CoderResilienceOptions
        {
            MaxRetryAttempts = 2,
            BaseDelay = TimeSpan.Zero,
            AttemptTimeout = TimeSpan.FromMilliseconds(200),
            TotalTimeout = TimeSpan.FromSeconds(30),
        };
        using var client = TestClients.Create(stub, resilience);

        var user = await client.Users.GetAsync("alice");

        Assert.Equal("alice", user.Username);
        Assert.Equal(2, stub.Count);
    }

    [Fact]
    public async Task A_slow_post_attempt_times_out_and_is_not_retried()
    {
        var stub = new StubHttpHandler().ThenHang();
        var resilience = new CoderResilienceOptions
        {
            MaxRetryAttempts = 2,
            BaseDelay = TimeSpan.Zero,
            AttemptTimeout = TimeSpan.FromMilliseconds(200),
            TotalTimeout = TimeSpan.FromSeconds(30),
        };
        using var client = TestClients.Create(stub, resilience);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Workspaces.CreateAsync("me", CreateDev));

        Assert.Equal(CoderErrorKind.Timeout, error.Kind);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task The_total_timeout_bounds_all_attempts_together()
    {
        var stub = new StubHttpHandler().ThenHang();
        var resilience = new CoderResilienceOptions
        {
            MaxRetryAttempts = 100,
            BaseDelay = TimeSpan.Zero,
            AttemptTimeout = TimeSpan.FromMilliseconds(100),
            TotalTimeout = TimeSpan.FromMilliseconds(450),
        };
        using var client = TestClients.Create(stub, resilience);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Users.GetAsync("alice"));

        Assert.Equal(CoderErrorKind.Timeout, error.Kind);
        // Without the total limit a hundred attempts would run.
        Assert.InRange(stub.Count, 1, 6);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coder.Double.Tests;

/// <summary>A reply as tests look at it: status, parsed JSON body (or null) and headers.</summary>
public sealed record ApiReply(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers)
{
    public int Code => (int)Status;

    public string Message => Body?["message"]?.GetValue<string>() ?? "";

    public string Detail => Body?["detail"]?.GetValue<string>() ?? "";

    public IReadOnlyList<(string Field, string Detail)> Validations =>
        Body?["validations"]?.AsArray().Select(v => (v!["field"]!.GetValue<string>(), v["detail"]!.GetValue<string>())).ToList() ?? [];

    public string Str(string name) => Body![name]!.GetValue<string>();
}

/// <summary>Thin JSON-over-HTTP helper around a double, with or without the admin's session.</summary>
public sealed class TestApi(HttpClient client)
{
    public HttpClient Client => client;

    public Task<ApiReply> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiReply> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<ApiReply> PutAsync(string path, object? body = null) => SendAsync(HttpMethod.Put, path, body);

    public Task<ApiReply> PatchAsync(string path, object? body = null) => SendAsync(HttpMethod.Patch, path, body);

    public Task<ApiReply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<ApiReply> SendAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (token is not null) request.Headers.Add("Coder-Session-Token", token);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        if (!string.IsNullOrWhiteSpace(text)) parsed = JsonNode.Parse(text);
        return new ApiReply(response.StatusCode, parsed, response.Headers);
    }
}

/// <summary>A fresh in-process double per test, with API helpers and a few common setups.</summary>
public sealed class DoubleScope : IAsyncDisposable
{
    private DoubleScope(CoderDouble coder)
    {
        Coder = coder;
        Api = new TestApi(coder.CreateClient());
        Anonymous = new TestApi(coder.CreateClient(authenticated: false));
    }

    public CoderDouble Coder { get; }

    /// <summary>Authenticated as the seeded admin (owner).</summary>
    public TestApi Api { get; }

    public TestApi Anonymous { get; }

    public Guid DefaultOrgId => Coder.Seed.DefaultOrganizationId;

    public const string GoodPassword = "PasswordSecured123!";

    public static async Task<DoubleScope> StartAsync(CoderDoubleOptions? options = null) =>
        new(await CoderDouble.StartInProcessAsync(options));

    /// <summary>On a 127.0.0.1 port: real sockets, which WebSockets need.</summary>
    public static async Task<DoubleScope> StartOnLoopbackAsync(CoderDoubleOptions? options = null) =>
        new(await CoderDouble.StartOnLoopbackAsync(0, options));

    /// <summary>
    /// Creates an active password user in the default organization (or the given ones) and returns its JSON.
    /// Active, because coderd's default "dormant" is outside swagger's status enum and would spoil checker runs.
    /// </summary>
    public async Task<JsonNode> CreateUserAsync(string username, params Guid[] organizationIds)
    {
        var reply = await Api.PostAsync("/api/v2/users", new
        {
            username,
            email = $"{username}@example.com",
            password = GoodPassword,
            user_status = "active",
            organization_ids = organizationIds.Length > 0 ? organizationIds : [DefaultOrgId],
        });
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply.Body!;
    }

    public async Task<JsonNode> CreateOrganizationAsync(string name)
    {
        var reply = await Api.PostAsync("/api/v2/organizations", new { name });
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply.Body!;
    }

    public async Task<JsonNode> CreateGroupAsync(string name, Guid? organizationId = null)
    {
        var reply = await Api.PostAsync($"/api/v2/organizations/{organizationId ?? DefaultOrgId}/groups", new { name });
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply.Body!;
    }

    public ValueTask DisposeAsync()
    {
        Api.Client.Dispose();
        Anonymous.Client.Dispose();
        return Coder.DisposeAsync();
    }
}

public static class JsonNodeExtensions
{
    public static Guid Id(this JsonNode node) => Guid.Parse(node["id"]!.GetValue<string>());

    public static string S(this JsonNode node, string name) => node[name]!.GetValue<string>();
}

using System.Net;
using System.Text.Json.Nodes;
using Coder.Double.Control;

namespace Coder.Double.Tests;

/// <summary>Templates, versions and workspaces set up through the API, with jobs short enough for fast tests.</summary>
internal static class Provisioning
{
    public static readonly JobTiming Fast = new(PendingMs: 5, RunningMs: 40, CancelMs: 10);

    /// <summary>Fast jobs and no file rate limit (tests upload many templates).</summary>
    public static CoderDoubleOptions Options(string? recordPath = null) => new() { JobTiming = Fast, FilesRateLimit = 0, RecordPath = recordPath };

    public static Task<DoubleScope> StartAsync(string? recordPath = null) => DoubleScope.StartAsync(Options(recordPath));

    public static byte[] TemplateTar(string? declaration = null, string? readme = null)
    {
        var files = new List<(string, string)> { ("main.tf", "resource \"null_resource\" \"main\" {}") };
        if (declaration is not null) files.Add(("coder-double.json", declaration));
        if (readme is not null) files.Add(("README.md", readme));
        return FileTests.Tar([.. files]);
    }

    public static async Task<Guid> UploadAsync(this DoubleScope scope, string? declaration = null, string? readme = null)
    {
        var (status, body) = await FileTests.UploadAsync(scope.Api.Client, TemplateTar(declaration, readme));
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"upload: {status}");
        return Guid.Parse(body!["hash"]!.GetValue<string>());
    }

    public static Task<ApiReply> PostVersionAsync(
        this DoubleScope scope, Guid fileId, Guid? templateId = null, string? name = null, object? variables = null, object? tags = null) =>
        scope.Api.PostAsync($"/api/v2/organizations/{scope.DefaultOrgId}/templateversions", new Dictionary<string, object?>
        {
            ["storage_method"] = "file",
            ["provisioner"] = "terraform",
            ["file_id"] = fileId,
            ["template_id"] = templateId,
            ["name"] = name,
            ["user_variable_values"] = variables,
            ["tags"] = tags,
        }.Where(kv => kv.Value is not null).ToDictionary());

    /// <summary>Uploads a template, creates a version of it and waits for its import to end.</summary>
    public static async Task<JsonNode> ImportAsync(this DoubleScope scope, string? declaration = null, Guid? templateId = null, string? name = null)
    {
        var fileId = await scope.UploadAsync(declaration);
        var created = await scope.PostVersionAsync(fileId, templateId, name);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        return await scope.WaitForVersionAsync(created.Body!.Id());
    }

    public static async Task<JsonNode> WaitForVersionAsync(this DoubleScope scope, Guid versionId)
    {
        var body = await WaitAsync(scope, $"/api/v2/templateversions/{versionId}", b => b["job"]!);
        return body;
    }

    public static async Task<JsonNode> WaitForBuildAsync(this DoubleScope scope, Guid buildId) =>
        await WaitAsync(scope, $"/api/v2/workspacebuilds/{buildId}", b => b["job"]!);

    private static async Task<JsonNode> WaitAsync(DoubleScope scope, string path, Func<JsonNode, JsonNode> job)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var reply = await scope.Api.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            if (job(reply.Body!).S("status") is "succeeded" or "failed" or "canceled") return reply.Body!;
            Assert.True(DateTime.UtcNow < deadline, $"{path} did not finish: {reply.Body!.ToJsonString()}");
            await Task.Delay(5);
        }
    }

    /// <summary>A template whose first version imported successfully.</summary>
    public static async Task<JsonNode> CreateTemplateAsync(this DoubleScope scope, string name, string? declaration = null, object? settings = null)
    {
        var version = await scope.ImportAsync(declaration);
        Assert.Equal("succeeded", version["job"]!.S("status"));
        var request = settings is null ? new JsonObject() : JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(settings))!.AsObject();
        request["name"] = name;
        request["template_version_id"] = version.Id().ToString();
        var reply = await scope.Api.PostAsync($"/api/v2/organizations/{scope.DefaultOrgId}/templates", request.ToJsonString());
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body?.ToJsonString());
        return reply.Body!;
    }

    public static Task<ApiReply> PostWorkspaceAsync(this DoubleScope scope, Guid templateId, string name, object? parameters = null, string user = "me") =>
        scope.Api.PostAsync($"/api/v2/users/{user}/workspaces", new Dictionary<string, object?>
        {
            ["template_id"] = templateId,
            ["name"] = name,
            ["rich_parameter_values"] = parameters,
        }.Where(kv => kv.Value is not null).ToDictionary());

    /// <summary>A workspace whose first (start) build finished.</summary>
    public static async Task<JsonNode> CreateWorkspaceAsync(this DoubleScope scope, Guid templateId, string name, object? parameters = null)
    {
        var created = await scope.PostWorkspaceAsync(templateId, name, parameters);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        await scope.WaitForBuildAsync(Guid.Parse(created.Body!["latest_build"]!.S("id")));
        return (await scope.Api.GetAsync($"/api/v2/workspaces/{created.Body.Id()}")).Body!;
    }

    public static Task<ApiReply> PostBuildAsync(this DoubleScope scope, Guid workspaceId, string transition, object? parameters = null, Guid? versionId = null) =>
        scope.Api.PostAsync($"/api/v2/workspaces/{workspaceId}/builds", new Dictionary<string, object?>
        {
            ["transition"] = transition,
            ["rich_parameter_values"] = parameters,
            ["template_version_id"] = versionId,
        }.Where(kv => kv.Value is not null).ToDictionary());

    /// <summary>Starts a build and waits for it to end.</summary>
    public static async Task<JsonNode> BuildAsync(this DoubleScope scope, Guid workspaceId, string transition, object? parameters = null)
    {
        var created = await scope.PostBuildAsync(workspaceId, transition, parameters);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        return await scope.WaitForBuildAsync(created.Body!.Id());
    }

    public static object Values(params (string Name, string Value)[] values) => values.Select(v => new { name = v.Name, value = v.Value }).ToArray();
}

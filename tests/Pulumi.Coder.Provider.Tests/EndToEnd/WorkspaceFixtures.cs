using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>
/// Templates for workspace tests, pushed through the plugin, whose coder-double.json declares what Terraform would
/// report: an immutable choice <c>region</c> (eu/us, default eu), a mutable number <c>cpus</c> (1–8, default 2, only
/// increasing), an optional string <c>dotfiles</c>, and one container with an agent.
/// </summary>
public sealed class WorkspaceTemplates(EngineDriver engine) : IDisposable
{
    private readonly List<DirectoryInfo> folders = [];

    public static readonly JsonObject Declaration = JsonNode.Parse("""
        {
          "parameters": [
            {"name": "region", "type": "string", "default": "eu", "mutable": false,
             "options": [{"name": "Europe", "value": "eu"}, {"name": "United States", "value": "us"}]},
            {"name": "cpus", "type": "number", "default": "2", "mutable": true,
             "validation": {"min": 1, "max": 8, "monotonic": "increasing"}},
            {"name": "dotfiles", "type": "string", "default": "", "mutable": true}
          ],
          "resources": [
            {"name": "dev", "type": "docker_container",
             "agents": [{"name": "main", "operating_system": "linux", "architecture": "amd64"}]},
            {"name": "home", "type": "docker_volume", "persistent": true}
          ],
          "build": {"duration_ms": 60}
        }
        """)!.AsObject();

    /// <summary>A folder holding a template: main.tf (with <paramref name="marker"/>, so that sources differ) and
    /// the declaration, changed by <paramref name="change"/>.</summary>
    public string Folder(string marker = "", Action<JsonObject>? change = null)
    {
        var folder = Directory.CreateTempSubdirectory("workspace-template-");
        folders.Add(folder);
        File.WriteAllText(Path.Combine(folder.FullName, "main.tf"), $"resource \"docker_container\" \"dev\" {{}} # {marker}\n");
        var declaration = Declaration.DeepClone().AsObject();
        change?.Invoke(declaration);
        File.WriteAllText(Path.Combine(folder.FullName, "coder-double.json"), declaration.ToJsonString());
        return folder.FullName;
    }

    public Task<ResourceState> TemplateAsync(string name, Action<JsonObject>? change = null) =>
        engine.CreateAsync("coder:index:Template", name, Map(("name", name), ("source", WireValues.FileArchive(Folder(name, change)))));

    public Task<ResourceState> VersionAsync(ResourceState template, string name, Action<JsonObject>? change = null) =>
        engine.CreateAsync("coder:index:TemplateVersion", name,
            Map(("templateId", template.Id), ("name", name), ("source", WireValues.FileArchive(Folder(name, change)))));

    public void Dispose()
    {
        foreach (var folder in folders) folder.Delete(recursive: true);
    }
}

/// <summary>What Coder has, read directly (as the user would in Coder's UI).</summary>
public static class CoderView
{
    public static async Task<JsonElement> WorkspaceAsync(HttpClient coder, string id) =>
        await coder.GetFromJsonAsync<JsonElement>($"/api/v2/workspaces/{id}");

    public static async Task<IReadOnlyList<JsonElement>> BuildsAsync(HttpClient coder, string id) =>
        [.. (await coder.GetFromJsonAsync<JsonElement>($"/api/v2/workspaces/{id}/builds")).EnumerateArray().OrderBy(b => b.GetProperty("build_number").GetInt32())];

    public static async Task<Dictionary<string, string>> BuildParametersAsync(HttpClient coder, string buildId) =>
        (await coder.GetFromJsonAsync<JsonElement>($"/api/v2/workspacebuilds/{buildId}/parameters")).EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("value").GetString()!);

    /// <summary>Starts a build outside Pulumi and waits for it to finish.</summary>
    public static async Task BuildAsync(HttpClient coder, string workspaceId, string transition)
    {
        var response = await coder.PostAsJsonAsync($"/api/v2/workspaces/{workspaceId}/builds", new { transition });
        response.EnsureSuccessStatusCode();
        var build = await response.Content.ReadFromJsonAsync<JsonElement>();
        for (var i = 0; i < 400; i++)
        {
            var now = await coder.GetFromJsonAsync<JsonElement>($"/api/v2/workspacebuilds/{build.GetProperty("id").GetString()}");
            if (now.GetProperty("job").GetProperty("status").GetString() is "succeeded" or "failed" or "canceled") return;
            await Task.Delay(25);
        }
        throw new TimeoutException($"the {transition} build did not finish");
    }

    public static string Text(ImmutableDictionary<string, PropertyValue> values, string name) =>
        values.TryGetValue(name, out var value) && value.TryGetString(out var text) ? text! : throw new KeyNotFoundException(name);

    public static ImmutableDictionary<string, PropertyValue> Object(ImmutableDictionary<string, PropertyValue> values, string name) =>
        values.TryGetValue(name, out var value) && value.TryGetMap(out var map) ? map : throw new KeyNotFoundException(name);
}

using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Text.Json;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.Provider.Tests.EndToEnd;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>
/// One resource as the reliability suite exercises it: what must exist first, the program's inputs for its create and
/// for an in-place update, and how to list its objects on Coder. The Coder calls each operation makes are not declared:
/// the suite records them from a clean run, so a step added to a resource is covered without touching this file.
/// </summary>
/// <param name="Resource">The resource's short name, as the suite prints it.</param>
/// <param name="Prerequisites">Creates, without faults, the resources the program needs first (kept in the stack's
/// state like any other resource).</param>
/// <param name="Create">The program's inputs when the resource is created.</param>
/// <param name="Update">The program's inputs after a change that Coder applies in place.</param>
/// <param name="ObjectsOnCoder">Every object of the resource's kind on Coder (ids), read directly.</param>
public sealed record ResourceScenario(
    string Resource,
    string Type,
    Func<ScenarioRun, Task> Prerequisites,
    Func<ScenarioRun, ImmutableDictionary<string, PropertyValue>> Create,
    Func<ScenarioRun, ImmutableDictionary<string, PropertyValue>> Update,
    Func<HttpClient, ScenarioRun, Task<IReadOnlySet<string>>> ObjectsOnCoder)
{
    public override string ToString() => Resource;
}

/// <summary>One run of a scenario: the engine, the stack's state so far, and the folders the program's archives
/// point at.</summary>
public sealed class ScenarioRun(EngineDriver engine) : IDisposable
{
    private readonly WorkspaceTemplates templates = new(engine);

    public EngineDriver Engine => engine;

    /// <summary>The prerequisites in state, by resource name.</summary>
    public Dictionary<string, ResourceState> Prerequisites { get; } = [];

    public string Id(string name) => Prerequisites[name].Id;

    public async Task AddAsync(string type, string name, ImmutableDictionary<string, PropertyValue> inputs) =>
        Prerequisites[name] = await engine.CreateAsync(type, name, inputs);

    /// <summary>A template folder (main.tf and the double's declaration); the same marker gives the same content, so
    /// a retried `up` sends the same archive.</summary>
    public PropertyValue Archive(string marker)
    {
        if (!folders.TryGetValue(marker, out var folder)) folders[marker] = folder = templates.Folder(marker);
        return WireValues.FileArchive(folder);
    }

    private readonly Dictionary<string, string> folders = [];

    public void Dispose() => templates.Dispose();
}

public static class ResourceScenarios
{
    private const string Organization = "coder:index:Organization";
    private const string Group = "coder:index:Group";
    private const string User = "coder:index:User";
    private const string Template = "coder:index:Template";
    private const string TemplateVersion = "coder:index:TemplateVersion";
    private const string Workspace = "coder:index:Workspace";

    public static readonly IReadOnlyList<ResourceScenario> All =
    [
        new("Organization", Organization,
            Prerequisites: _ => Task.CompletedTask,
            Create: _ => Map(("name", "acme"), ("displayName", "Acme")),
            Update: _ => Map(("name", "acme"), ("displayName", "Acme Corp"), ("description", "Widgets")),
            ObjectsOnCoder: async (coder, _) => Ids(await coder.GetFromJsonAsync<JsonElement>("/api/v2/organizations"))),

        new("Group", Group,
            Prerequisites: run => run.AddAsync(User, "ada", Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc"))),
            Create: run => Map(("name", "devs"), ("members", new[] { run.Id("ada") })),
            Update: _ => Map(("name", "devs"), ("displayName", "Developers"), ("quotaAllowance", 3), ("members", Array.Empty<string>())),
            ObjectsOnCoder: async (coder, _) => Ids(await coder.GetFromJsonAsync<JsonElement>("/api/v2/groups"))),

        new("User", User,
            Prerequisites: _ => Task.CompletedTask,
            Create: _ => Map(("username", "grace"), ("email", "grace@example.com"), ("name", "Grace"),
                ("password", Secret("Str0ng-Reliable-Passw0rd!")), ("roles", new[] { "template-admin" })),
            Update: _ => Map(("username", "grace"), ("email", "grace@example.com"), ("name", "Grace Hopper"),
                ("password", Secret("Str0ng-Reliable-Passw0rd!")), ("roles", new[] { "auditor" }), ("suspended", true)),
            ObjectsOnCoder: async (coder, _) => Ids((await coder.GetFromJsonAsync<JsonElement>("/api/v2/users")).GetProperty("users"))),

        new("Template", Template,
            Prerequisites: run => run.AddAsync(Group, "devs", Map(("name", "devs"))),
            Create: run => Map(("name", "tpl"), ("source", run.Archive("first")), ("description", "first"),
                ("acl", new Dictionary<string, object?> { ["groups"] = new[] { AclEntry(run.Id("devs"), "use") } })),
            Update: run => Map(("name", "tpl"), ("source", run.Archive("second")), ("description", "second"), ("defaultTtlMs", 3_600_000),
                ("acl", new Dictionary<string, object?> { ["groups"] = new[] { AclEntry(run.Id("devs"), "admin") } })),
            ObjectsOnCoder: async (coder, _) => Ids(await coder.GetFromJsonAsync<JsonElement>("/api/v2/templates"))),

        new("TemplateVersion", TemplateVersion,
            Prerequisites: run => run.AddAsync(Template, "tpl", Map(("name", "tpl"), ("source", run.Archive("tpl")))),
            Create: run => Map(("templateId", run.Id("tpl")), ("name", "v2"), ("source", run.Archive("v2")), ("message", "first")),
            Update: run => Map(("templateId", run.Id("tpl")), ("name", "v2"), ("source", run.Archive("v2")), ("message", "first"), ("active", true)),
            ObjectsOnCoder: async (coder, run) =>
                Ids(await coder.GetFromJsonAsync<JsonElement>($"/api/v2/templates/{run.Id("tpl")}/versions"))),

        new("Workspace", Workspace,
            Prerequisites: run => run.AddAsync(Template, "tpl", Map(("name", "tpl"), ("source", run.Archive("tpl")))),
            Create: run => Map(("name", "dev"), ("templateId", run.Id("tpl")), ("state", "stopped")),
            Update: run => Map(("name", "dev"), ("templateId", run.Id("tpl")), ("state", "running"), ("ttlMs", 3_600_000),
                ("parameters", new Dictionary<string, object?> { ["cpus"] = "4" })),
            ObjectsOnCoder: async (coder, _) => Ids((await coder.GetFromJsonAsync<JsonElement>("/api/v2/workspaces")).GetProperty("workspaces"))),
    ];

    private static Dictionary<string, object?> AclEntry(string id, string role) => new() { ["id"] = id, ["role"] = role };

    private static IReadOnlySet<string> Ids(JsonElement list) =>
        list.EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToHashSet();
}

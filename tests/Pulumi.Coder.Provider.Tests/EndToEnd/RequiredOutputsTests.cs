using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>
/// Every output the schema declares required is present (the SDKs type them as non-optional), for every resource
/// after create, refresh and import, and for every function, when the program sets only what it must. Coder then
/// leaves its omitempty fields out of its answers (a user's empty name and avatar), as the double does.
/// </summary>
[Collection(PluginCollection.Name)]
public sealed class RequiredOutputsTests(PluginFixture fixture)
{
    private EngineDriver Engine => fixture.Engine;

    [Fact]
    public async Task Every_resource_and_function_returns_every_required_output_when_the_program_sets_only_what_it_must()
    {
        var schema = JsonNode.Parse(await Engine.GetSchemaAsync())!.AsObject();
        var resources = schema["resources"]!.AsObject();
        var functions = schema["functions"]!.AsObject();

        var user = await Engine.CreateAsync("coder:index:User", "bare-user",
            Map(("username", "bare-user"), ("email", "bare-user@example.com"), ("loginType", "oidc")));
        var created = new Dictionary<string, ResourceState>
        {
            ["coder:index:User"] = user,
            ["coder:index:Organization"] = await Engine.CreateAsync("coder:index:Organization", "bare-org", Map(("name", "bare-org"))),
            // One member, so that the group's member objects are checked too.
            ["coder:index:Group"] = await Engine.CreateAsync("coder:index:Group", "bare-group",
                Map(("name", "bare-group"), ("members", new[] { user.Id }))),
        };
        var folder = Directory.CreateTempSubdirectory("bare-template-").FullName;
        File.WriteAllText(Path.Combine(folder, "main.tf"), "resource \"null_resource\" \"dev\" {}\n");
        created["coder:index:Template"] = await Engine.CreateAsync("coder:index:Template", "bare-template",
            Map(("name", "bare-template"), ("source", WireValues.FileArchive(folder))));
        created["coder:index:TemplateVersion"] = await Engine.CreateAsync("coder:index:TemplateVersion", "bare-version",
            Map(("templateId", created["coder:index:Template"].Id), ("source", WireValues.FileArchive(folder))));
        created["coder:index:Workspace"] = await Engine.CreateAsync("coder:index:Workspace", "bare-workspace",
            Map(("name", "bare-workspace"), ("templateId", created["coder:index:Template"].Id)));
        var invoked = new Dictionary<string, ImmutableDictionary<string, PropertyValue>>
        {
            ["coder:index:getUser"] = await InvokeAsync("coder:index:getUser", Map(("id", user.Id))),
            ["coder:index:getGroup"] = await InvokeAsync("coder:index:getGroup", Map(("id", created["coder:index:Group"].Id))),
            ["coder:index:getOrganization"] = await InvokeAsync("coder:index:getOrganization", Map(("id", created["coder:index:Organization"].Id))),
            ["coder:index:getTemplate"] = await InvokeAsync("coder:index:getTemplate", Map(("id", created["coder:index:Template"].Id))),
            ["coder:index:getTemplateVersion"] = await InvokeAsync("coder:index:getTemplateVersion", Map(("id", created["coder:index:TemplateVersion"].Id))),
            ["coder:index:getWorkspace"] = await InvokeAsync("coder:index:getWorkspace", Map(("id", created["coder:index:Workspace"].Id))),
        };
        // A resource or function added later must be added here.
        Assert.Equal(resources.Select(r => r.Key).Order(), created.Keys.Order());
        Assert.Equal(functions.Select(f => f.Key).Order(), invoked.Keys.Order());

        var missing = new List<string>();
        foreach (var (token, resource) in created)
        {
            var declared = resources[token]!;
            Collect(schema, declared, resource.Outputs, $"{token} after create", missing);
            Collect(schema, declared, (await Engine.RefreshAsync(resource))!.Outputs, $"{token} after refresh", missing);
            Collect(schema, declared, (await Engine.ImportAsync(token, resource.Name + "-import", resource.Id)).Outputs, $"{token} after import", missing);
        }
        foreach (var (token, result) in invoked)
            Collect(schema, functions[token]!["outputs"]!, result, token, missing);
        Assert.Empty(missing);

        foreach (var resource in created.Values.Reverse()) await Engine.DeleteAsync(resource);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_user_created_without_a_name_has_an_empty_name_and_getUser_an_empty_name_and_avatar()
    {
        // coderd leaves an empty name and avatar_url out of a user (omitempty in codersdk.User).
        var user = await Engine.CreateAsync("coder:index:User", "nameless",
            Map(("username", "nameless"), ("email", "nameless@example.com"), ("loginType", "oidc")));
        Assert.Equal(Of(""), user.Outputs.GetValueOrDefault("name"));

        var found = await InvokeAsync("coder:index:getUser", Map(("username", "nameless")));
        Assert.Equal(Of(""), found.GetValueOrDefault("name"));
        Assert.Equal(Of(""), found.GetValueOrDefault("avatarUrl"));

        await Engine.DeleteAsync(user);
    }

    private async Task<ImmutableDictionary<string, PropertyValue>> InvokeAsync(string token, ImmutableDictionary<string, PropertyValue> args)
    {
        var result = await Engine.InvokeAsync(token, args);
        Assert.Empty(result.Failures);
        return result.Return;
    }

    /// <summary>Adds to <paramref name="missing"/> each required property of the schema object
    /// <paramref name="declared"/> that <paramref name="values"/> lacks or holds as null, in nested objects too.</summary>
    private static void Collect(JsonObject schema, JsonNode declared, IReadOnlyDictionary<string, PropertyValue> values, string path, List<string> missing)
    {
        var properties = declared["properties"]!.AsObject();
        foreach (var name in declared["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [])
        {
            if (values.GetValueOrDefault(name) is not { IsNull: false } value)
            {
                missing.Add($"{path}: {name}");
                continue;
            }
            var spec = properties[name]!;
            var elementType = (spec["items"] ?? spec)["$ref"]?.GetValue<string>();
            if (elementType is null) continue;
            var type = schema["types"]![elementType["#/types/".Length..]]!;
            var elements = value.TryGetArray(out var items) ? items : [value];
            foreach (var (element, index) in elements.Select((e, i) => (e, i)))
            {
                if (element.TryGetMap(out var fields)) Collect(schema, type, fields, $"{path}.{name}[{index}]", missing);
                else missing.Add($"{path}.{name}[{index}] is not an object");
            }
        }
    }
}

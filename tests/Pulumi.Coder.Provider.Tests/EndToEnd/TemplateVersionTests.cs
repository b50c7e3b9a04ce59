using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>The canary flow: versions of an existing template, promoted only when asked, archived when deleted.</summary>
[Collection(PluginCollection.Name)]
public sealed class TemplateVersionTests(PluginFixture fixture) : IDisposable
{
    private const string Template = "coder:index:Template";
    private const string Version = "coder:index:TemplateVersion";
    private const string MainTf = "resource \"null_resource\" \"dev\" {}\n";
    private const string Declaration = """
        {"parameters": [{"name": "region", "type": "string", "default": "eu", "mutable": true,
                         "options": [{"name": "Europe", "value": "eu"}, {"name": "Asia", "value": "ap"}]}],
         "variables": [{"name": "api_key", "type": "string", "default": "k-123", "sensitive": true},
                       {"name": "image", "type": "string", "default": "ubuntu"}]}
        """;
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("template-version-e2e-");
    private EngineDriver Engine => fixture.Engine;

    public void Dispose() => root.Delete(recursive: true);

    private string Folder(string name, string main)
    {
        var folder = Path.Combine(root.FullName, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main.tf"), main);
        File.WriteAllText(Path.Combine(folder, "coder-double.json"), Declaration);
        return folder;
    }

    private static string Text(PropertyValue value) => value.TryGetString(out var text) ? text! : throw new InvalidOperationException($"{value} is not text");

    [Fact]
    public async Task A_canary_version_is_promoted_only_when_active_and_archived_when_deleted()
    {
        var stable = Folder("stable", MainTf);
        var templateInputs = Map(("name", "canaried"), ("source", WireValues.FileArchive(stable)));
        var template = await Engine.CreateAsync(Template, "canaried", templateInputs);
        var stableVersion = template.Outputs["activeVersionId"];

        var canaryInputs = Map(("templateId", template.Id), ("source", WireValues.FileArchive(Folder("canary", MainTf + "# canary\n"))), ("name", "canary-1"));
        var canary = await Engine.CreateAsync(Version, "canary", canaryInputs);
        Assert.Equal(Of(false), canary.Outputs["active"]);
        Assert.Equal(Of("succeeded"), canary.Outputs["jobStatus"]);
        Assert.Equal(stableVersion, (await Engine.RefreshAsync(template))!.Outputs["activeVersionId"]);

        // What the version offers workspaces is an output; a sensitive variable's default never is.
        var parameter = Assert.Single(canary.Outputs["parameters"].TryGetArray(out var ps) ? ps : []);
        Assert.True(parameter.TryGetMap(out var region));
        Assert.Equal(Of("region"), region!["name"]);
        Assert.True(canary.Outputs["variables"].TryGetArray(out var variables));
        var apiKey = variables.Single(v => v.TryGetMap(out var m) && m!["name"].Equals(Of("api_key")));
        Assert.True(apiKey.TryGetMap(out var key));
        Assert.Equal(Of(true), key!["sensitive"]);
        Assert.DoesNotContain("k-123", canary.Outputs["variables"].ToString());

        // active: true promotes it; the Template's next up, with its source unchanged, leaves the canary active.
        var promoted = await Engine.UpdateAsync(canary, canaryInputs.Add("active", Of(true)));
        Assert.Equal(Of(true), promoted.Resource.Outputs["active"]);
        var refreshedTemplate = (await Engine.RefreshAsync(template))!;
        Assert.Equal(Of(canary.Id), refreshedTemplate.Outputs["activeVersionId"]);
        Assert.False((await Engine.UpdateAsync(refreshedTemplate, templateInputs)).Diff.HasChanges);

        // The active version cannot be archived: the error says what to promote first, and nothing changes.
        var refused = await Assert.ThrowsAsync<RpcException>(() => Engine.DeleteAsync(promoted.Resource));
        Assert.Contains("Promote another version first", refused.Status.Detail);

        // A changed source replaces the version (versions are immutable); the old one is archived.
        // (created first and promoted, so the old one is no longer active when it is archived).
        var replaced = await Engine.UpdateAsync(promoted.Resource, canaryInputs.Add("active", Of(true))
            .SetItem("source", WireValues.FileArchive(Folder("canary-2", MainTf + "# canary 2\n"))).SetItem("name", Of("canary-2")));
        Assert.True(replaced.Replaced);
        Assert.Contains("source", replaced.Diff.Replaces);
        using var http = fixture.OutOfBand();
        var old = await http.GetFromJsonAsync<JsonElement>($"/api/v2/templateversions/{canary.Id}");
        Assert.True(old.GetProperty("archived").GetBoolean());
        Assert.Null(await Engine.RefreshAsync(promoted.Resource));

        // Destroying the stack deletes the template first; its versions go with it.
        await Engine.DeleteAsync(refreshedTemplate);
        await Engine.DeleteAsync(replaced.Resource);
    }

    [Fact]
    public async Task A_named_version_whose_change_makes_a_new_version_must_get_a_new_name_at_check_time()
    {
        var template = await Engine.CreateAsync(Template, "renamed-on-change", Map(("name", "renamed-on-change"), ("source", WireValues.FileArchive(Folder("base", MainTf)))));
        var inputs = Map(("templateId", template.Id), ("source", WireValues.FileArchive(Folder("pinned", MainTf + "# pinned\n"))),
            ("name", "pinned"), ("tfVars", Secret(Map(("image", "ubuntu")))));
        var pinned = await Engine.CreateAsync(Version, "pinned", inputs);
        using var http = fixture.OutOfBand();
        async Task<int> VersionCount() => (await http.GetFromJsonAsync<JsonElement>($"/api/v2/templates/{template.Id}/versions")).GetArrayLength();
        var before = await VersionCount();

        // Coder keeps the name of the version the replacement archives: a new version cannot have it.
        var check = await Engine.CheckAsync(Version, "pinned", inputs.SetItem("tfVars", Secret(Map(("image", "debian")))), pinned.Inputs);
        var failure = Assert.Single(check.Failures);
        Assert.Equal("name", failure.Property);
        Assert.Contains("tfVars", failure.Reason);
        Assert.Contains("another name", failure.Reason);
        Assert.DoesNotContain("debian", failure.Reason);

        // With a new name alongside, it is an ordinary replacement; the old version is archived, its name kept.
        var replaced = await Engine.UpdateAsync(pinned, inputs.SetItem("tfVars", Secret(Map(("image", "debian")))).SetItem("name", Of("pinned-2")));
        Assert.True(replaced.Replaced);
        Assert.Equal(before, await VersionCount()); // one made, one archived (the list leaves archived ones out)
        Assert.True((await http.GetFromJsonAsync<JsonElement>($"/api/v2/templateversions/{pinned.Id}")).GetProperty("archived").GetBoolean());
        Assert.Equal(Of("pinned-2"), replaced.Resource.Outputs["name"]);
        Assert.NotNull(await Engine.RefreshAsync(replaced.Resource));
    }

    [Fact]
    public async Task The_name_of_an_archived_version_is_not_taken_for_a_lost_create_of_a_new_one()
    {
        var template = await Engine.CreateAsync(Template, "archived-names", Map(("name", "archived-names"), ("source", WireValues.FileArchive(Folder("archived-base", MainTf)))));
        var first = await Engine.CreateAsync(Version, "reused", Map(("templateId", template.Id), ("source", WireValues.FileArchive(Folder("first", MainTf + "# 1\n"))), ("name", "reused")));
        await Engine.DeleteAsync(first);

        // Coder answers 409 for the archived version's name; adopting the archived version would leave the stack
        // holding an object that refresh reports gone.
        var refused = await Assert.ThrowsAsync<RpcException>(() => Engine.CreateAsync(Version, "reused-again",
            Map(("templateId", template.Id), ("source", WireValues.FileArchive(Folder("second", MainTf + "# 2\n"))), ("name", "reused"))));
        Assert.Contains("reused", refused.Status.Detail);
        Assert.Contains("already exists", refused.Status.Detail);
    }
}

using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coder.Client.Archives;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>Templates pushed from a stack, through the plugin binary against the Coder double: a version only when
/// what would be sent changed, whatever the spelling of the source.</summary>
[Collection(PluginCollection.Name)]
public sealed class TemplateLifecycleTests(PluginFixture fixture) : IDisposable
{
    private const string Template = "coder:index:Template";
    private const string MainTf = "resource \"null_resource\" \"dev\" {}\n";
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("template-e2e-");
    private EngineDriver Engine => fixture.Engine;

    public void Dispose() => root.Delete(recursive: true);

    private string Folder(string name, params (string Path, string Content)[] files)
    {
        var folder = Path.Combine(root.FullName, name);
        foreach (var (path, content) in files) Write(folder, path, content);
        return folder;
    }

    private static void Write(string folder, string path, string content)
    {
        var full = Path.Combine(folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private async Task<List<JsonElement>> VersionsAsync(string templateId)
    {
        using var http = fixture.OutOfBand();
        return (await http.GetFromJsonAsync<List<JsonElement>>($"/api/v2/templates/{templateId}/versions"))!;
    }

    private async Task<UpdateResult> UpAsync(ResourceState template, ImmutableDictionary<string, PropertyValue> inputs)
    {
        var updated = await Engine.UpdateAsync(template, inputs);
        Assert.False(updated.Replaced);
        return updated;
    }

    [Fact]
    public async Task A_folder_makes_a_new_version_only_when_what_is_sent_changes()
    {
        var folder = Folder("docker", ("main.tf", MainTf), ("scripts/start.sh", "echo hi"), (".terraform/cache", "1"));
        var inputs = Map(("name", "gitops-docker"), ("source", WireValues.FileArchive(folder)));
        var template = await Engine.CreateAsync(Template, "docker", inputs);
        Assert.Single(await VersionsAsync(template.Id));
        Assert.True(template.Outputs["sourceHash"].TryGetString(out var firstHash) && firstHash!.Length == 64);
        Assert.False(template.Outputs.ContainsKey("source"), "the archive is an input the engine keeps, not an output");

        // The same folder, and a change Coder never sees, make no diff.
        Write(folder, ".terraform/cache", "2");
        var check = await Engine.CheckAsync(Template, "docker", inputs, template.Inputs);
        Assert.False((await Engine.DiffAsync(template, check.Inputs)).HasChanges);

        // One file changed: exactly one new version, promoted, and the preview names the source.
        Write(folder, "main.tf", MainTf + "# changed\n");
        var changed = await UpAsync(template, inputs);
        Assert.Equal(["source"], changed.Diff.Diffs);
        var versions = await VersionsAsync(template.Id);
        Assert.Equal(2, versions.Count);
        Assert.NotEqual(template.Outputs["activeVersionId"], changed.Resource.Outputs["activeVersionId"]);
        Assert.Contains(versions, v => Of(v.GetProperty("id").GetString()).Equals(changed.Resource.Outputs["activeVersionId"]));

        // A renamed file is a change too.
        File.Move(Path.Combine(folder, "scripts/start.sh"), Path.Combine(folder, "scripts/run.sh"));
        var renamed = await UpAsync(changed.Resource, inputs);
        Assert.Equal(3, (await VersionsAsync(template.Id)).Count);

        // Provisioner tags make a version; settings alone do not.
        var tags = inputs.Add("provisionerTags", Of(new Dictionary<string, object?> { ["scope"] = "organization" }));
        var tagged = await UpAsync(renamed.Resource, tags);
        Assert.Equal(["provisionerTags"], tagged.Diff.Diffs);
        Assert.Equal(4, (await VersionsAsync(template.Id)).Count);
        var settings = await UpAsync(tagged.Resource, tags.Add("description", Of("Docker workspaces")).SetItem("name", Of("gitops-containers")));
        Assert.Equal(4, (await VersionsAsync(template.Id)).Count);
        Assert.Equal(Of("Docker workspaces"), settings.Resource.Outputs["description"]);
        Assert.Equal((template.Id, Of("gitops-containers")), (settings.Resource.Id, settings.Resource.Outputs["name"]));

        await Engine.DeleteAsync(settings.Resource);
        Assert.Null(await Engine.RefreshAsync(settings.Resource));
    }

    [Fact]
    public async Task The_examples_docker_template_folder_pushes_as_it_is()
    {
        var folder = RepositoryFiles.PathOf("examples/PlatformStack/templates/docker");
        var template = await Engine.CreateAsync(Template, "example-docker", Map(("name", "example-docker"), ("source", WireValues.FileArchive(folder)),
            ("tfVars", Secret(new Dictionary<string, object?> { ["image"] = "ubuntu" }))));
        Assert.Single(await VersionsAsync(template.Id));
        await Engine.DeleteAsync(template);
    }

    [Fact]
    public async Task An_asset_archive_is_the_same_template_as_the_folder_with_those_files()
    {
        var folder = Folder("same", ("main.tf", MainTf));
        var fromFolder = await Engine.CheckAsync(Template, "a", Map(("name", "same-a"), ("source", WireValues.FileArchive(folder))));
        var assets = WireValues.AssetArchive(new Dictionary<string, PropertyValue> { ["main.tf"] = WireValues.StringAsset(MainTf) });
        var template = await Engine.CreateAsync(Template, "b", Map(("name", "same-b"), ("source", assets)));

        Assert.Equal(fromFolder.Inputs["sourceHash"], template.Outputs["sourceHash"]);
        await Engine.DeleteAsync(template);
    }

    [Fact]
    public async Task Variables_come_from_the_sources_tfvars_files_then_tfVars_and_a_change_makes_a_version()
    {
        var folder = Folder("vars", ("main.tf", MainTf), ("terraform.tfvars", "image = \"ubuntu\"\nreplicas = 2\n"),
            ("coder-double.json", """{"variables": [{"name": "image", "type": "string"}, {"name": "replicas", "type": "number", "default": "1"}]}"""));
        var inputs = Map(("name", "vars"), ("source", WireValues.FileArchive(folder)));
        var template = await Engine.CreateAsync(Template, "vars", inputs);

        var updated = await UpAsync(template, inputs.Add("tfVars", Secret(new Dictionary<string, object?> { ["image"] = "debian" })));
        Assert.Equal(["tfVars"], updated.Diff.Diffs);
        Assert.True(updated.Resource.Outputs["tfVars"].IsSecret);
        using var http = fixture.OutOfBand();
        var active = updated.Resource.Outputs["activeVersionId"].TryGetString(out var id) ? id : null;
        var variables = await http.GetFromJsonAsync<List<JsonElement>>($"/api/v2/templateversions/{active}/variables");
        Assert.Equal("debian", variables!.Single(v => v.GetProperty("name").GetString() == "image").GetProperty("value").GetString());
        Assert.Equal("2", variables!.Single(v => v.GetProperty("name").GetString() == "replicas").GetProperty("value").GetString());

        // Changing terraform.tfvars in the source is a source change.
        Write(folder, "terraform.tfvars", "image = \"ubuntu\"\nreplicas = 3\n");
        var again = await UpAsync(updated.Resource, inputs.Add("tfVars", Secret(new Dictionary<string, object?> { ["image"] = "debian" })));
        Assert.Equal(["source"], again.Diff.Diffs);
        await Engine.DeleteAsync(again.Resource);
    }

    [Fact]
    public async Task A_version_promoted_outside_the_stack_is_left_alone_until_the_source_changes()
    {
        var folder = Folder("ci", ("main.tf", MainTf));
        var inputs = Map(("name", "pushed-by-ci"), ("source", WireValues.FileArchive(folder)));
        var template = await Engine.CreateAsync(Template, "ci", inputs);

        using var http = fixture.OutOfBand();
        var archive = await TemplateArchive.FromFiles([TemplateFile.Text("main.tf", MainTf + "# from ci\n")]).BuildAsync();
        var upload = await http.PostAsync("/api/v2/files", new StreamContent(archive.Content) { Headers = { ContentType = new("application/x-tar") } });
        var fileId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hash").GetString();
        var organization = template.Outputs["organizationId"].TryGetString(out var org) ? org : null;
        var created = await http.PostAsJsonAsync($"/api/v2/organizations/{organization}/templateversions", new
        {
            file_id = fileId, provisioner = "terraform", storage_method = "file", template_id = template.Id,
        });
        var versionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await WaitForImportAsync(http, versionId!);
        (await http.PatchAsJsonAsync($"/api/v2/templates/{template.Id}/versions", new { id = versionId })).EnsureSuccessStatusCode();

        var refreshed = await Engine.RefreshAsync(template);
        Assert.Equal(Of(versionId), refreshed!.Outputs["activeVersionId"]);
        var up = await Engine.UpdateAsync(refreshed, inputs);
        Assert.False(up.Diff.HasChanges, "the stack does not undo a version pushed by CI");
        Assert.Equal(2, (await VersionsAsync(template.Id)).Count);
        await Engine.DeleteAsync(refreshed);
    }

    [Fact]
    public async Task A_failed_import_reports_coders_error_and_the_log_tail_and_leaves_no_template()
    {
        var folder = Folder("broken", ("main.tf", MainTf), ("coder-double.json",
            """{"import": {"fail": {"error": "terraform plan: exit status 1", "logs": ["Error: Unsupported argument on main.tf line 1"]}}}"""));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Engine.CreateAsync(Template, "broken", Map(("name", "broken"), ("source", WireValues.FileArchive(folder)))));

        Assert.Contains("terraform plan: exit status 1", error.Status.Detail);
        Assert.Contains("Unsupported argument", error.Status.Detail);
        // Terraform's output reached the engine as progress while the import ran.
        Assert.Contains(fixture.Plugin.Engine.Entries, e => e.Ephemeral && e.Message.Contains("Unsupported argument") && e.Urn.EndsWith("::broken"));
        using var http = fixture.OutOfBand();
        var lookup = await http.GetAsync($"/api/v2/organizations/{fixture.Coder.Seed.DefaultOrganizationId}/templates/broken");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task A_missing_required_variable_is_named_with_where_to_set_it()
    {
        var folder = Folder("needs-var", ("main.tf", MainTf), ("coder-double.json", """{"variables": [{"name": "docker_host", "type": "string"}]}"""));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Engine.CreateAsync(Template, "needs-var", Map(("name", "needs-var"), ("source", WireValues.FileArchive(folder)))));

        Assert.Contains("docker_host", error.Status.Detail);
        Assert.Contains("set it in tfVars", error.Status.Detail);
        Assert.Contains("REQUIRED_TEMPLATE_VARIABLES", error.Status.Detail);
    }

    [Fact]
    public async Task Check_refuses_sources_and_version_names_coder_would_refuse_before_any_call()
    {
        var missing = await Engine.CheckAsync(Template, "m", Map(("name", "missing"), ("source", WireValues.FileArchive(Path.Combine(root.FullName, "nope")))));
        Assert.Contains(missing.Failures, f => f.Property == "source" && f.Reason.Contains("does not exist"));
        var notTerraform = await Engine.CheckAsync(Template, "n", Map(("name", "readme"), ("source", WireValues.FileArchive(Folder("readme", ("README.md", "hi"))))));
        Assert.Contains(notTerraform.Failures, f => f.Property == "source" && f.Reason.Contains(".tf"));
        var computed = await Engine.CheckAsync(Template, "c", Map(("name", "set-hash"), ("source", WireValues.FileArchive(Folder("h", ("main.tf", MainTf)))), ("sourceHash", "abc")));
        Assert.NotEqual(Of("abc"), computed.Inputs["sourceHash"]);
        var noSource = await Engine.CheckAsync(Template, "s", Map(("name", "no-source")));
        Assert.Contains(noSource.Failures, f => f.Property == "source" && f.Reason.Contains("source is required"));

        var folder = Folder("named", ("main.tf", MainTf));
        var inputs = Map(("name", "named"), ("source", WireValues.FileArchive(folder)), ("versionName", "v1"));
        var template = await Engine.CreateAsync(Template, "named", inputs);
        Write(folder, "main.tf", MainTf + "# v2\n");
        var reused = await Engine.CheckAsync(Template, "named", inputs, template.Inputs);
        var failure = Assert.Single(reused.Failures);
        Assert.Equal("versionName", failure.Property);
        Assert.Empty((await Engine.CheckAsync(Template, "named", inputs.SetItem("versionName", Of("v2")), template.Inputs)).Failures);
        await Engine.DeleteAsync(template);
    }

    [Fact]
    public async Task An_imported_template_gets_a_new_version_only_if_the_programs_source_differs()
    {
        var folder = Folder("imported", ("main.tf", MainTf), ("scripts/a.sh", "echo a"));
        var made = await Engine.CreateAsync(Template, "original", Map(("name", "imported"), ("source", WireValues.FileArchive(folder))));

        var imported = await Engine.ImportAsync(Template, "adopted", $"coder/imported");
        Assert.Equal(made.Id, imported.Id);
        Assert.Equal(made.Outputs["sourceHash"], imported.Outputs["sourceHash"]);
        var inputs = imported.Inputs.Add("source", WireValues.FileArchive(folder));
        var check = await Engine.CheckAsync(Template, "adopted", inputs, imported.Inputs);
        Assert.Empty(check.Failures);
        Assert.False((await Engine.DiffAsync(imported, check.Inputs)).HasChanges, "the same folder as the active version pushes nothing");
        await Engine.DeleteAsync(imported);
    }

    [Fact]
    public async Task Deleting_a_template_that_workspaces_use_names_them_and_deletes_nothing()
    {
        var template = await Engine.CreateAsync(Template, "used", Map(("name", "used"), ("source", WireValues.FileArchive(Folder("used", ("main.tf", MainTf))))));
        using var http = fixture.OutOfBand();
        (await http.PostAsJsonAsync("/api/v2/users/me/workspaces", new { name = "ws-on-used", template_id = template.Id })).EnsureSuccessStatusCode();

        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.DeleteAsync(template));

        Assert.Contains("1 workspace", error.Status.Detail);
        Assert.Contains("admin/ws-on-used", error.Status.Detail);
        Assert.NotNull(await Engine.RefreshAsync(template));
    }

    private static async Task WaitForImportAsync(HttpClient http, string versionId)
    {
        for (var i = 0; i < 200; i++)
        {
            var version = await http.GetFromJsonAsync<JsonElement>($"/api/v2/templateversions/{versionId}");
            if (version.GetProperty("job").GetProperty("status").GetString() == "succeeded") return;
            await Task.Delay(25);
        }
        throw new TimeoutException($"template version {versionId} did not import");
    }
}

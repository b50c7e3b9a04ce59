using System.Collections.Immutable;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.EndToEnd.CoderView;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>
/// A workspace through the plugin binary against the double, as `pulumi up`, `refresh`, `import` and `destroy` drive
/// it: each change made the cheapest way Coder allows (one build for parameters and versions, none for settings),
/// replacements only for immutable parameters, and drift seen on refresh.
/// </summary>
[Collection(PluginCollection.Name)]
public sealed class WorkspaceLifecycleTests(PluginFixture fixture) : IDisposable
{
    private EngineDriver Engine => fixture.Engine;
    private readonly WorkspaceTemplates templates = new(fixture.Engine);
    private readonly HttpClient coder = fixture.OutOfBand();

    public void Dispose()
    {
        templates.Dispose();
        coder.Dispose();
    }

    private static ImmutableDictionary<string, PropertyValue> Workspace(string name, string templateId, params (string Key, object? Value)[] more) =>
        Map([("name", name), ("templateId", templateId), .. more]);

    private static Dictionary<string, object?> Parameters(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => (object?)v.Value);

    [Fact]
    public async Task A_workspace_is_created_running_with_its_parameters_and_reports_its_build_and_resources()
    {
        var template = await templates.TemplateAsync("ws-create");

        var workspace = await Engine.CreateAsync("coder:index:Workspace", "dev",
            Workspace("dev", template.Id, ("parameters", Parameters(("cpus", "4")))));

        var onCoder = await WorkspaceAsync(coder, workspace.Id);
        Assert.Equal("running", onCoder.GetProperty("latest_build").GetProperty("status").GetString());
        Assert.Equal("running", Text(workspace.Outputs, "state"));
        Assert.Equal("admin", Text(workspace.Outputs, "owner"));
        var build = Object(workspace.Outputs, "latestBuild");
        Assert.Equal("start", Text(build, "transition"));
        Assert.Equal("running", Text(build, "status"));
        Assert.Equal(Text(workspace.Outputs, "templateVersionId"), Text(build, "templateVersionId"));
        // Every value of the build is an output, defaults included; the program manages only cpus.
        var parameters = Object(workspace.Outputs, "parameters");
        Assert.Equal(Of("4"), parameters["cpus"]);
        Assert.Equal(Of("eu"), parameters["region"]);
        Assert.True(workspace.Outputs["resources"].TryGetArray(out var resources));
        var container = resources.Select(r => r.TryGetMap(out var m) ? m : null).Single(r => Text(r!, "type") == "docker_container")!;
        Assert.True(container["agents"].TryGetArray(out var agents));
        Assert.Equal("linux", Text(agents.Single().TryGetMap(out var agent) ? agent : null!, "operatingSystem"));
        Assert.Equal(Of(false), workspace.Outputs["outdated"]);

        // Defaults that the program does not set show no diff after a refresh.
        var refreshed = (await Engine.RefreshAsync(workspace))!;
        Assert.False((await Engine.DiffAsync(refreshed, (await Engine.CheckAsync("coder:index:Workspace", "dev",
            Workspace("dev", template.Id, ("parameters", Parameters(("cpus", "4")))), refreshed.Inputs)).Inputs)).HasChanges);

        await Engine.DeleteAsync(workspace);
    }

    [Fact]
    public async Task A_workspace_created_stopped_is_built_and_then_stopped()
    {
        var template = await templates.TemplateAsync("ws-stopped");

        var workspace = await Engine.CreateAsync("coder:index:Workspace", "idle", Workspace("idle", template.Id, ("state", "stopped")));

        var builds = await BuildsAsync(coder, workspace.Id);
        Assert.Equal(["start", "stop"], builds.Select(b => b.GetProperty("transition").GetString()));
        Assert.Equal("stopped", Text(workspace.Outputs, "state"));
        await Engine.DeleteAsync(workspace);
    }

    [Fact]
    public async Task Changing_a_mutable_parameter_makes_exactly_one_build_with_the_new_value()
    {
        var template = await templates.TemplateAsync("ws-mutable");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "mutable",
            Workspace("mutable", template.Id, ("parameters", Parameters(("cpus", "2")))));

        var updated = await Engine.UpdateAsync(workspace, Workspace("mutable", template.Id, ("parameters", Parameters(("cpus", "6")))));

        Assert.False(updated.Replaced);
        Assert.Equal(Pulumi.Coder.EngineHarness.Wire.PropertyDiff.Types.Kind.Update, updated.Diff.DetailedDiff["parameters.cpus"]);
        var builds = await BuildsAsync(coder, workspace.Id);
        Assert.Equal(2, builds.Count);
        Assert.Equal("start", builds[1].GetProperty("transition").GetString());
        Assert.Equal("6", (await BuildParametersAsync(coder, builds[1].GetProperty("id").GetString()!))["cpus"]);
        Assert.Equal(Of("6"), Object(updated.Resource.Outputs, "parameters")["cpus"]);
        await Engine.DeleteAsync(updated.Resource);
    }

    [Fact]
    public async Task Changing_an_immutable_parameter_replaces_the_workspace_and_the_diff_names_the_parameter()
    {
        var template = await templates.TemplateAsync("ws-immutable");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "immutable",
            Workspace("immutable", template.Id, ("parameters", Parameters(("region", "eu")))));

        // The same owner and name: Coder allows one such workspace, so the old one is deleted first, with a warning.
        var updated = await Engine.UpdateAsync(workspace, Workspace("immutable", template.Id, ("parameters", Parameters(("region", "us")))));

        Assert.True(updated.Replaced);
        Assert.True(updated.Diff.DeleteBeforeReplace);
        Assert.Equal(["parameters"], updated.Diff.Replaces);
        Assert.Equal(Pulumi.Coder.EngineHarness.Wire.PropertyDiff.Types.Kind.UpdateReplace, updated.Diff.DetailedDiff["parameters.region"]);
        Assert.NotEqual(workspace.Id, updated.Resource.Id);
        Assert.Equal(Of("us"), Object(updated.Resource.Outputs, "parameters")["region"]);
        Assert.Contains(fixture.Plugin.Engine.Entries, e => e.Urn == workspace.Urn && e.Message.Contains("one workspace per owner and name"));

        // Another name as well: the new workspace is built before the old one goes.
        var renamed = await Engine.UpdateAsync(updated.Resource, Workspace("immutable2", template.Id, ("parameters", Parameters(("region", "eu")))));
        Assert.True(renamed.Replaced);
        Assert.False(renamed.Diff.DeleteBeforeReplace);
        Assert.Equal(Of("eu"), Object(renamed.Resource.Outputs, "parameters")["region"]);
        await Engine.DeleteAsync(renamed.Resource);
    }

    [Fact]
    public async Task Pinning_a_version_builds_on_that_version_and_a_new_active_version_only_marks_the_workspace_outdated()
    {
        var template = await templates.TemplateAsync("ws-pin");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "pinned", Workspace("pinned", template.Id));
        var firstVersion = Text(workspace.Outputs, "templateVersionId");
        var canary = await templates.VersionAsync(template, "canary");

        // A new version exists but is not active: nothing to do; once active, a refresh shows the workspace outdated.
        await Engine.UpdateAsync(canary, Map(("templateId", template.Id), ("name", "canary"),
            ("source", canary.Inputs["source"]), ("active", true)));
        var refreshed = (await Engine.RefreshAsync(workspace))!;
        Assert.Equal(Of(true), refreshed.Outputs["outdated"]);
        Assert.Equal(firstVersion, Text(refreshed.Outputs, "templateVersionId"));
        Assert.False((await Engine.UpdateAsync(refreshed, Workspace("pinned", template.Id))).Diff.HasChanges);
        Assert.Single(await BuildsAsync(coder, workspace.Id));

        var pinned = await Engine.UpdateAsync(refreshed, Map(("name", "pinned"), ("templateVersionId", canary.Id)));

        Assert.False(pinned.Replaced);
        var builds = await BuildsAsync(coder, workspace.Id);
        Assert.Equal(2, builds.Count);
        Assert.Equal(canary.Id, builds[1].GetProperty("template_version_id").GetString());
        Assert.Equal(canary.Id, Text(pinned.Resource.Outputs, "templateVersionId"));
        Assert.Equal(template.Id, Text(pinned.Resource.Outputs, "templateId"));
        Assert.Equal(Of(false), pinned.Resource.Outputs["outdated"]);
        await Engine.DeleteAsync(pinned.Resource);
    }

    [Fact]
    public async Task With_automatic_updates_a_build_moves_to_the_active_version_and_Check_knows_its_parameters()
    {
        var template = await templates.TemplateAsync("ws-always");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "always",
            Workspace("always", template.Id, ("automaticUpdates", "always")));
        var next = await templates.VersionAsync(template, "with-team", d =>
            d["parameters"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{"name": "team", "type": "string", "mutable": true}""")));
        await Engine.UpdateAsync(next, Map(("templateId", template.Id), ("name", "with-team"), ("source", next.Inputs["source"]), ("active", true)));

        // The new version requires "team": Check asks for it, and the build with it moves to that version.
        var check = await Engine.CheckAsync("coder:index:Workspace", "always", Workspace("always", template.Id, ("automaticUpdates", "always"),
            ("parameters", Parameters(("cpus", "3")))), workspace.Inputs);
        Assert.Equal("parameters.team", Assert.Single(check.Failures).Property);
        var updated = await Engine.UpdateAsync(workspace, Workspace("always", template.Id, ("automaticUpdates", "always"),
            ("parameters", Parameters(("team", "platform")))));

        Assert.Equal(next.Id, Text(updated.Resource.Outputs, "templateVersionId"));
        Assert.Equal("platform", (await BuildParametersAsync(coder, Text(Object(updated.Resource.Outputs, "latestBuild"), "id")))["team"]);
        await Engine.DeleteAsync(updated.Resource);
    }

    [Fact]
    public async Task State_toggles_are_stop_and_start_builds_and_settings_change_without_a_build()
    {
        var template = await templates.TemplateAsync("ws-toggle");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "toggle", Workspace("toggle", template.Id));

        var stopped = await Engine.UpdateAsync(workspace, Workspace("toggle", template.Id, ("state", "stopped")));
        Assert.Equal("stopped", Text(stopped.Resource.Outputs, "state"));
        var started = await Engine.UpdateAsync(stopped.Resource, Workspace("toggle", template.Id, ("state", "running")));
        Assert.Equal("running", Text(started.Resource.Outputs, "state"));
        Assert.Equal(["start", "stop", "start"], (await BuildsAsync(coder, workspace.Id)).Select(b => b.GetProperty("transition").GetString()));

        var settings = await Engine.UpdateAsync(started.Resource, Workspace("toggle", template.Id,
            ("ttlMs", 7_200_000), ("autostartSchedule", "CRON_TZ=Europe/Berlin 30 8 * * 1-5"), ("automaticUpdates", "always")));

        Assert.Equal(3, (await BuildsAsync(coder, workspace.Id)).Count);
        var onCoder = await WorkspaceAsync(coder, workspace.Id);
        Assert.Equal(7_200_000, onCoder.GetProperty("ttl_ms").GetInt64());
        Assert.Equal("CRON_TZ=Europe/Berlin 30 8 * * 1-5", onCoder.GetProperty("autostart_schedule").GetString());
        Assert.Equal("always", onCoder.GetProperty("automatic_updates").GetString());
        Assert.Equal(Of(7_200_000), settings.Resource.Outputs["ttlMs"]);

        var off = await Engine.UpdateAsync(settings.Resource, Workspace("toggle", template.Id,
            ("ttlMs", 0), ("autostartSchedule", ""), ("automaticUpdates", "never"), ("dormant", true), ("state", "stopped")));
        onCoder = await WorkspaceAsync(coder, workspace.Id);
        Assert.False(onCoder.TryGetProperty("ttl_ms", out var ttl) && ttl.ValueKind == System.Text.Json.JsonValueKind.Number);
        Assert.Equal(Of(0), off.Resource.Outputs["ttlMs"]);
        Assert.False(onCoder.TryGetProperty("autostart_schedule", out var schedule) && schedule.ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.Equal(System.Text.Json.JsonValueKind.String, onCoder.GetProperty("dormant_at").ValueKind);
        Assert.Equal(Of(true), off.Resource.Outputs["dormant"]);
        Assert.Equal(4, (await BuildsAsync(coder, workspace.Id)).Count); // only the stop

        var awake = await Engine.UpdateAsync(off.Resource, Workspace("toggle", template.Id, ("ttlMs", 0), ("dormant", false), ("state", "stopped")));
        Assert.Equal(Of(false), awake.Resource.Outputs["dormant"]);
        Assert.Equal(4, (await BuildsAsync(coder, workspace.Id)).Count);
        await Engine.DeleteAsync(awake.Resource);
    }

    [Fact]
    public async Task A_ttl_of_zero_turns_autostop_off_even_where_the_template_has_a_default()
    {
        var template = await Engine.CreateAsync("coder:index:Template", "ws-ttl", Map(("name", "ws-ttl"),
            ("source", WireValues.FileArchive(templates.Folder("ws-ttl"))), ("defaultTtlMs", 3_600_000)));

        var defaulted = await Engine.CreateAsync("coder:index:Workspace", "defaulted", Workspace("defaulted", template.Id));
        var off = await Engine.CreateAsync("coder:index:Workspace", "no-autostop", Workspace("no-autostop", template.Id, ("ttlMs", 0)));

        Assert.Equal(Of(3_600_000), defaulted.Outputs["ttlMs"]);
        Assert.Equal(Of(0), off.Outputs["ttlMs"]);
        var refreshed = (await Engine.RefreshAsync(off))!;
        Assert.False((await Engine.UpdateAsync(refreshed, Workspace("no-autostop", template.Id, ("ttlMs", 0)))).Diff.HasChanges);
        await Engine.DeleteAsync(off);
        await Engine.DeleteAsync(defaulted);
    }

    [Fact]
    public async Task A_workspace_stopped_out_of_band_shows_as_drift_of_state_and_the_next_update_starts_it()
    {
        var template = await templates.TemplateAsync("ws-drift");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "drift", Workspace("drift", template.Id));

        await BuildAsync(coder, workspace.Id, "stop");
        var refreshed = (await Engine.RefreshAsync(workspace))!;

        Assert.Equal(Of("stopped"), refreshed.Inputs["state"]);
        var updated = await Engine.UpdateAsync(refreshed, Workspace("drift", template.Id));
        Assert.Equal(Pulumi.Coder.EngineHarness.Wire.PropertyDiff.Types.Kind.Update, updated.Diff.DetailedDiff["state"]);
        Assert.Equal("running", Text(updated.Resource.Outputs, "state"));
        await Engine.DeleteAsync(updated.Resource);
    }

    [Fact]
    public async Task A_workspace_deleted_out_of_band_is_gone_on_refresh_and_delete_waits_for_the_delete_build()
    {
        var template = await templates.TemplateAsync("ws-gone");
        var gone = await Engine.CreateAsync("coder:index:Workspace", "gone", Workspace("gone", template.Id));
        await BuildAsync(coder, gone.Id, "delete");
        Assert.Null(await Engine.RefreshAsync(gone));

        var deleted = await Engine.CreateAsync("coder:index:Workspace", "deleted", Workspace("deleted", template.Id));
        await Engine.DeleteAsync(deleted);
        var last = (await BuildsAsync(coder, deleted.Id)).Last();
        Assert.Equal("delete", last.GetProperty("transition").GetString());
        Assert.Equal("succeeded", last.GetProperty("job").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_workspace_is_imported_by_id_or_owner_and_name_with_inputs_that_show_no_diff()
    {
        var template = await templates.TemplateAsync("ws-import");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "imported",
            Workspace("imported", template.Id, ("parameters", Parameters(("cpus", "3")))));

        foreach (var id in new[] { workspace.Id, "admin/imported" })
        {
            var imported = await Engine.ImportAsync("coder:index:Workspace", "imported-" + id.Length, id);
            Assert.Equal(workspace.Id, imported.Id);
            Assert.Equal(Of("3"), Object(imported.Inputs, "parameters")["cpus"]);
            Assert.Equal(Of(template.Id), imported.Inputs["templateId"]);
            Assert.False(imported.Inputs.ContainsKey("templateVersionId"));
            // The next up with the reported inputs as the program changes nothing.
            Assert.False((await Engine.UpdateAsync(imported, imported.Inputs)).Diff.HasChanges);
        }
        await Engine.DeleteAsync(workspace);
    }

    [Fact]
    public async Task A_preview_shows_what_coders_dry_run_says_a_build_would_make()
    {
        var template = await templates.TemplateAsync("ws-preview");
        var urn = Engine.Urn("coder:index:Workspace", "previewed");

        var preview = await Engine.PreviewCreateAsync("coder:index:Workspace", "previewed", Workspace("previewed", template.Id));

        Assert.NotNull(preview);
        var message = fixture.Plugin.Engine.Entries.Last(e => e.Urn == urn && e.Severity == Pulumi.Coder.EngineHarness.Wire.LogSeverity.Info && !e.Ephemeral).Message;
        Assert.Contains("docker_container.dev", message);
        Assert.Contains("agent main (linux/amd64)", message);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await coder.GetAsync("/api/v2/users/admin/workspace/previewed")).StatusCode);
    }
}

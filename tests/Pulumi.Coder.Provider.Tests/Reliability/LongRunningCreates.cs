using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coder.Double.Control;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.Provider.Tests.EndToEnd;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>
/// A create that waits on a provisioner job, as the cancellation suite knows it. A new long-running resource is
/// covered by adding a row to <see cref="LongRunningCreates.All"/>.
/// </summary>
/// <param name="Type">The resource's token.</param>
/// <param name="JobKind">The double's job kind the create waits on (its outcome is made slow by the suite).</param>
/// <param name="Inputs">The program's inputs for a resource named by the string; prerequisites (a template to build
/// from) are made through the plugin first.</param>
/// <param name="LeftOnCoderAsync">What the create left on Coder, read directly: the id of the object the program
/// would own, or null when there is none (never made, rolled back, archived).</param>
/// <param name="StallRollback">For a create whose rollback runs a job: makes that job outlast the engine's grace, so
/// that the plugin must report the object instead of removing it. Null when the rollback is one call.</param>
public sealed record LongRunningCreate(
    string Type,
    string JobKind,
    Func<WorkspaceTemplates, string, Task<ImmutableDictionary<string, PropertyValue>>> Inputs,
    Func<HttpClient, ImmutableDictionary<string, PropertyValue>, Task<string?>> LeftOnCoderAsync,
    Action<DoubleControl>? StallRollback = null)
{
    /// <summary>Where the job is read and cancelled on Coder: a template version's import is under the version, a
    /// build under the workspace build.</summary>
    public string JobRoute => JobKind switch
    {
        "template_version_import" => "/api/v2/templateversions/",
        "workspace_build" => "/api/v2/workspacebuilds/",
        _ => throw new ArgumentOutOfRangeException(nameof(JobKind), JobKind, "no route for this job kind"),
    };
}

public static class LongRunningCreates
{
    public static readonly IReadOnlyList<LongRunningCreate> All =
    [
        // Template: upload → version (import job) → template → ACL. Cancelled during the import, no template exists yet.
        new("coder:index:Template", "template_version_import",
            (templates, name) => Task.FromResult(Map(("name", name), ("source", WireValues.FileArchive(templates.Folder(name))))),
            async (coder, inputs) => await IdOrNullAsync(coder, $"/api/v2/organizations/coder/templates/{Text(inputs, "name")}")),

        // TemplateVersion: upload → version (import job) → promote. A version that did not import is archived.
        new("coder:index:TemplateVersion", "template_version_import",
            async (templates, name) =>
            {
                var template = await templates.TemplateAsync($"{name}-base");
                return Map(("templateId", template.Id), ("name", name), ("source", WireValues.FileArchive(templates.Folder(name))));
            },
            async (coder, inputs) =>
            {
                var response = await coder.GetAsync($"/api/v2/templates/{Text(inputs, "templateId")}/versions/{Text(inputs, "name")}");
                if (response.StatusCode == HttpStatusCode.NotFound) return null;
                var version = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
                return version.GetProperty("archived").GetBoolean() ? null : version.GetProperty("id").GetString();
            }),

        // Workspace: create → build job → (stop). Cancelled during the first build, it is deleted again.
        new("coder:index:Workspace", "workspace_build",
            async (templates, name) =>
            {
                var template = await templates.TemplateAsync($"{name}-template");
                return Map(("name", name), ("templateId", template.Id));
            },
            async (coder, inputs) => await IdOrNullAsync(coder, $"/api/v2/users/admin/workspace/{Text(inputs, "name")}"),
            // The rollback's delete build runs as long as the first build would have.
            control => control.Jobs.Enqueue("workspace_build", new JobOutcome(DurationMs: 120_000))),
    ];

    public static LongRunningCreate Named(string type) => All.Single(c => c.Type == type);

    public static TheoryData<string> Types => [.. All.Select(c => c.Type)];

    public static TheoryData<string> TypesWithStallableRollback => [.. All.Where(c => c.StallRollback is not null).Select(c => c.Type)];

    private static async Task<string?> IdOrNullAsync(HttpClient coder, string path)
    {
        var response = await coder.GetAsync(path);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone) return null;
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
    }

    private static string Text(ImmutableDictionary<string, PropertyValue> inputs, string name) => CoderView.Text(inputs, name);
}

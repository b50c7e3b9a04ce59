using System.Collections.Immutable;
using System.Net;
using Coder.Double.Control;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.EndToEnd.CoderView;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>
/// Workspace builds that fail, are cancelled or lose their answer, and inputs Check refuses: nothing is left on Coder
/// unannounced, nothing in state points at what is gone, and no build is started for input Check can refuse.
/// Each test has its own double, since it steers jobs and faults.
/// </summary>
public sealed class WorkspaceFailureTests : OwnPluginTest, IDisposable
{
    private EngineDriver Engine => Fixture.Engine;
    private WorkspaceTemplates? templates;
    private WorkspaceTemplates Templates => templates ??= new WorkspaceTemplates(Engine);

    public void Dispose() => templates?.Dispose();

    private static ImmutableDictionary<string, PropertyValue> Workspace(string name, string templateId, params (string Key, object? Value)[] more) =>
        Map([("name", name), ("templateId", templateId), .. more]);

    private int WorkspaceCreatesAndBuilds() => Fixture.Coder.Control.Traffic.Exchanges.Count(e => e.Method == "POST"
        && (e.Path.EndsWith("/workspaces", StringComparison.Ordinal) || e.Path.EndsWith("/builds", StringComparison.Ordinal)));

    [Fact]
    public async Task A_first_build_that_fails_is_rolled_back_and_its_error_carries_the_log_tail()
    {
        var template = await Templates.TemplateAsync("ws-fail");
        Fixture.Coder.Control.Jobs.Enqueue("workspace_build",
            new JobOutcome("failed", Error: "terraform apply: exit status 1", Logs: ["Error: image \"nope\" not found"]));

        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.CreateAsync("coder:index:Workspace", "broken", Workspace("broken", template.Id)));

        Assert.Contains("terraform apply: exit status 1", error.Status.Detail);
        Assert.Contains("image \"nope\" not found", error.Status.Detail);
        Assert.Contains("deleted again", error.Status.Detail);
        using var coder = Fixture.OutOfBand();
        Assert.Equal(HttpStatusCode.NotFound, (await coder.GetAsync("/api/v2/users/admin/workspace/broken")).StatusCode);

        // The next up converges without manual steps.
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "broken", Workspace("broken", template.Id));
        Assert.Equal("running", Text(workspace.Outputs, "state"));
    }

    [Fact]
    public async Task When_the_rollback_delete_build_fails_too_the_workspace_is_orphan_deleted()
    {
        var template = await Templates.TemplateAsync("ws-fail-twice");
        Fixture.Coder.Control.Jobs.Enqueue("workspace_build", new JobOutcome("failed", Error: "apply failed"));
        Fixture.Coder.Control.Jobs.Enqueue("workspace_build", new JobOutcome("failed", Error: "destroy failed"));

        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.CreateAsync("coder:index:Workspace", "stuck", Workspace("stuck", template.Id)));

        Assert.Contains("apply failed", error.Status.Detail);
        using var coder = Fixture.OutOfBand();
        Assert.Equal(HttpStatusCode.NotFound, (await coder.GetAsync("/api/v2/users/admin/workspace/stuck")).StatusCode);
        Assert.Contains(Fixture.Plugin.Engine.Entries, e => e.Message.Contains("orphan"));
    }

    [Fact]
    public async Task A_failing_delete_build_is_an_error_with_its_log_and_the_workspace_stays()
    {
        var template = await Templates.TemplateAsync("ws-undeletable");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "sticky", Workspace("sticky", template.Id));
        Fixture.Coder.Control.Jobs.Enqueue("workspace_build",
            new JobOutcome("failed", Error: "terraform destroy: exit status 1", Logs: ["Error: volume in use"]));

        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.DeleteAsync(workspace));

        Assert.Contains("volume in use", error.Status.Detail);
        Assert.Contains("is kept", error.Status.Detail);
        Assert.NotNull(await Engine.RefreshAsync(workspace));
        await Engine.DeleteAsync(workspace); // the next destroy converges
        Assert.Null(await Engine.RefreshAsync(workspace));
    }

    [Fact]
    public async Task Cancelling_the_update_during_a_build_cancels_the_build_on_Coder()
    {
        var template = await Templates.TemplateAsync("ws-cancel");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "cancelled", Workspace("cancelled", template.Id));
        Fixture.Coder.Control.HoldJobs();
        Fixture.Coder.Control.Traffic.Clear();
        var update = Engine.UpdateAsync(workspace, Workspace("cancelled", template.Id, ("state", "stopped")));
        for (var i = 0; i < 200 && !Fixture.Coder.Control.Traffic.Exchanges.Any(e => e.Method == "GET" && e.Path.Contains("/workspacebuilds/") && e.Path.EndsWith("/logs")); i++)
            await Task.Delay(25);

        await Engine.CancelAsync();

        await Assert.ThrowsAsync<RpcException>(() => update);
        using var coder = Fixture.OutOfBand();
        var last = (await BuildsAsync(coder, workspace.Id)).Last();
        Assert.Equal("stop", last.GetProperty("transition").GetString());
        Assert.Contains(last.GetProperty("job").GetProperty("status").GetString(), new[] { "canceling", "canceled" });
    }

    [Fact]
    public async Task The_engines_custom_timeout_cancels_a_slow_first_build_on_Coder_and_rolls_the_workspace_back()
    {
        var template = await Templates.TemplateAsync("ws-timeout");
        Fixture.Coder.Control.Jobs.Enqueue("workspace_build", new JobOutcome(DurationMs: 120_000));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Engine.CreateAsync("coder:index:Workspace", "slow", Workspace("slow", template.Id), timeoutSeconds: 2));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the create took {clock.Elapsed}");
        Assert.Contains("did not finish within", error.Status.Detail);
        Assert.Contains("customTimeouts", error.Status.Detail);
        var firstBuild = Fixture.Coder.Control.Traffic.Exchanges.First(e => e.Method == "POST" && e.Path.EndsWith("/workspaces"));
        var buildId = firstBuild.ResponseBody!["latest_build"]!["id"]!.GetValue<string>();
        Assert.Contains(Fixture.Coder.Control.Traffic.Exchanges, e => e.Method == "PATCH" && e.Path == $"/api/v2/workspacebuilds/{buildId}/cancel");
        using var coder = Fixture.OutOfBand();
        Assert.Equal(HttpStatusCode.NotFound, (await coder.GetAsync("/api/v2/users/admin/workspace/slow")).StatusCode);
    }

    [Fact]
    public async Task A_dry_run_slower_than_its_bound_is_cancelled_and_noted_and_the_preview_goes_on()
    {
        var template = await Templates.TemplateAsync("ws-slow-preview");
        Fixture.Coder.Control.Jobs.Enqueue("template_version_dry_run", new JobOutcome(DurationMs: 60_000));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var preview = await Engine.PreviewCreateAsync("coder:index:Workspace", "slow", Workspace("slow", template.Id));

        Assert.NotNull(preview);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the preview took {clock.Elapsed}");
        Assert.Contains(Fixture.Plugin.Engine.Entries, e => e.Message.Contains("did not finish within 5 s"));
        Assert.Contains(Fixture.Coder.Control.Traffic.Exchanges, e => e.Method == "PATCH" && e.Path.EndsWith("/cancel") && e.Path.Contains("/dry-run/"));
        Assert.Equal(0, WorkspaceCreatesAndBuilds());
    }

    [Fact]
    public async Task A_workspace_whose_create_answer_was_lost_is_adopted_once_its_build_finished()
    {
        var template = await Templates.TemplateAsync("ws-lost");
        Fixture.Coder.Control.Faults.Add(new FaultRule("/api/v2/users/me/workspaces", Method: "POST", DropAfterCommit: true));

        var workspace = await Engine.CreateAsync("coder:index:Workspace", "lost", Workspace("lost", template.Id));

        using var coder = Fixture.OutOfBand();
        Assert.Equal(workspace.Id, (await WorkspaceAsync(coder, workspace.Id)).GetProperty("id").GetString());
        Assert.Single(await BuildsAsync(coder, workspace.Id));
        Assert.Equal("running", Text(workspace.Outputs, "state"));
        Assert.Contains(Fixture.Plugin.Engine.Entries, e => e.Message.Contains("adopted"));
    }

    [Fact]
    public async Task A_rename_is_an_update_when_coderd_allows_renames_and_otherwise_an_error_that_says_how_to_replace()
    {
        var template = await Templates.TemplateAsync("ws-rename");
        var workspace = await Engine.CreateAsync("coder:index:Workspace", "renamed", Workspace("before", template.Id));

        var refused = await Assert.ThrowsAsync<RpcException>(() => Engine.UpdateAsync(workspace, Workspace("after", template.Id)));
        Assert.Contains("--allow-workspace-renames", refused.Status.Detail);
        Assert.Contains("replaceOnChanges", refused.Status.Detail);

        Fixture.Coder.Control.Deployment.AllowWorkspaceRenames = true;
        var renamed = await Engine.UpdateAsync(workspace, Workspace("after", template.Id));
        Assert.Equal("after", Text(renamed.Resource.Outputs, "name"));
        using var coder = Fixture.OutOfBand();
        Assert.Single(await BuildsAsync(coder, workspace.Id));
    }

    [Theory]
    [InlineData("parameters.colour", "colour", "red", "region")]
    [InlineData("parameters.region", "region", "mars", "\"eu\"")]
    [InlineData("parameters.cpus", "cpus", "twelve", "number")]
    [InlineData("parameters.cpus", "cpus", "12", "8")]
    public async Task Check_refuses_a_bad_parameter_naming_it_and_what_is_allowed_before_any_build(string property, string name, string value, string hint)
    {
        var template = await Templates.TemplateAsync("ws-check");
        var before = WorkspaceCreatesAndBuilds();

        var check = await Engine.CheckAsync("coder:index:Workspace", "bad",
            Workspace("bad", template.Id, ("parameters", new Dictionary<string, object?> { [name] = value })));

        var failure = Assert.Single(check.Failures);
        Assert.Equal(property, failure.Property);
        Assert.Contains(hint, failure.Reason);
        Assert.Equal(before, WorkspaceCreatesAndBuilds());
    }

    [Fact]
    public async Task Check_refuses_a_required_parameter_left_out()
    {
        var template = await Templates.TemplateAsync("ws-required", d =>
            d["parameters"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{"name": "team", "type": "string", "mutable": true}""")));

        var check = await Engine.CheckAsync("coder:index:Workspace", "incomplete", Workspace("incomplete", template.Id));

        var failure = Assert.Single(check.Failures);
        Assert.Equal("parameters.team", failure.Property);
    }

    [Fact]
    public async Task Check_refuses_a_bad_schedule_and_a_missing_template_before_any_call_that_builds()
    {
        var template = await Templates.TemplateAsync("ws-schedule");
        var before = WorkspaceCreatesAndBuilds();

        var zone = await Engine.CheckAsync("coder:index:Workspace", "s", Workspace("s", template.Id, ("autostartSchedule", "CRON_TZ=Mars/Olympus 0 9 * * 1")));
        var monthly = await Engine.CheckAsync("coder:index:Workspace", "s", Workspace("s", template.Id, ("autostartSchedule", "0 9 1 * *")));
        var ttl = await Engine.CheckAsync("coder:index:Workspace", "s", Workspace("s", template.Id, ("ttlMs", 90_000)));
        var neither = await Engine.CheckAsync("coder:index:Workspace", "n", Map(("name", "n")));

        Assert.Contains("Mars/Olympus", Assert.Single(zone.Failures, f => f.Property == "autostartSchedule").Reason);
        Assert.Contains("day of month", Assert.Single(monthly.Failures, f => f.Property == "autostartSchedule").Reason);
        Assert.Contains("60000", Assert.Single(ttl.Failures, f => f.Property == "ttlMs").Reason);
        Assert.Equal("templateId", Assert.Single(neither.Failures).Property);
        Assert.Equal(before, WorkspaceCreatesAndBuilds());
    }
}

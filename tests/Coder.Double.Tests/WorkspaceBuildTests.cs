using System.Net;
using System.Text.Json.Nodes;
using Coder.Double.Control;

namespace Coder.Double.Tests;

public sealed class WorkspaceBuildTests(ProvisioningFixture fixture) : IClassFixture<ProvisioningFixture>
{
    private readonly DoubleScope _scope = fixture.Fresh();

    private const string AgentTemplate = """
        {
          "resources": [
            {"name": "dev", "type": "docker_container", "daily_cost": 2, "agents": [{"name": "main", "directory": "/home/coder"}],
             "metadata": [{"key": "image", "value": "ubuntu"}]},
            {"name": "home", "type": "docker_volume", "persistent": true}
          ]
        }
        """;

    [Fact]
    public async Task Builds_MoveTheWorkspaceThroughCodersStatuses_AndADeleteBuildRemovesIt()
    {
        var scope = _scope;
        var template = await scope.CreateTemplateAsync("docker", AgentTemplate);
        var created = await scope.PostWorkspaceAsync(template.Id(), "dev");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var firstBuild = created.Body!["latest_build"]!;
        Assert.Equal("pending", firstBuild.S("status"));
        Assert.Equal("start", firstBuild.S("transition"));
        Assert.Equal(1, firstBuild["build_number"]!.GetValue<int>());
        Assert.Equal("", firstBuild.S("template_version_name")); // coderd's create response leaves it empty
        var workspaceId = created.Body.Id();

        var started = await scope.WaitForBuildAsync(firstBuild.Id());
        Assert.Equal("running", started.S("status"));
        Assert.Equal(["dev", "home"], started["resources"]!.AsArray().Select(r => r!.S("name")));
        var agent = started["resources"]![0]!["agents"]![0]!;
        Assert.Equal("connected", agent.S("status"));
        Assert.Equal("ready", agent.S("lifecycle_state"));
        Assert.Equal(2, started["daily_cost"]!.GetValue<int>());

        var workspace = (await scope.Api.GetAsync($"/api/v2/workspaces/{workspaceId}")).Body!;
        Assert.True(workspace["health"]!["healthy"]!.GetValue<bool>());
        Assert.False(workspace["outdated"]!.GetValue<bool>());

        scope.Coder.Control.HoldJobs();
        var stop = await scope.PostBuildAsync(workspaceId, "stop");
        Assert.Equal(HttpStatusCode.Created, stop.Status);
        var again = await scope.PostBuildAsync(workspaceId, "start");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("A workspace build is already active.", again.Message);
        Assert.Equal("pending", (await scope.Api.GetAsync($"/api/v2/workspaces/{workspaceId}")).Body!["latest_build"]!.S("status"));
        scope.Coder.Control.ReleaseJobs();
        var stopped = await scope.WaitForBuildAsync(stop.Body!.Id());
        Assert.Equal("stopped", stopped.S("status"));
        // Only the persistent volume survives a stop.
        Assert.Equal(["home"], stopped["resources"]!.AsArray().Select(r => r!.S("name")));

        var delete = await scope.PostBuildAsync(workspaceId, "delete");
        Assert.Equal(HttpStatusCode.Created, delete.Status);
        var deleted = await scope.WaitForBuildAsync(delete.Body!.Id());
        Assert.Equal("deleted", deleted.S("status"));

        var gone = await scope.Api.GetAsync($"/api/v2/workspaces/{workspaceId}");
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync($"/api/v2/workspaces/{workspaceId}?include_deleted=true")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.GetAsync("/api/v2/users/me/workspace/dev")).Status);
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/users/me/workspace/dev?include_deleted=true")).Status);
        var restart = await scope.PostBuildAsync(workspaceId, "start");
        Assert.Equal(HttpStatusCode.Conflict, restart.Status);
        Assert.Equal("Cannot start a deleted workspace!", restart.Message);

        var builds = (await scope.Api.GetAsync($"/api/v2/workspaces/{workspaceId}/builds")).Body!.AsArray();
        Assert.Equal([3, 2, 1], builds.Select(b => b!["build_number"]!.GetValue<int>()));
        var byNumber = await scope.Api.GetAsync("/api/v2/users/me/workspace/dev/builds/1");
        Assert.Equal(HttpStatusCode.NotFound, byNumber.Status); // the workspace is deleted
    }

    [Fact]
    public async Task APendingBuild_CanAlwaysBeCanceled_AndTheWorkspaceShowsCanceled()
    {
        var template = await _scope.CreateTemplateAsync("slow");
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        _scope.Coder.Control.Jobs.Timing = new JobTiming(PendingMs: 60_000);
        var stop = await _scope.PostBuildAsync(workspace.Id(), "stop");
        Assert.Equal("pending", stop.Str("status"));

        Assert.Equal(HttpStatusCode.BadRequest, (await _scope.Api.PatchAsync($"/api/v2/workspacebuilds/{stop.Body!.Id()}/cancel?expect_status=done")).Status);
        // The build is looked up (URL middleware) before the handler reads expect_status.
        Assert.Equal(HttpStatusCode.NotFound, (await _scope.Api.PatchAsync($"/api/v2/workspacebuilds/{Guid.NewGuid()}/cancel?expect_status=done")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _scope.Api.PatchAsync($"/api/v2/workspacebuilds/{stop.Body!.Id()}/cancel?expect_status=pending")).Status);
        var canceled = (await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Body!["latest_build"]!;
        Assert.Equal("canceled", canceled.S("status"));
        Assert.Equal("canceled", canceled["job"]!.S("status"));
        Assert.False(canceled["job"]!.AsObject().ContainsKey("error"));
        // A canceled build is not active: the next one may start.
        Assert.Equal(HttpStatusCode.Created, (await _scope.PostBuildAsync(workspace.Id(), "start")).Status);
    }

    [Fact]
    public async Task AFailedBuild_LeavesTheWorkspaceFailed_AndAFailedDeleteKeepsIt()
    {
        var template = await _scope.CreateTemplateAsync("fragile", """{"build": {"fail": {"error": "destroy failed", "transitions": ["delete"]}}}""");
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        var delete = await _scope.BuildAsync(workspace.Id(), "delete");
        Assert.Equal("failed", delete.S("status"));
        var kept = await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}");
        Assert.Equal(HttpStatusCode.OK, kept.Status);
        Assert.Equal("failed", kept.Body!["latest_build"]!.S("status"));
        Assert.Equal(HttpStatusCode.BadRequest, (await _scope.Api.DeleteAsync($"/api/v2/templates/{template.Id()}")).Status);

        // An orphan delete forgets the resources instead of destroying them, so the declared failure does not apply.
        var orphan = await _scope.Api.PostAsync($"/api/v2/workspaces/{workspace.Id()}/builds", new { transition = "delete", orphan = true });
        Assert.Equal("deleted", (await _scope.WaitForBuildAsync(orphan.Body!.Id())).S("status"));
        Assert.Equal(HttpStatusCode.Gone, (await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Status);
    }

    [Fact]
    public async Task AQueuedOutcome_ForATransition_WaitsForABuildOfThatTransition()
    {
        var template = await _scope.CreateTemplateAsync("doomed");
        var jobs = _scope.Coder.Control.Jobs;
        jobs.Enqueue("workspace_build", new JobOutcome("failed", Error: "terraform destroy: exit status 1", Logs: ["Error: volume in use"], Transition: "delete"));
        Assert.Equal(HttpStatusCode.OK, (await _scope.Anonymous.PostAsync("/__double/jobs/workspace_build/next", new { status = "failed", error = "stop failed", transition = "stop" })).Status);

        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        Assert.Equal("running", workspace["latest_build"]!.S("status"));
        var stop = await _scope.BuildAsync(workspace.Id(), "stop");
        Assert.Equal(("failed", "stop failed"), (stop.S("status"), stop["job"]!.S("error")));
        Assert.Equal("running", (await _scope.BuildAsync(workspace.Id(), "start")).S("status"));
        var delete = await _scope.BuildAsync(workspace.Id(), "delete");
        Assert.Equal(("failed", "terraform destroy: exit status 1"), (delete.S("status"), delete["job"]!.S("error")));
        var lines = (await _scope.Api.GetAsync($"/api/v2/workspacebuilds/{delete.Id()}/logs")).Body!.AsArray().Select(l => l!.S("output")).ToList();
        Assert.Equal(["Error: volume in use", "terraform destroy: exit status 1"], lines[^2..]);
        Assert.Equal(HttpStatusCode.OK, (await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Status);
        Assert.Empty(jobs.View().Queued);

        Assert.Throws<ArgumentException>(() => jobs.Enqueue("template_version_import", new JobOutcome("failed", Transition: "start")));
        Assert.Throws<ArgumentException>(() => jobs.SetForKind("workspace_build", new JobOutcome("failed", Transition: "restart")));
        Assert.Throws<ArgumentException>(() => jobs.Default = new JobOutcome("failed", Transition: "delete"));
        Assert.Equal(HttpStatusCode.BadRequest, (await _scope.Anonymous.PutAsync("/__double/jobs", new { per_kind = new { template_version_dry_run = new { status = "failed", transition = "stop" } } })).Status);
    }

    [Fact]
    public async Task EveryBuild_IsListedWithItsResolvedParameters_AndBuildsCanBeMadeOutOfBand()
    {
        var template = await _scope.CreateTemplateAsync("watched", """
            {"parameters": [
              {"name": "region", "default": "eu", "options": [{"name": "Europe", "value": "eu"}, {"name": "US", "value": "us"}]},
              {"name": "cpus", "type": "number", "default": "2", "mutable": true}
            ]}
            """);
        var builds = _scope.Coder.Control.Builds;
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w", Provisioning.Values(("region", "us")));
        await _scope.BuildAsync(workspace.Id(), "start", Provisioning.Values(("cpus", "4")));
        await _scope.PostBuildAsync(workspace.Id(), "start", Provisioning.Values(("region", "eu"))); // refused: no build

        var made = builds.List("admin/w");
        Assert.Equal([(1, "start", "succeeded"), (2, "start", "succeeded")], made.Select(b => (b.BuildNumber, b.Transition, b.Status)));
        Assert.Equal(new Dictionary<string, string> { ["region"] = "us", ["cpus"] = "2" }, made[0].Parameters);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "us", ["cpus"] = "4" }, made[1].Parameters);
        Assert.Equal((workspace.Id(), "w", "admin"), (made[1].WorkspaceId, made[1].WorkspaceName, made[1].Owner));
        Assert.Equal(template.S("active_version_id"), made[1].TemplateVersionId.ToString());

        // Out of band: as the admin, through coderd's checks, not recorded as API traffic.
        _scope.Coder.Control.Traffic.Clear();
        var stopped = await builds.BuildAsync(workspace.Id().ToString(), "stop");
        Assert.Equal(("stop", "succeeded", "initiator", _scope.Coder.Seed.AdminId), (stopped.Transition, stopped.Status, stopped.Reason, stopped.InitiatorId));
        Assert.Equal("4", stopped.Parameters["cpus"]);
        Assert.Empty(_scope.Coder.Control.Traffic.Exchanges);
        Assert.Equal("stopped", (await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Body!["latest_build"]!.S("status"));

        var deleted = await _scope.Anonymous.PostAsync("/__double/builds", new { workspace = "admin/w", transition = "delete", wait = true });
        Assert.Equal(HttpStatusCode.Created, deleted.Status);
        Assert.Equal(("delete", "succeeded", 4), (deleted.Str("transition"), deleted.Str("status"), deleted.Body!["build_number"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Gone, (await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Status);
        var listed = (await _scope.Anonymous.GetAsync("/__double/builds?workspace=admin/w")).Body!.AsArray();
        Assert.Equal(["start", "start", "stop", "delete"], listed.Select(b => b!.S("transition")));
        Assert.Equal("4", listed[3]!["parameters"]!["cpus"]!.GetValue<string>());

        var refused = await _scope.Anonymous.PostAsync("/__double/builds", new { workspace = workspace.Id(), transition = "start" });
        Assert.Equal((HttpStatusCode.Conflict, "Cannot start a deleted workspace!"), (refused.Status, refused.Message));
        Assert.Throws<BuildRefusedException>(() => builds.Start(workspace.Id().ToString(), "stop"));
        Assert.Equal(HttpStatusCode.NotFound, (await _scope.Anonymous.PostAsync("/__double/builds", new { workspace = "admin/w", transition = "stop" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _scope.Anonymous.GetAsync("/__double/builds?workspace=nobody/w")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _scope.Anonymous.PostAsync("/__double/builds", new { workspace = workspace.Id(), transition = "restart" })).Status);
        Assert.Equal(4, (await _scope.Anonymous.GetAsync("/__double/builds")).Body!.AsArray().Count);
    }

    [Fact]
    public async Task AStopBuildWithOnSuccess_IsFollowedByAStartBuild_OfTheRequestedVersion()
    {
        var template = await _scope.CreateTemplateAsync("restarts");
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        var v2 = await _scope.ImportAsync(templateId: template.Id(), name: "v2");
        var path = $"/api/v2/workspaces/{workspace.Id()}/builds";

        Assert.Equal("OnSuccess is only permitted when stopping a workspace.",
            (await _scope.Api.PostAsync(path, new { transition = "start", on_success = new { transition = "start" } })).Message);
        // on_success.transition is tagged oneof=start: request decoding refuses any other before the handler looks.
        var delete = await _scope.Api.PostAsync(path, new { transition = "stop", reason = "cli", on_success = new { transition = "delete" } });
        Assert.Equal("Validation failed.", delete.Message);
        Assert.Equal([("transition", "Validation failed for tag \"oneof\" with value: \"delete\"")], delete.Validations);
        Assert.Equal([("reason", "Validation failed for tag \"oneof\" with value: \"later\""), ("transition", "Validation failed for tag \"oneof\" with value: \"\"")],
            (await _scope.Api.PostAsync(path, new { transition = "stop", reason = "later", on_success = new { } })).Validations);

        var stop = await _scope.Api.PostAsync(path, new { transition = "stop", on_success = new { transition = "start", template_version_id = v2.Id() } });
        Assert.Equal(HttpStatusCode.Created, stop.Status);
        await _scope.WaitForBuildAsync(stop.Body!.Id());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonNode latest;
        do
        {
            latest = (await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Body!["latest_build"]!;
            if (latest["build_number"]!.GetValue<int>() == 3 && latest["job"]!.S("status") == "succeeded") break;
            await Task.Delay(5);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal(("start", "running", "v2"), (latest.S("transition"), latest.S("status"), latest.S("template_version_name")));
    }
}

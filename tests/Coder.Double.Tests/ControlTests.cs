using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Coder.Double.Control;

namespace Coder.Double.Tests;

public sealed class ControlTests
{
    [Fact]
    public async Task WithoutLicense_PremiumEndpoints_Answer403_WithCodersMessage()
    {
        await using var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { Premium = false });
        var org = scope.DefaultOrgId;

        var createOrg = await scope.Api.PostAsync("/api/v2/organizations", new { name = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, createOrg.Status);
        Assert.Equal("Multiple Organizations is a Premium feature. Contact sales!", createOrg.Message);
        Assert.Equal(HttpStatusCode.Forbidden, (await scope.Api.PatchAsync($"/api/v2/organizations/{org}", new { })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scope.Api.DeleteAsync($"/api/v2/organizations/{org}")).Status);

        var groups = await scope.Api.GetAsync($"/api/v2/organizations/{org}/groups");
        Assert.Equal(HttpStatusCode.Forbidden, groups.Status);
        Assert.Equal("Template RBAC is a Premium feature. Contact sales!", groups.Message);
        Assert.Equal(HttpStatusCode.Forbidden, (await scope.Api.GetAsync($"/api/v2/groups/{org}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scope.Api.GetAsync("/api/v2/groups")).Status);

        var serviceAccount = await scope.Api.PostAsync("/api/v2/users", new { username = "bot", service_account = true, organization_ids = new[] { org } });
        Assert.Equal(HttpStatusCode.Forbidden, serviceAccount.Status);
        Assert.Equal("Service Accounts is a Premium feature. Contact sales!", serviceAccount.Message);

        // Reading organizations and members is not licensed.
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync($"/api/v2/organizations/{org}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync($"/api/v2/organizations/{org}/members")).Status);
    }

    [Fact]
    public async Task FeatureGate_ComesAfterAuthentication_AndBeforeLookups()
    {
        await using var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { Premium = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await scope.Anonymous.GetAsync($"/api/v2/groups/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scope.Api.GetAsync("/api/v2/groups/not-a-uuid")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scope.Api.PatchAsync("/api/v2/organizations/no-such-org", new { })).Status);
    }

    [Fact]
    public async Task License_CanBeSwitched_PerFeature_AndShowsInEntitlements()
    {
        await using var scope = await DoubleScope.StartAsync();
        var entitlements = await scope.Api.GetAsync("/api/v2/entitlements");
        Assert.True(entitlements.Body!["has_license"]!.GetValue<bool>());
        Assert.Equal("entitled", entitlements.Body["features"]!["template_rbac"]!.S("entitlement"));
        Assert.Equal(1, entitlements.Body["features"]!["user_limit"]!["actual"]!.GetValue<int>());

        scope.Coder.Control.License.SetFeature("template_rbac", false);
        Assert.Equal(HttpStatusCode.Forbidden, (await scope.Api.GetAsync("/api/v2/groups")).Status);
        Assert.Equal(HttpStatusCode.Created, (await scope.Api.PostAsync("/api/v2/organizations", new { name = "still-allowed" })).Status);
        var after = await scope.Api.GetAsync("/api/v2/entitlements");
        Assert.Equal("not_entitled", after.Body!["features"]!["template_rbac"]!.S("entitlement"));
        Assert.False(after.Body["features"]!["template_rbac"]!["enabled"]!.GetValue<bool>());

        Assert.Throws<ArgumentException>(() => scope.Coder.Control.License.SetFeature("no_such_feature", true));
    }

    [Fact]
    public async Task License_OverHttp()
    {
        await using var scope = await DoubleScope.StartAsync();
        var off = await scope.Anonymous.PutAsync("/__double/license", new { premium = false });
        Assert.Equal(HttpStatusCode.OK, off.Status);
        Assert.False(off.Body!["has_license"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, (await scope.Api.GetAsync("/api/v2/groups")).Status);

        var one = await scope.Anonymous.PutAsync("/__double/license", new { features = new Dictionary<string, bool> { ["template_rbac"] = true } });
        Assert.Equal(["template_rbac"], one.Body!["entitled"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/groups")).Status);

        var bad = await scope.Anonymous.PutAsync("/__double/license", new { features = new Dictionary<string, bool> { ["nope"] = true } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }

    [Fact]
    public async Task Fault_FailsTheNthMatchingCall_ForItsTimes_ThenServesNormally()
    {
        await using var scope = await DoubleScope.StartAsync();
        scope.Coder.Control.Faults.Add(new FaultRule("/api/v2/users/{user}", Method: "GET", Nth: 2, Times: 2, Status: 502,
            Body: JsonNode.Parse("""{"message":"bad gateway"}""")));

        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/users/me")).Status);
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/users")).Status); // other route, not counted
        var second = await scope.Api.GetAsync("/api/v2/users/me");
        Assert.Equal(HttpStatusCode.BadGateway, second.Status);
        Assert.Equal("bad gateway", second.Message);
        Assert.Equal(HttpStatusCode.BadGateway, (await scope.Api.GetAsync("/api/v2/users/admin")).Status);
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/users/me")).Status);
        Assert.Equal(4, scope.Coder.Control.Faults.List().Single().MatchedCalls);
    }

    [Fact]
    public async Task Fault_429_CarriesRetryAfter_AndCodersRateLimitMessage()
    {
        await using var scope = await DoubleScope.StartAsync();
        scope.Coder.Control.Faults.Add(new FaultRule("/api/v2/**", Status: 429, RetryAfterSeconds: 7));

        var reply = await scope.Api.GetAsync("/api/v2/organizations");
        Assert.Equal(HttpStatusCode.TooManyRequests, reply.Status);
        Assert.Equal("7", reply.Headers.GetValues("Retry-After").Single());
        Assert.StartsWith("You've been rate limited", reply.Message);
    }

    [Fact]
    public async Task Fault_Delay_And_Drop()
    {
        await using var scope = await DoubleScope.StartAsync();
        scope.Coder.Control.Faults.Add(new FaultRule("/api/v2/buildinfo", DelayMs: 300));
        scope.Coder.Control.Faults.Add(new FaultRule("/api/v2/entitlements", Drop: true, Times: 0));

        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/buildinfo")).Status);
        Assert.True(watch.ElapsedMilliseconds >= 250);

        await Assert.ThrowsAnyAsync<Exception>(() => scope.Api.GetAsync("/api/v2/entitlements"));
        await Assert.ThrowsAnyAsync<Exception>(() => scope.Api.GetAsync("/api/v2/entitlements"));
    }

    [Fact]
    public async Task Fault_DropAfterCommit_ServesTheCall_ThenResetsWithoutAnswering()
    {
        await using var scope = await DoubleScope.StartAsync();
        scope.Coder.Control.Faults.Add(new FaultRule("/api/v2/organizations", Method: "POST", DropAfterCommit: true));

        await Assert.ThrowsAnyAsync<Exception>(() => scope.Api.PostAsync("/api/v2/organizations", new { name = "committed" }));

        var found = await scope.Api.GetAsync("/api/v2/organizations/committed");
        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Equal("committed", found.Str("name"));
    }

    [Fact]
    public async Task Faults_OverHttp()
    {
        await using var scope = await DoubleScope.StartAsync();
        var added = await scope.Anonymous.PostAsync("/__double/faults", new { path = "/api/v2/organizations", method = "POST", status = 500 });
        Assert.Equal(HttpStatusCode.Created, added.Status);

        var failed = await scope.Api.PostAsync("/api/v2/organizations", new { name = "x" });
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal("An internal server error occurred.", failed.Message);
        Assert.Single((await scope.Anonymous.GetAsync("/__double/faults")).Body!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await scope.Anonymous.DeleteAsync($"/__double/faults/{added.Str("id")}")).Status);
        Assert.Empty((await scope.Anonymous.GetAsync("/__double/faults")).Body!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await scope.Anonymous.PostAsync("/__double/faults", new { path = "/x", nth = 0 })).Status);
    }

    [Fact]
    public async Task Reset_RestoresTheSeed_KeepsTheTokenAndIds_AndClearsSettings()
    {
        await using var scope = await DoubleScope.StartAsync();
        await scope.CreateUserAsync("temp");
        await scope.CreateOrganizationAsync("temp-org");
        scope.Coder.Control.License.SetPremium(false);
        scope.Coder.Control.Faults.Add(new FaultRule("/api/v2/users", Status: 500, Times: 0));

        Assert.Equal(HttpStatusCode.NoContent, (await scope.Anonymous.PostAsync("/__double/reset")).Status);

        var users = await scope.Api.GetAsync("/api/v2/users");
        Assert.Equal(HttpStatusCode.OK, users.Status);
        Assert.Equal(1, users.Body!["count"]!.GetValue<int>());
        var org = Assert.Single((await scope.Api.GetAsync("/api/v2/organizations")).Body!.AsArray())!;
        Assert.Equal(scope.DefaultOrgId, org.Id());
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/groups")).Status);
        Assert.DoesNotContain(scope.Coder.Control.Traffic.Exchanges, e => e.Path == "/api/v2/users" && e.Status == 500);
    }

    [Fact]
    public async Task JobOutcomes_HaveADefault_PerKindValues_AndOneShotQueues()
    {
        await using var scope = await DoubleScope.StartAsync();
        var jobs = scope.Coder.Control.Jobs;
        jobs.SetForKind("workspace_build", new JobOutcome("failed", "boom"));
        jobs.Enqueue("workspace_build", new JobOutcome("canceled"));

        Assert.Equal("canceled", jobs.Take("workspace_build").Status);
        Assert.Equal("failed", jobs.Take("workspace_build").Status);
        Assert.Equal("failed", jobs.Take("workspace_build").Status);
        Assert.Equal("succeeded", jobs.Take("template_version_import").Status);
        Assert.Throws<ArgumentException>(() => jobs.SetForKind("nope", JobOutcome.Succeeded));
        Assert.Throws<ArgumentException>(() => jobs.Default = new JobOutcome("running"));

        var overHttp = await scope.Anonymous.PutAsync("/__double/jobs", new { @default = new { status = "failed", error = "x", duration_ms = 10 } });
        Assert.Equal(HttpStatusCode.OK, overHttp.Status);
        Assert.Equal("failed", jobs.Take("template_version_dry_run").Status);
        Assert.Equal(HttpStatusCode.OK, (await scope.Anonymous.PostAsync("/__double/jobs/template_version_import/next", new { status = "succeeded" })).Status);
        Assert.Equal("succeeded", jobs.Take("template_version_import").Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await scope.Anonymous.PostAsync("/__double/jobs/nope/next", new { status = "succeeded" })).Status);
    }

    [Fact]
    public async Task IssuedTokens_ActAsThatUser_AndFollowTheirStatus()
    {
        await using var scope = await DoubleScope.StartAsync();
        var sleeper = await scope.Api.PostAsync("/api/v2/users", new
        {
            username = "sleeper", email = "sleeper@example.com", login_type = "github", organization_ids = new[] { scope.DefaultOrgId },
        });
        Assert.Equal("dormant", sleeper.Str("status"));

        var issued = await scope.Anonymous.PostAsync("/__double/tokens", new { user = "sleeper" });
        var token = issued.Str("session_token");
        var me = await scope.Anonymous.SendAsync(HttpMethod.Get, "/api/v2/users/me", token: token);
        Assert.Equal("sleeper", me.Str("username"));
        Assert.Equal("active", me.Str("status")); // coderd activates dormant users on their first request

        await scope.Api.PutAsync("/api/v2/users/sleeper/status/suspend");
        var suspended = await scope.Anonymous.SendAsync(HttpMethod.Get, "/api/v2/users/me", token: token);
        Assert.Equal(HttpStatusCode.Unauthorized, suspended.Status);
        Assert.Equal("User is not active (status = \"suspended\"). Contact an admin to reactivate your account.", suspended.Message);

        Assert.Equal(HttpStatusCode.NotFound, (await scope.Anonymous.PostAsync("/__double/tokens", new { user = "nobody" })).Status);
    }

    [Fact]
    public async Task ControlInfo_NamesTheAdmin_AndUnknownControlPathsAre404()
    {
        await using var scope = await DoubleScope.StartAsync();
        var info = await scope.Anonymous.GetAsync("/__double/");
        Assert.Equal(scope.Coder.SessionToken, info.Str("session_token"));
        Assert.Equal("admin", info.Body!["admin"]!.S("username"));
        Assert.Equal(HttpStatusCode.NotFound, (await scope.Anonymous.GetAsync("/__double/nothing-here")).Status);

        var deployment = await scope.Anonymous.PutAsync("/__double/deployment", new { oidc_configured = false });
        Assert.False(deployment.Body!["oidc_configured"]!.GetValue<bool>());
        var oidc = await scope.Api.PostAsync("/api/v2/users", new { username = "o", email = "o@example.com", login_type = "oidc", organization_ids = new[] { scope.DefaultOrgId } });
        Assert.Equal("You must configure OIDC before creating OIDC users.", oidc.Message);
    }
}

using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coder.Double.Control;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>A template's settings and ACL: refused at preview when Coder would refuse them or the license lacks them,
/// applied exactly, drift shown, and a failure after the template exists rolled back.</summary>
public sealed class TemplateSettingsTests : OwnPluginTest, IDisposable
{
    private const string Template = "coder:index:Template";
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("template-settings-");

    public TemplateSettingsTests() => File.WriteAllText(Path.Combine(folder.FullName, "main.tf"), "resource \"null_resource\" \"dev\" {}\n");

    public void Dispose() => folder.Delete(recursive: true);

    private EngineDriver Engine => Fixture.Engine;

    private ImmutableDictionary<string, PropertyValue> Inputs(string name, params (string Key, object? Value)[] settings) =>
        Map(settings).Add("name", Of(name)).Add("source", WireValues.FileArchive(folder.FullName));

    private int TemplateCalls() => Fixture.Coder.Control.Traffic.Exchanges.Count(e => e.Path.Contains("/template", StringComparison.Ordinal) || e.Path.EndsWith("/files"));

    /// <summary>Nothing is left on Coder under that name in the default organization.</summary>
    private async Task AssertNoTemplateAsync(string name)
    {
        using var http = Fixture.OutOfBand();
        var lookup = await http.GetAsync($"/api/v2/organizations/{Fixture.Coder.Seed.DefaultOrganizationId}/templates/{name}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    private static Dictionary<string, object?> Entry(string id, string role) => new() { ["id"] = id, ["role"] = role };

    [Fact]
    public async Task Values_coder_would_refuse_are_refused_at_check_naming_the_property_and_nothing_is_called()
    {
        var before = TemplateCalls();
        (string Property, (string, object?) Setting)[] cases =
        [
            ("defaultTtlMs", ("defaultTtlMs", -1)),
            ("failureTtlMs", ("failureTtlMs", 1000)),
            ("autostopRequirement.weeks", ("autostopRequirement", new Dictionary<string, object?> { ["weeks"] = 17 })),
            ("autostopRequirement.daysOfWeek", ("autostopRequirement", new Dictionary<string, object?> { ["daysOfWeek"] = new[] { "funday" } })),
            ("maxPortShareLevel", ("maxPortShareLevel", "everyone")),
            ("corsBehavior", ("corsBehavior", "open")),
            ("acl.users[0].role", ("acl", new Dictionary<string, object?> { ["users"] = new[] { Entry(Guid.NewGuid().ToString(), "owner") } })),
            ("acl.groups[0].id", ("acl", new Dictionary<string, object?> { ["groups"] = new[] { Entry("developers", "use") } })),
            ("everyoneAccess", ("everyoneAccess", "all")),
            ("description", ("description", new string('x', 129))),
            ("displayName", ("displayName", new string('x', 65))),
            ("icon", ("icon", "docker.png")),
            ("versionName", ("versionName", "v 1")),
        ];
        foreach (var (property, setting) in cases)
        {
            var check = await Engine.CheckAsync(Template, "bad", Inputs("bad", setting));
            Assert.Contains(check.Failures, f => f.Property == property);
        }
        var badName = await Engine.CheckAsync(Template, "bad", Inputs("not a name"));
        Assert.Contains(badName.Failures, f => f.Property == "name");
        Assert.Equal(before, TemplateCalls());
    }

    [Fact]
    public async Task Premium_settings_are_refused_at_check_naming_the_feature_when_the_license_lacks_it()
    {
        Fixture.Coder.Control.License.SetPremium(false);
        await Engine.ConfigureAsync(Fixture.Config);

        (string Property, string Feature, (string, object?) Setting)[] cases =
        [
            ("autostopRequirement", "advanced_template_scheduling", ("autostopRequirement", new Dictionary<string, object?> { ["daysOfWeek"] = new[] { "sunday" } })),
            ("timeTilDormantMs", "advanced_template_scheduling", ("timeTilDormantMs", 86_400_000)),
            ("requireActiveVersion", "access_control", ("requireActiveVersion", true)),
            ("deprecationMessage", "access_control", ("deprecationMessage", "use docker-v2")),
            ("acl", "template_rbac", ("acl", new Dictionary<string, object?> { ["users"] = Array.Empty<object>() })),
            ("maxPortShareLevel", "control_shared_ports", ("maxPortShareLevel", "owner")),
        ];
        foreach (var (property, feature, setting) in cases)
        {
            var failure = Assert.Single((await Engine.CheckAsync(Template, "p", Inputs("premium", setting))).Failures);
            Assert.Equal(property, failure.Property);
            Assert.Contains($"'{feature}'", failure.Reason);
        }
        Assert.Empty((await Engine.CheckAsync(Template, "p", Inputs("premium", ("maxPortShareLevel", "public")))).Failures);
    }

    [Fact]
    public async Task The_acl_and_everyone_access_are_applied_exactly_and_drift_shows_on_refresh()
    {
        var admin = Fixture.Coder.Seed.AdminId.ToString();
        var group = await Engine.CreateAsync("coder:index:Group", "devs", Map(("name", "devs")));
        var inputs = Inputs("acl", ("acl", new Dictionary<string, object?>
        {
            ["users"] = new[] { Entry(admin, "admin") },
            ["groups"] = new[] { Entry(group.Id, "use") },
        }), ("everyoneAccess", "none"), ("description", "first"));
        var template = await Engine.CreateAsync(Template, "acl", inputs);

        using var http = Fixture.OutOfBand();
        async Task<JsonElement> AclAsync() => await http.GetFromJsonAsync<JsonElement>($"/api/v2/templates/{template.Id}/acl");
        var acl = await AclAsync();
        Assert.Equal("admin", acl.GetProperty("users").EnumerateArray().Single().GetProperty("role").GetString());
        Assert.Equal([group.Id], acl.GetProperty("group").EnumerateArray().Select(g => g.GetProperty("id").GetString()));

        // Everyone back to use, the group made admin, the user dropped.
        var updated = await Engine.UpdateAsync(template, Inputs("acl", ("acl", new Dictionary<string, object?>
        {
            ["users"] = Array.Empty<object>(),
            ["groups"] = new[] { Entry(group.Id, "admin") },
        }), ("everyoneAccess", "use"), ("description", "first")));
        acl = await AclAsync();
        Assert.Empty(acl.GetProperty("users").EnumerateArray());
        var groups = acl.GetProperty("group").EnumerateArray().ToDictionary(g => g.GetProperty("id").GetString()!, g => g.GetProperty("role").GetString());
        Assert.Equal("admin", groups[group.Id]);
        Assert.Equal("use", groups[Fixture.Coder.Seed.DefaultOrganizationId.ToString()]);

        (await http.PatchAsJsonAsync($"/api/v2/templates/{template.Id}", new { description = "changed in the UI" })).EnsureSuccessStatusCode();
        var refreshed = (await Engine.RefreshAsync(updated.Resource))!;
        Assert.Equal(Of("changed in the UI"), refreshed.Inputs["description"]);
        var diff = await Engine.DiffAsync(refreshed, (await Engine.CheckAsync(Template, "acl", Inputs("acl", ("description", "first")), refreshed.Inputs)).Inputs);
        Assert.Contains("description", diff.Diffs);
    }

    [Fact]
    public async Task An_acl_that_names_only_groups_shows_no_drift_after_a_refresh()
    {
        // The program leaves the ACL's users to Coder: the (empty) users Coder reports are not drift. The fault matrix
        // found this: every refresh made the next `up` update the template's ACL for nothing.
        var group = await Engine.CreateAsync("coder:index:Group", "devs", Map(("name", "devs")));
        var inputs = Inputs("groupsonly", ("acl", new Dictionary<string, object?> { ["groups"] = new[] { Entry(group.Id, "use") } }));
        var template = await Engine.CreateAsync(Template, "groupsonly", inputs);

        var refreshed = (await Engine.RefreshAsync(template))!;
        var diff = await Engine.DiffAsync(refreshed, (await Engine.CheckAsync(Template, "groupsonly", inputs, refreshed.Inputs)).Inputs);

        Assert.False(diff.HasChanges, string.Join(", ", diff.Diffs));
    }

    [Fact]
    public async Task A_failure_after_the_template_exists_deletes_it_again()
    {
        Fixture.Coder.Control.Faults.Add(new FaultRule("/api/v2/templates/*/acl", Method: "PATCH", Status: 500));

        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.CreateAsync(Template, "rolled-back",
            Inputs("rolled-back", ("acl", new Dictionary<string, object?> { ["users"] = new[] { Entry(Fixture.Coder.Seed.AdminId.ToString(), "use") } }))));

        Assert.Contains("deleted again", error.Status.Detail);
        await AssertNoTemplateAsync("rolled-back");
    }

    [Fact]
    public async Task A_setting_coder_silently_kept_at_its_default_is_an_error_not_reported_as_applied()
    {
        // The license loses the feature after the provider read it, so Check cannot know; coderd ignores the setting.
        Fixture.Coder.Control.License.SetFeature("advanced_template_scheduling", false);

        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.CreateAsync(Template, "dormant",
            Inputs("dormant", ("timeTilDormantMs", 86_400_000))));

        Assert.Contains("did not store timeTilDormantMs", error.Status.Detail);
        Assert.Contains("deleted again", error.Status.Detail);
        await AssertNoTemplateAsync("dormant");
    }

    [Fact]
    public async Task An_older_coderds_304_to_a_settings_update_that_changes_nothing_is_success()
    {
        var inputs = Inputs("not-modified", ("description", "same"));
        var template = await Engine.CreateAsync(Template, "not-modified", inputs);
        // coderd before May 2026 answered a PATCH that changed nothing with 304 and no body.
        Fixture.Coder.Control.Faults.Add(new FaultRule($"/api/v2/templates/{template.Id}", Method: "PATCH", Status: 304));

        var updated = await Engine.UpdateAsync(template, inputs.Add("provisionerTags", Of(new Dictionary<string, object?> { ["scope"] = "organization" })));

        Assert.Equal(["provisionerTags"], updated.Diff.Diffs);
        Assert.Equal(Of("same"), updated.Resource.Outputs["description"]);
        Assert.NotEqual(template.Outputs["activeVersionId"], updated.Resource.Outputs["activeVersionId"]);
    }

    [Fact]
    public async Task Durations_longer_than_a_32_bit_number_of_milliseconds_are_numbers_in_the_schema_and_apply()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(await Engine.GetSchemaAsync())!;
        var inputs = schema["resources"]!["coder:index:Template"]!["inputProperties"]!.AsObject();
        Assert.All(inputs.Where(p => p.Key.EndsWith("Ms", StringComparison.Ordinal)), p => Assert.Equal("number", (string?)p.Value!["type"]));

        const long thirtyDays = 30L * 24 * 3600 * 1000;
        var template = await Engine.CreateAsync(Template, "long-lived", Inputs("long-lived", ("timeTilDormantAutodeleteMs", (double)thirtyDays)));

        Assert.Equal(Of((double)thirtyDays), template.Outputs["timeTilDormantAutodeleteMs"]);
    }

    [Fact]
    public async Task A_template_whose_create_answer_was_lost_is_adopted_without_pushing_its_source_again()
    {
        var organization = Fixture.Coder.Seed.DefaultOrganizationId;
        Fixture.Coder.Control.Faults.Add(new FaultRule($"/api/v2/organizations/{organization}/templates", Method: "POST", DropAfterCommit: true));

        var template = await Engine.CreateAsync(Template, "lost", Inputs("lost", ("description", "kept")));

        Assert.Contains(Fixture.Plugin.Engine.Entries, e => e.Message.Contains("adopted", StringComparison.Ordinal) && e.Urn.EndsWith("::lost"));
        using var http = Fixture.OutOfBand();
        var versions = await http.GetFromJsonAsync<List<JsonElement>>($"/api/v2/templates/{template.Id}/versions");
        Assert.Single(versions!);
        Assert.Equal(Of("kept"), template.Outputs["description"]);
    }

    [Fact]
    public async Task A_named_template_version_whose_create_answer_was_lost_is_adopted_once_imported()
    {
        var template = await Engine.CreateAsync(Template, "base", Inputs("base"));
        Fixture.Coder.Control.Faults.Add(new FaultRule($"/api/v2/organizations/{Fixture.Coder.Seed.DefaultOrganizationId}/templateversions",
            Method: "POST", DropAfterCommit: true));
        var inputs = Map(("templateId", template.Id), ("source", WireValues.FileArchive(folder.FullName)), ("name", "pinned-1"));

        var version = await Engine.CreateAsync("coder:index:TemplateVersion", "pinned", inputs);

        Assert.Equal(Of("succeeded"), version.Outputs["jobStatus"]);
        Assert.Equal(Of("pinned-1"), version.Outputs["name"]);
        using var http = Fixture.OutOfBand();
        Assert.Equal(2, (await http.GetFromJsonAsync<List<JsonElement>>($"/api/v2/templates/{template.Id}/versions"))!.Count);
        // The adopted version is the program's: the next up changes nothing (no replacement).
        var check = await Engine.CheckAsync("coder:index:TemplateVersion", "pinned", inputs, version.Inputs);
        Assert.False((await Engine.DiffAsync(version, check.Inputs)).HasChanges);
    }
}

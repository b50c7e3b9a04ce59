using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Coder.Double.Tests;

public sealed class TemplateTests(ProvisioningFixture fixture) : IClassFixture<ProvisioningFixture>
{
    private readonly DoubleScope _scope = fixture.Fresh();

    private string OrgPath => $"/api/v2/organizations/{_scope.DefaultOrgId}";

    [Fact]
    public async Task CreateVersion_ValidatesLikeCoderd_AndNamesUnnamedVersions()
    {
        var api = _scope.Api;
        var missing = await api.PostAsync($"{OrgPath}/templateversions", new { storage_method = "file", provisioner = "docker", name = "bad name" });
        Assert.Equal("Validation failed.", missing.Message);
        Assert.Equal([
            ("name", "Validation failed for tag \"template_version_name\" with value: \"bad name\""),
            ("file_id", $"Validation failed for tag \"required_without\" with value: \"{Guid.Empty}\""),
            ("example_id", "Validation failed for tag \"required_without\" with value: \"\""),
            ("provisioner", "Validation failed for tag \"oneof\" with value: \"docker\""),
        ], missing.Validations);

        var fileId = await _scope.UploadAsync();
        Assert.Equal("File not found.", (await _scope.PostVersionAsync(Guid.NewGuid())).Message);
        Assert.Equal("Template does not exist.", (await _scope.PostVersionAsync(fileId, templateId: Guid.NewGuid())).Message);
        Assert.Equal("You cannot specify both an example_id and a file_id.",
            (await api.PostAsync($"{OrgPath}/templateversions", new { storage_method = "file", provisioner = "terraform", file_id = fileId, example_id = "docker" })).Message);
        Assert.Equal("Example not found.",
            (await api.PostAsync($"{OrgPath}/templateversions", new { storage_method = "file", provisioner = "terraform", example_id = "docker" })).Message);

        var created = await _scope.PostVersionAsync(fileId);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Matches(new Regex("^[a-z]+_[a-z]+[0-9]{2}$"), created.Str("name"));
        Assert.Equal(Guid.Empty.ToString(), created.Str("template_id"));
        Assert.Equal("admin", created.Body!["created_by"]!.S("username"));
        Assert.Equal("organization", created.Body["job"]!["tags"]!.S("scope"));
        Assert.Equal(1, created.Body["matched_provisioners"]!["available"]!.GetValue<int>());
    }

    [Fact]
    public async Task VersionNames_AreUniquePerTemplate_AndFoundByName()
    {
        var template = await _scope.CreateTemplateAsync("names");
        var fileId = await _scope.UploadAsync();
        var v2 = await _scope.PostVersionAsync(fileId, template.Id(), name: "v2");
        Assert.Equal(HttpStatusCode.Created, v2.Status);
        var taken = await _scope.PostVersionAsync(fileId, template.Id(), name: "v2");
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal("A template version with name \"v2\" already exists for this template.", taken.Message);
        // Versions outside a template may share names.
        Assert.Equal(HttpStatusCode.Created, (await _scope.PostVersionAsync(fileId, name: "v2")).Status);

        var v3 = (await _scope.PostVersionAsync(fileId, template.Id(), name: "v3")).Body!.Id();
        var rename = await _scope.Api.PatchAsync($"/api/v2/templateversions/{v3}", new { name = "v2" });
        Assert.Equal(HttpStatusCode.BadRequest, rename.Status);
        Assert.Equal("template version name must be unique for a template", rename.Message);
        var renamed = await _scope.Api.PatchAsync($"/api/v2/templateversions/{v3}", new { name = "v3.1_final", message = "notes" });
        Assert.Equal("v3.1_final", renamed.Str("name"));
        Assert.Equal("notes", renamed.Str("message"));

        Assert.Equal(v3.ToString(), (await _scope.Api.GetAsync($"/api/v2/templates/{template.Id()}/versions/v3.1_final")).Str("id"));
        Assert.Equal(v3.ToString(), (await _scope.Api.GetAsync($"{OrgPath}/templates/names/versions/v3.1_final")).Str("id"));
        Assert.Equal("No template version found by name \"v9\".", (await _scope.Api.GetAsync($"/api/v2/templates/{template.Id()}/versions/v9")).Message);
    }

    [Fact]
    public async Task CreateTemplate_AppliesCodersValidation()
    {
        var version = await _scope.ImportAsync();
        var create = (object body) => _scope.Api.PostAsync($"{OrgPath}/templates", body);

        var tags = await create(new { name = "", display_name = " padded", description = new string('x', 128) });
        Assert.Equal([
            ("name", "Validation failed for tag \"template_name\" with value: \"\""),
            ("display_name", "Validation failed for tag \"template_display_name\" with value: \" padded\""),
            ("description", $"Validation failed for tag \"lt\" with value: \"{new string('x', 128)}\""),
            ("template_version_id", $"Validation failed for tag \"required\" with value: \"{Guid.Empty}\""),
        ], tags.Validations);

        var missing = Guid.NewGuid();
        var notFound = await create(new { name = "t", template_version_id = missing });
        Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
        Assert.Equal($"Template version \"{missing}\" does not exist.", notFound.Message);

        var settings = await create(new
        {
            name = "t", template_version_id = version.Id(), default_ttl_ms = -1, time_til_autostop_notify_ms = 30_000,
            autostop_requirement = new { days_of_week = new[] { "funday" }, weeks = 17 }, cors_behavior = "open", dormant_ttl_ms = -5,
        });
        Assert.Equal("Invalid create template request.", settings.Message);
        Assert.Equal([
            ("default_ttl_ms", "Must be a positive integer."),
            ("time_til_autostop_notify_ms", "Must be 0 (disabled) or at least one minute."),
            ("autostop_requirement.days_of_week", "invalid weekday \"funday\""),
            ("cors_behavior", "Invalid CORS behavior \"open\". Must be one of [simple, passthru]"),
            ("autostop_requirement.weeks", "Must be less than 16."),
            ("time_til_dormant_autodeletion_ms", "Must be a positive integer."),
        ], settings.Validations);

        _scope.Coder.Control.License.SetFeature("control_shared_ports", false);
        var port = await create(new { name = "t", template_version_id = version.Id(), max_port_share_level = "authenticated" });
        Assert.Equal([("max_port_share_level", "Restricting port sharing level is an enterprise feature that is not enabled.")], port.Validations);

        var created = await create(new { name = "First", template_version_id = version.Id() });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var taken = await create(new { name = "FIRST", template_version_id = version.Id() });
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal([("name", "This value is already in use and should be unique.")], taken.Validations);
        var reused = await create(new { name = "second", template_version_id = version.Id() });
        Assert.Equal($"Template version {version.Id()} is already part of a template", reused.Message);
    }

    [Fact]
    public async Task TemplateSettings_NeedTheirLicensedFeatures_OrAreSilentlyKeptAtTheirDefaults()
    {
        var license = _scope.Coder.Control.License;
        license.SetFeature("advanced_template_scheduling", false);
        license.SetFeature("access_control", false);
        license.SetFeature("control_shared_ports", false);
        var unlicensed = await _scope.CreateTemplateAsync("agpl", settings: new
        {
            allow_user_autostop = false, failure_ttl_ms = 3_600_000, require_active_version = true, default_ttl_ms = 7_200_000,
            autostart_requirement = new { days_of_week = new[] { "monday" } },
        });
        Assert.True(unlicensed["allow_user_autostop"]!.GetValue<bool>());
        Assert.Equal(0, unlicensed["failure_ttl_ms"]!.GetValue<long>());
        Assert.False(unlicensed["require_active_version"]!.GetValue<bool>());
        Assert.Equal(7_200_000, unlicensed["default_ttl_ms"]!.GetValue<long>());
        Assert.Equal(3_600_000, unlicensed["activity_bump_ms"]!.GetValue<long>());
        Assert.Equal(7, unlicensed["autostart_requirement"]!["days_of_week"]!.AsArray().Count);
        Assert.Equal(1, unlicensed["autostop_requirement"]!["weeks"]!.GetValue<long>());
        Assert.Equal("public", unlicensed.S("max_port_share_level"));
        var deprecate = await _scope.Api.PatchAsync($"/api/v2/templates/{unlicensed.Id()}", new { deprecation_message = "use another" });
        Assert.False(deprecate.Body!["deprecated"]!.GetValue<bool>());

        license.SetPremium(true);
        var licensed = await _scope.CreateTemplateAsync("premium", settings: new
        {
            allow_user_autostop = false, failure_ttl_ms = 3_600_000, require_active_version = true, max_port_share_level = "authenticated",
            autostart_requirement = new { days_of_week = new[] { "monday", "friday" } },
        });
        Assert.False(licensed["allow_user_autostop"]!.GetValue<bool>());
        Assert.Equal(3_600_000, licensed["failure_ttl_ms"]!.GetValue<long>());
        Assert.True(licensed["require_active_version"]!.GetValue<bool>());
        Assert.Equal("authenticated", licensed.S("max_port_share_level"));
        Assert.Equal(["monday", "friday"], licensed["autostart_requirement"]!["days_of_week"]!.AsArray().Select(d => d!.GetValue<string>()));

        var deprecated = await _scope.Api.PatchAsync($"/api/v2/templates/{licensed.Id()}", new { deprecation_message = "use another" });
        Assert.True(deprecated.Body!["deprecated"]!.GetValue<bool>());
        var refused = await _scope.PostWorkspaceAsync(licensed.Id(), "w");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Template \"premium\" has been deprecated, and cannot be used to create a new workspace.", refused.Message);
        Assert.Equal("use another", refused.Detail);
        Assert.DoesNotContain((await _scope.Api.GetAsync("/api/v2/templates")).Body!.AsArray(), t => t!.S("name") == "premium");
        Assert.Contains((await _scope.Api.GetAsync("/api/v2/templates?q=deprecated:true")).Body!.AsArray(), t => t!.S("name") == "premium");
    }

    [Fact]
    public async Task Patch_ChangesOnlyWhatIsSent_WithCodersRules()
    {
        var template = await _scope.CreateTemplateAsync("patched", settings: new { display_name = "Patched", icon = "/icon.svg" });
        var path = $"/api/v2/templates/{template.Id()}";

        var patched = await _scope.Api.PatchAsync(path, new { description = "new", name = "" });
        Assert.Equal("patched", patched.Str("name"));
        Assert.Equal("Patched", patched.Str("display_name"));
        Assert.Equal("/icon.svg", patched.Str("icon"));
        Assert.Equal("new", patched.Str("description"));

        var invalid = await _scope.Api.PatchAsync(path, new { failure_ttl_ms = 5_000, time_til_dormant_ms = -1, cors_behavior = "open", activity_bump_ms = -1 });
        Assert.Equal("Invalid request to update template metadata!", invalid.Message);
        Assert.Equal([
            ("cors_behavior", "Invalid CORS behavior \"open\". Must be one of [simple, passthru]"),
            ("activity_bump_ms", "Must be a positive integer."),
            ("failure_ttl_ms", "Value must be at least one minute."),
            ("time_til_dormant_ms", "Value must be at least one minute."),
        ], invalid.Validations);
        Assert.Equal("Validation failed for tag \"template_name\" with value: \"no spaces\"",
            (await _scope.Api.PatchAsync(path, new { name = "no spaces" })).Validations.Single().Detail);

        await _scope.CreateTemplateAsync("other");
        var conflict = await _scope.Api.PatchAsync(path, new { name = "Other" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("Template with name \"Other\" already exists.", conflict.Message);
        Assert.Equal("renamed", (await _scope.Api.PatchAsync(path, new { name = "renamed" })).Str("name"));
        Assert.Equal(HttpStatusCode.OK, (await _scope.Api.GetAsync($"{OrgPath}/templates/RENAMED")).Status);
    }

    [Fact]
    public async Task Promotion_NeedsASucceededVersionOfTheSameTemplate()
    {
        var template = await _scope.CreateTemplateAsync("promoted");
        var promote = (Guid id) => _scope.Api.PatchAsync($"/api/v2/templates/{template.Id()}/versions", new { id });

        var foreign = await _scope.ImportAsync();
        Assert.Equal("The provided template version doesn't belong to the specified template.", (await promote(foreign.Id())).Message);
        Assert.Equal("Template version not found.", (await promote(Guid.NewGuid())).Message);

        var failed = await _scope.ImportAsync("""{"import": {"fail": {"error": "boom"}}}""", template.Id());
        var refused = await promote(failed.Id());
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("Only versions that have been built successfully can be promoted.", refused.Message);
        Assert.Equal("Attempted to promote a version with a failed build", refused.Detail);

        _scope.Coder.Control.HoldJobs();
        var pending = (await _scope.PostVersionAsync(await _scope.UploadAsync(), template.Id())).Body!.Id();
        Assert.Equal("Attempted to promote a version with a pending build", (await promote(pending)).Detail);
        _scope.Coder.Control.ReleaseJobs();

        var good = await _scope.ImportAsync(templateId: template.Id());
        Assert.Equal(HttpStatusCode.OK, (await _scope.Api.PostAsync($"/api/v2/templateversions/{good.Id()}/archive")).Status);
        Assert.Equal("The provided template version is archived.", (await promote(good.Id())).Message);
        Assert.Equal(HttpStatusCode.OK, (await _scope.Api.PostAsync($"/api/v2/templateversions/{good.Id()}/unarchive")).Status);

        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");
        Assert.Equal("Updated the active template version!", (await promote(good.Id())).Message);
        Assert.Equal(good.Id().ToString(), (await _scope.Api.GetAsync($"/api/v2/templates/{template.Id()}")).Str("active_version_id"));
        Assert.True((await _scope.Api.GetAsync($"/api/v2/workspaces/{workspace.Id()}")).Body!["outdated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Delete_IsRefusedWhileWorkspacesUseTheTemplate_ThenSoftDeletesIt()
    {
        var template = await _scope.CreateTemplateAsync("doomed");
        var path = $"/api/v2/templates/{template.Id()}";
        var workspace = await _scope.CreateWorkspaceAsync(template.Id(), "w");

        var refused = await _scope.Api.DeleteAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("All workspaces must be deleted before a template can be removed.", refused.Message);

        _scope.Coder.Control.HoldJobs();
        var delete = await _scope.PostBuildAsync(workspace.Id(), "delete");
        Assert.Equal(HttpStatusCode.BadRequest, (await _scope.Api.DeleteAsync(path)).Status); // not deleted until the build ends
        _scope.Coder.Control.ReleaseJobs();
        await _scope.WaitForBuildAsync(delete.Body!.Id());

        var deleted = await _scope.Api.DeleteAsync(path);
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("Template has been deleted!", deleted.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await _scope.Api.GetAsync(path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _scope.Api.DeleteAsync(path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _scope.Api.GetAsync($"{OrgPath}/templates/doomed")).Status);
        Assert.Empty((await _scope.Api.GetAsync("/api/v2/templates")).Body!.AsArray());
        Assert.Single((await _scope.Api.GetAsync("/api/v2/templates?q=deleted:true")).Body!.AsArray());
        // Its versions stay readable, and the name is free again.
        Assert.Equal(HttpStatusCode.OK, (await _scope.Api.GetAsync($"/api/v2/templateversions/{template.S("active_version_id")}")).Status);
        await _scope.CreateTemplateAsync("doomed");
    }

    [Fact]
    public async Task Versions_ListInCreationOrder_AndArchiving_SkipsWhatIsInUse()
    {
        var template = await _scope.CreateTemplateAsync("versions");
        var failed = await _scope.ImportAsync("""{"import": {"fail": {"error": "x"}}}""", template.Id(), "broken");
        var spare = await _scope.ImportAsync(templateId: template.Id(), name: "spare");
        var path = $"/api/v2/templates/{template.Id()}/versions";

        var all = (await _scope.Api.GetAsync(path)).Body!.AsArray();
        Assert.Equal(3, all.Count);
        Assert.Equal(["broken", "spare"], all.Skip(1).Select(v => v!.S("name")));
        Assert.Equal(["spare"], (await _scope.Api.GetAsync($"{path}?after_id={failed.Id()}")).Body!.AsArray().Select(v => v!.S("name")));
        Assert.Single((await _scope.Api.GetAsync($"{path}?limit=1&offset=1")).Body!.AsArray());
        var missingCursor = Guid.NewGuid();
        Assert.Equal($"Record at \"after_id\" (\"{missingCursor}\") does not exists.", (await _scope.Api.GetAsync($"{path}?after_id={missingCursor}")).Message);

        var onlyFailed = await _scope.Api.PostAsync($"{path}/archive", new { });
        Assert.Equal([failed.Id().ToString()], onlyFailed.Body!["archived_ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(2, (await _scope.Api.GetAsync(path)).Body!.AsArray().Count);
        Assert.Equal(3, (await _scope.Api.GetAsync($"{path}?include_archived=true")).Body!.AsArray().Count);

        var active = await _scope.Api.PostAsync($"/api/v2/templateversions/{template.S("active_version_id")}/archive");
        Assert.Equal(HttpStatusCode.InternalServerError, active.Status);
        Assert.Equal("Unable to archive specified version, the version is likely in use by a workspace or currently set to the active version", active.Detail);
        Assert.Equal("Template version already archived", (await _scope.Api.PostAsync($"/api/v2/templateversions/{failed.Id()}/archive")).Message);
        var all2 = await _scope.Api.PostAsync($"{path}/archive", new { all = true });
        Assert.Equal([spare.Id().ToString()], all2.Body!["archived_ids"]!.AsArray().Select(i => i!.GetValue<string>()));
    }

    [Fact]
    public async Task Acl_StartsWithEveryone_AndFollowsCodersValidation()
    {
        var template = await _scope.CreateTemplateAsync("shared");
        var path = $"/api/v2/templates/{template.Id()}/acl";
        var acl = (await _scope.Api.GetAsync(path)).Body!;
        Assert.Empty(acl["users"]!.AsArray());
        var everyone = Assert.Single(acl["group"]!.AsArray())!;
        Assert.Equal("Everyone", everyone.S("name"));
        Assert.Equal("use", everyone.S("role"));

        var alice = await _scope.CreateUserAsync("alice");
        var unknown = Guid.NewGuid();
        var invalid = await _scope.Api.PatchAsync(path, new
        {
            user_perms = new Dictionary<string, string> { [alice.Id().ToString()] = "owner", [unknown.ToString()] = "use" },
            group_perms = new Dictionary<string, string> { ["not-a-uuid"] = "use" },
        });
        Assert.Equal("Invalid request to update template ACL", invalid.Message);
        Assert.Equal([
            ("group_perms", "not-a-uuid is not a valid UUID."),
            ("user_perms", "role \"owner\" is not a valid template role"),
            ("user_perms", $"user with ID {unknown} does not exist"),
        ], invalid.Validations.OrderBy(v => v.Field).ThenBy(v => v.Detail.StartsWith("role") ? 0 : 1).ToList());

        var updated = await _scope.Api.PatchAsync(path, new
        {
            user_perms = new Dictionary<string, string> { [alice.Id().ToString()] = "admin" },
            group_perms = new Dictionary<string, string> { [_scope.DefaultOrgId.ToString()] = "" },
        });
        Assert.Equal("Successfully updated template ACL list.", updated.Message);
        acl = (await _scope.Api.GetAsync(path)).Body!;
        Assert.Empty(acl["group"]!.AsArray());
        var user = Assert.Single(acl["users"]!.AsArray())!;
        Assert.Equal(("alice", "admin"), (user.S("username"), user.S("role")));

        _scope.Coder.Control.License.SetFeature("template_rbac", false);
        var forbidden = await _scope.Api.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.Equal("Template RBAC is a Premium feature. Contact sales!", forbidden.Message);
    }

    [Fact]
    public async Task Declaration_DescribesParametersVariablesAndReadme_AndBrokenOnesFailTheImport()
    {
        const string declaration = """
            {
              "parameters": [
                {"name": "size", "display_name": "Size", "type": "number", "validation": {"min": 1, "max": 4, "error": "1 to 4, not {value}"}, "order": 2},
                {"name": "region", "default": "eu", "options": [{"name": "Europe", "value": "eu"}, {"name": "US", "value": "us"}], "order": 1},
                {"name": "tools", "type": "list(string)", "form_type": "multi-select", "default": ["git"], "options": [{"name": "Git", "value": "git"}, {"name": "Vim", "value": "vim"}], "mutable": true},
                {"name": "debug", "type": "bool", "default": false, "mutable": true, "ephemeral": true}
              ],
              "variables": [{"name": "token", "sensitive": true, "default": "s3cret"}, {"name": "image", "default": "ubuntu"}]
            }
            """;
        var fileId = await _scope.UploadAsync(declaration, readme: "# Hello");
        var version = await _scope.WaitForVersionAsync((await _scope.PostVersionAsync(fileId, variables: new[] { new { name = "image", value = "debian" } })).Body!.Id());
        Assert.Equal("succeeded", version["job"]!.S("status"));
        Assert.Equal("# Hello", version.S("readme"));

        var parameters = (await _scope.Api.GetAsync($"/api/v2/templateversions/{version.Id()}/rich-parameters")).Body!.AsArray();
        Assert.Equal(["debug", "tools", "region", "size"], parameters.Select(p => p!.S("name")));
        var size = parameters[3]!;
        Assert.True(size["required"]!.GetValue<bool>());
        Assert.Equal("input", size.S("form_type"));
        Assert.Equal(4, size["validation_max"]!.GetValue<int>());
        Assert.Equal("Size", size.S("display_name"));
        Assert.Equal("radio", parameters[2]!.S("form_type"));
        Assert.Equal("[\"git\"]", parameters[1]!.S("default_value"));
        Assert.Equal("checkbox", parameters[0]!.S("form_type"));
        Assert.False(parameters[0]!.AsObject().ContainsKey("display_name"));

        var variables = (await _scope.Api.GetAsync($"/api/v2/templateversions/{version.Id()}/variables")).Body!.AsArray();
        Assert.Equal(("*redacted*", "*redacted*"), (variables[0]!.S("value"), variables[0]!.S("default_value")));
        Assert.Equal(("debian", "ubuntu"), (variables[1]!.S("value"), variables[1]!.S("default_value")));

        var broken = await _scope.ImportAsync("""{"parameters": [{"name": "region", "default": "mars", "options": [{"name": "Earth", "value": "earth"}]}]}""");
        Assert.Equal("failed", broken["job"]!.S("status"));
        Assert.Equal("coder-double.json: parameter \"region\": default value \"mars\" must be defined as one of options", broken["job"]!.S("error"));
        var typo = await _scope.ImportAsync("""{"paramters": []}""");
        Assert.StartsWith("coder-double.json: ", typo["job"]!.S("error"));

        var needsVariable = await _scope.ImportAsync("""{"variables": [{"name": "region"}, {"name": "zone"}]}""");
        Assert.Equal("update job: required template variables need values: region, zone", needsVariable["job"]!.S("error"));
        Assert.Equal("REQUIRED_TEMPLATE_VARIABLES", needsVariable["job"]!.S("error_code"));
    }

    [Fact]
    public async Task List_SearchesLikeCoderd()
    {
        await _scope.CreateTemplateAsync("alpha", settings: new { display_name = "Alpha Docker" });
        await _scope.CreateTemplateAsync("beta");
        var names = async (string query) => (await _scope.Api.GetAsync($"/api/v2/templates?q={Uri.EscapeDataString(query)}")).Body!.AsArray().Select(t => t!.S("name")).ToList();

        Assert.Equal(["alpha", "beta"], await names(""));
        Assert.Equal(["alpha"], await names("docker"));
        Assert.Equal(["beta"], await names("exact_name:BETA"));
        Assert.Equal(["alpha"], await names("name:lph author:me"));
        Assert.Equal(["alpha", "beta"], await names("organization:coder"));
        var bad = await _scope.Api.GetAsync("/api/v2/templates?q=color:blue");
        Assert.Equal("Invalid template search query.", bad.Message);
        Assert.Equal([("color", "\"color\" is not a valid query param")], bad.Validations);
        Assert.Equal(["beta"], (await _scope.Api.GetAsync($"{OrgPath}/templates?q=exact_name:beta")).Body!.AsArray().Select(t => t!.S("name")));
    }
}

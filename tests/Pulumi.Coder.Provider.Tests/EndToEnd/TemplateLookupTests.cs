using System.Collections.Immutable;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>Template files for the lookup tests: a folder whose coder-double.json declares what Terraform would
/// report (a parameter with options and validation, a plain and a sensitive variable).</summary>
internal sealed class LookupTemplateFolder : IDisposable
{
    public const string SensitiveDefault = "k-lookup-123";
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("template-lookup-");

    public string Create(string name, string comment = "")
    {
        var folder = Path.Combine(root.FullName, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main.tf"), $"resource \"null_resource\" \"dev\" {{}}\n{comment}");
        File.WriteAllText(Path.Combine(folder, "coder-double.json"), $$$"""
            {"parameters": [{"name": "cpus", "type": "number", "default": "2", "mutable": true,
                             "options": [{"name": "Two", "value": "2"}, {"name": "Four", "value": "4", "description": "more"}],
                             "validation": {"monotonic": "increasing"}}],
             "variables": [{"name": "api_key", "type": "string", "default": "{{{SensitiveDefault}}}", "sensitive": true},
                           {"name": "image", "type": "string", "default": "ubuntu"}]}
            """);
        return folder;
    }

    public void Dispose() => root.Delete(recursive: true);
}

/// <summary>getTemplate and getTemplateVersion through the plugin binary against the Coder double.</summary>
[Collection(PluginCollection.Name)]
public sealed class TemplateLookupTests(PluginFixture fixture) : IDisposable
{
    private const string Template = "coder:index:Template";
    private const string Version = "coder:index:TemplateVersion";
    private const string GetTemplate = "coder:index:getTemplate";
    private const string GetTemplateVersion = "coder:index:getTemplateVersion";
    private readonly LookupTemplateFolder folders = new();
    private EngineDriver Engine => fixture.Engine;

    public void Dispose() => folders.Dispose();

    private async Task<ImmutableDictionary<string, PropertyValue>> InvokeAsync(string token, ImmutableDictionary<string, PropertyValue> args)
    {
        var result = await Engine.InvokeAsync(token, args);
        Assert.Empty(result.Failures);
        return result.Return;
    }

    private static ImmutableDictionary<string, PropertyValue> Fields(PropertyValue value) =>
        value.TryGetMap(out var map) ? map : throw new InvalidOperationException($"{value} is not an object");

    private static ImmutableArray<PropertyValue> Items(PropertyValue value) =>
        value.TryGetArray(out var items) ? items : throw new InvalidOperationException($"{value} is not a list");

    [Fact]
    public async Task getTemplate_by_id_returns_every_setting_as_the_Template_resource_reports_it()
    {
        var template = await Engine.CreateAsync(Template, "looked-up", Map(
            ("name", "looked-up"),
            ("source", WireValues.FileArchive(folders.Create("looked-up"))),
            ("displayName", "Looked up"),
            ("description", "found by id"),
            ("defaultTtlMs", 3_600_000),
            ("allowUserCancelWorkspaceJobs", false),
            ("autostopRequirement", new Dictionary<string, object?> { ["daysOfWeek"] = new[] { "sunday", "saturday" }, ["weeks"] = 2 }),
            ("timeTilDormantMs", 86_400_000),
            ("maxPortShareLevel", "organization")));

        var found = await InvokeAsync(GetTemplate, Map(("id", template.Id)));

        Assert.Equal(Of(template.Id), found["id"]);
        // Every output the resource reports is the function's too, with the same value (the resource leaves out the
        // requirements and the ACL the program does not manage; the function never does).
        Assert.Equal(["acl", "autostartRequirement", "id"], found.Keys.Except(template.Outputs.Keys).Order(StringComparer.Ordinal));
        foreach (var name in found.Keys.Intersect(template.Outputs.Keys))
            Assert.True(template.Outputs[name].Equals(found[name]), $"{name}: getTemplate {found[name]}, Template {template.Outputs[name]}");
        Assert.Equal(Of("found by id"), found["description"]);
        Assert.Equal(Of(3_600_000), found["defaultTtlMs"]);
        Assert.Equal(Of(false), found["allowUserCancelWorkspaceJobs"]);
        Assert.Equal(Of(86_400_000), found["timeTilDormantMs"]);
        Assert.Equal(Of("organization"), found["maxPortShareLevel"]);
        Assert.Equal(Of(new Dictionary<string, object?> { ["daysOfWeek"] = new[] { "saturday", "sunday" }, ["weeks"] = 2 }), found["autostopRequirement"]);
        // Unmanaged by the resource, yet always returned by the lookup.
        Assert.Equal(Of(new Dictionary<string, object?> { ["daysOfWeek"] = new[] { "friday", "monday", "saturday", "sunday", "thursday", "tuesday", "wednesday" } }), found["autostartRequirement"]);
        Assert.Equal(Of(fixture.Coder.Seed.DefaultOrganizationId.ToString()), found["organizationId"]);
        Assert.Equal(template.Outputs["activeVersionId"], found["activeVersionId"]);
        foreach (var computed in new[] { "activeUserCount", "deprecated", "createdAt", "updatedAt", "everyoneAccess", "acl" })
            Assert.True(found.ContainsKey(computed), computed);

        await Engine.DeleteAsync(template);
    }

    [Fact]
    public async Task getTemplate_by_name_looks_in_the_given_organization_else_the_providers_default()
    {
        var organization = await Engine.CreateAsync("coder:index:Organization", "lookups-org", Map(("name", "lookups-org")));
        var inDefault = await Engine.CreateAsync(Template, "same-name", Map(("name", "same-name"), ("description", "default organization"),
            ("source", WireValues.FileArchive(folders.Create("default-org")))));
        var inOther = await Engine.CreateAsync(Template, "same-name-other", Map(("name", "same-name"), ("description", "other organization"),
            ("organizationId", organization.Id), ("source", WireValues.FileArchive(folders.Create("other-org")))));

        var byDefault = await InvokeAsync(GetTemplate, Map(("name", "same-name")));
        Assert.Equal(Of(inDefault.Id), byDefault["id"]);
        Assert.Equal(Of("default organization"), byDefault["description"]);
        var byOrganization = await InvokeAsync(GetTemplate, Map(("name", "same-name"), ("organizationId", organization.Id)));
        Assert.Equal(Of(inOther.Id), byOrganization["id"]);
        Assert.Equal(Of(organization.Id), byOrganization["organizationId"]);

        await Engine.DeleteAsync(inOther);
        await Engine.DeleteAsync(inDefault);
        await Engine.DeleteAsync(organization);
    }

    [Fact]
    public async Task getTemplate_that_finds_nothing_fails_naming_what_it_looked_for_and_wrong_arguments_are_refused()
    {
        var missingId = Guid.NewGuid().ToString();
        var byId = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetTemplate, Map(("id", missingId))));
        Assert.Contains($"getTemplate: no template with id \"{missingId}\"", byId.Status.Detail);

        var byName = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetTemplate, Map(("name", "no-such-template"))));
        Assert.Contains($"no template named \"no-such-template\" in organization {fixture.Coder.Seed.DefaultOrganizationId}", byName.Status.Detail);

        // A template deleted in Coder is not found either.
        var deleted = await Engine.CreateAsync(Template, "deleted-lookup", Map(("name", "deleted-lookup"), ("source", WireValues.FileArchive(folders.Create("deleted")))));
        await Engine.DeleteAsync(deleted);
        var gone = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetTemplate, Map(("id", deleted.Id))));
        Assert.Contains($"no template with id \"{deleted.Id}\"", gone.Status.Detail);

        Assert.Equal("id", Assert.Single((await Engine.InvokeAsync(GetTemplate, Map())).Failures).Property);
        Assert.Equal("id", Assert.Single((await Engine.InvokeAsync(GetTemplate, Map(("id", missingId), ("name", "x")))).Failures).Property);
        Assert.Equal("organizationId", Assert.Single((await Engine.InvokeAsync(GetTemplate,
            Map(("id", missingId), ("organizationId", fixture.Coder.Seed.DefaultOrganizationId.ToString())))).Failures).Property);
        Assert.Equal("id", Assert.Single((await Engine.InvokeAsync(GetTemplate, Map(("id", "not-a-uuid")))).Failures).Property);
    }

    [Fact]
    public async Task getTemplateVersion_by_id_and_by_template_and_name_returns_status_parameters_and_variables_without_sensitive_defaults()
    {
        var template = await Engine.CreateAsync(Template, "versioned", Map(("name", "versioned"), ("source", WireValues.FileArchive(folders.Create("v1")))));
        var canary = await Engine.CreateAsync(Version, "versioned-canary", Map(("templateId", template.Id), ("name", "canary-1"),
            ("message", "try the new image"), ("source", WireValues.FileArchive(folders.Create("v2", "# canary\n")))));

        var active = await InvokeAsync(GetTemplateVersion, Map(("id", template.Outputs["activeVersionId"])));
        Assert.Equal(template.Outputs["activeVersionId"], active["id"]);
        Assert.Equal(Of(template.Id), active["templateId"]);
        Assert.Equal(Of(true), active["active"]);
        Assert.Equal(Of("succeeded"), active["jobStatus"]);

        var byName = await InvokeAsync(GetTemplateVersion, Map(("templateId", template.Id), ("name", "canary-1")));
        Assert.Equal(Of(canary.Id), byName["id"]);
        Assert.Equal(Of("canary-1"), byName["name"]);
        Assert.Equal(Of("try the new image"), byName["message"]);
        Assert.Equal(Of(false), byName["active"]);
        Assert.Equal(Of("succeeded"), byName["jobStatus"]);
        Assert.Equal(canary.Outputs["createdAt"], byName["createdAt"]);
        // The same parameters and variables as the TemplateVersion resource reports.
        Assert.Equal(canary.Outputs["parameters"], byName["parameters"]);
        Assert.Equal(canary.Outputs["variables"], byName["variables"]);

        var cpus = Fields(Assert.Single(Items(byName["parameters"])));
        Assert.Equal(Of("cpus"), cpus["name"]);
        Assert.Equal(Of("number"), cpus["type"]);
        Assert.Equal(Of("2"), cpus["defaultValue"]);
        Assert.Equal(Of(true), cpus["mutable"]);
        Assert.Equal(Of("increasing"), cpus["validationMonotonic"]);
        Assert.Equal([Of("2"), Of("4")], Items(cpus["options"]).Select(o => Fields(o)["value"]));
        var variables = Items(byName["variables"]).Select(Fields).ToList();
        var apiKey = variables.Single(v => v["name"].Equals(Of("api_key")));
        Assert.Equal(Of(true), apiKey["sensitive"]);
        Assert.Equal(Of(""), apiKey["defaultValue"]);
        var image = variables.Single(v => v["name"].Equals(Of("image")));
        Assert.Equal(Of("ubuntu"), image["defaultValue"]);
        Assert.DoesNotContain(LookupTemplateFolder.SensitiveDefault, byName.ToString() + string.Join(",", byName.Values));

        await Engine.DeleteAsync(template);
        await Engine.DeleteAsync(canary);
    }

    [Fact]
    public async Task getTemplateVersion_that_finds_nothing_fails_naming_what_it_looked_for_and_wrong_arguments_are_refused()
    {
        var template = await Engine.CreateAsync(Template, "few-versions", Map(("name", "few-versions"), ("source", WireValues.FileArchive(folders.Create("few")))));

        var noVersion = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetTemplateVersion, Map(("templateId", template.Id), ("name", "v-missing"))));
        Assert.Contains($"template \"few-versions\" ({template.Id}) has no version named \"v-missing\"", noVersion.Status.Detail);
        var missingTemplate = Guid.NewGuid().ToString();
        var noTemplate = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetTemplateVersion, Map(("templateId", missingTemplate), ("name", "v1"))));
        Assert.Contains($"no template with id \"{missingTemplate}\"", noTemplate.Status.Detail);
        var missingVersion = Guid.NewGuid().ToString();
        var noId = await Assert.ThrowsAsync<RpcException>(() => Engine.InvokeAsync(GetTemplateVersion, Map(("id", missingVersion))));
        Assert.Contains($"getTemplateVersion: no template version with id \"{missingVersion}\"", noId.Status.Detail);

        Assert.Equal("templateId", Assert.Single((await Engine.InvokeAsync(GetTemplateVersion, Map(("name", "v1")))).Failures).Property);
        Assert.Equal("name", Assert.Single((await Engine.InvokeAsync(GetTemplateVersion, Map(("templateId", template.Id)))).Failures).Property);
        Assert.Equal("id", Assert.Single((await Engine.InvokeAsync(GetTemplateVersion, Map(("id", missingVersion), ("name", "v1")))).Failures).Property);

        await Engine.DeleteAsync(template);
    }
}

/// <summary>getTemplate's ACL follows the license: Coder shows a template's ACL only with <c>template_rbac</c>.</summary>
public sealed class TemplateLookupLicenseTests : OwnPluginTest, IDisposable
{
    private readonly LookupTemplateFolder folders = new();

    public void Dispose() => folders.Dispose();

    [Fact]
    public async Task getTemplate_returns_the_acl_and_everyone_access_with_template_rbac_and_leaves_them_unset_without()
    {
        var engine = Fixture.Engine;
        var ada = await engine.CreateAsync("coder:index:User", "acl-ada", Map(("username", "acl-ada"), ("email", "acl-ada@example.com"), ("loginType", "oidc")));
        var group = await engine.CreateAsync("coder:index:Group", "acl-devs", Map(("name", "acl-devs")));
        var template = await engine.CreateAsync("coder:index:Template", "acl-lookup", Map(
            ("name", "acl-lookup"),
            ("source", WireValues.FileArchive(folders.Create("acl"))),
            ("acl", new Dictionary<string, object?>
            {
                ["users"] = new[] { new Dictionary<string, object?> { ["id"] = ada.Id, ["role"] = "admin" } },
                ["groups"] = new[] { new Dictionary<string, object?> { ["id"] = group.Id, ["role"] = "use" } },
            }),
            ("everyoneAccess", "none")));

        var licensed = (await engine.InvokeAsync("coder:index:getTemplate", Map(("id", template.Id)))).Return;
        Assert.Equal(template.Outputs["acl"], licensed["acl"]);
        Assert.Equal(Of(new Dictionary<string, object?>
        {
            ["users"] = new[] { new Dictionary<string, object?> { ["id"] = ada.Id, ["role"] = "admin" } },
            ["groups"] = new[] { new Dictionary<string, object?> { ["id"] = group.Id, ["role"] = "use" } },
        }), licensed["acl"]);
        Assert.Equal(Of("none"), licensed["everyoneAccess"]);

        // Without the feature coderd answers the ACL with 403: the lookup still succeeds, without the ACL.
        Fixture.Coder.Control.License.SetFeature("template_rbac", false);
        await engine.ConfigureAsync(Fixture.Config);
        var unlicensed = await engine.InvokeAsync("coder:index:getTemplate", Map(("name", "acl-lookup")));
        Assert.Empty(unlicensed.Failures);
        Assert.Equal(Of(template.Id), unlicensed.Return["id"]);
        Assert.False(unlicensed.Return.ContainsKey("acl"), "acl is set without template_rbac");
        Assert.False(unlicensed.Return.ContainsKey("everyoneAccess"), "everyoneAccess is set without template_rbac");
        Assert.Equal(licensed.Remove("acl").Remove("everyoneAccess").Keys.Order(), unlicensed.Return.Keys.Order());
    }
}

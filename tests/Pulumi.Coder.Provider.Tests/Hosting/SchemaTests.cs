using System.Text.Json;
using Pulumi.Coder.Provider.Hosting;

namespace Pulumi.Coder.Provider.Tests.Hosting;

public class SchemaTests
{
    [Fact]
    public void The_committed_schema_json_is_what_the_provider_produces()
    {
        var committed = File.ReadAllText(RepositoryFiles.PathOf("schema.json"));
        var produced = ProviderCatalog.CreateDefault(buildSchema: true).Schema;
        Assert.True(committed == produced,
            "schema.json is out of date with the resource definitions: run `make schema` and commit the result.");
    }

    [Fact]
    public void The_schema_names_the_package_and_its_version_and_marks_the_token_and_headers_secret()
    {
        using var schema = JsonDocument.Parse(ProviderCatalog.CreateDefault().Schema);
        var root = schema.RootElement;
        Assert.Equal("coder", root.GetProperty("name").GetString());
        Assert.Equal(ProviderCatalog.ProviderVersion, root.GetProperty("version").GetString());
        var variables = root.GetProperty("config").GetProperty("variables");
        Assert.Equal("CODER_SESSION_TOKEN", variables.GetProperty("token").GetProperty("defaultInfo").GetProperty("environment")[0].GetString());
        // Headers often carry a proxy's credentials.
        foreach (var name in new[] { "token", "headers" })
        {
            Assert.True(variables.GetProperty(name).GetProperty("secret").GetBoolean(), $"config variable {name} is secret");
            Assert.True(root.GetProperty("provider").GetProperty("inputProperties").GetProperty(name).GetProperty("secret").GetBoolean(), $"provider input {name} is secret");
        }
    }

    [Fact]
    public void The_plugin_download_url_points_the_Pulumi_CLI_at_the_releases_of_the_schemas_repository()
    {
        // The CLI turns github://<api host>/<owner>/<repository> into GET /repos/<owner>/<repository>/releases/tags/v<version>
        // on that host; the repository must be the one the schema (and the SDK package) names.
        using var schema = JsonDocument.Parse(ProviderCatalog.CreateDefault().Schema);
        var root = schema.RootElement;
        var repository = new Uri(root.GetProperty("repository").GetString()!);
        Assert.Equal("github.com", repository.Host);

        var download = new Uri(root.GetProperty("pluginDownloadURL").GetString()!);

        Assert.Equal("github", download.Scheme);
        Assert.Equal("api.github.com", download.Host);
        Assert.Equal(repository.AbsolutePath.Trim('/'), download.AbsolutePath.Trim('/'));
        Assert.Equal(2, download.AbsolutePath.Trim('/').Split('/').Length);
    }

    [Fact]
    public void Outputs_coder_always_returns_are_required_even_when_optional_as_inputs()
    {
        // Required outputs make the SDK's Output<T> non-nullable: `group.OrganizationId` is an Output<string>.
        using var schema = JsonDocument.Parse(ProviderCatalog.CreateDefault().Schema);
        var group = schema.RootElement.GetProperty("resources").GetProperty("coder:index:Group");
        string[] Names(string list) => [.. group.GetProperty(list).EnumerateArray().Select(e => e.GetString()!)];

        Assert.Equal(["name"], Names("requiredInputs"));
        Assert.Equal(["avatarUrl", "displayName", "members", "name", "organizationId", "quotaAllowance", "source"], Names("required"));

        var user = schema.RootElement.GetProperty("resources").GetProperty("coder:index:User");
        var userOutputs = user.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToList();
        // A service account has no email, and the password is never an output.
        Assert.DoesNotContain("email", userOutputs);
        Assert.DoesNotContain("password", userOutputs);
        Assert.Contains("organizationIds", userOutputs);
    }

    [Fact]
    public void Properties_that_force_a_replacement_say_so_on_the_outputs_as_well_as_the_inputs()
    {
        // Pulumi's codegen for Node.js, Python and Go reads willReplaceOnChanges from a resource's output
        // `properties` (into the replaceOnChanges the SDK passes to the engine), not from its inputProperties.
        using var schema = JsonDocument.Parse(ProviderCatalog.CreateDefault().Schema);
        var checkedProperties = new List<string>();
        foreach (var resource in schema.RootElement.GetProperty("resources").EnumerateObject())
        {
            var outputs = resource.Value.GetProperty("properties");
            foreach (var input in resource.Value.GetProperty("inputProperties").EnumerateObject())
            {
                if (!input.Value.TryGetProperty("willReplaceOnChanges", out _)) continue;
                // A write-only input (a template version's source) has no output to mark.
                if (!outputs.TryGetProperty(input.Name, out var output)) continue;
                Assert.True(output.TryGetProperty("willReplaceOnChanges", out var flag) && flag.GetBoolean(),
                    $"{resource.Name}: output property {input.Name} forces a replacement as an input but does not say so as an output");
                checkedProperties.Add($"{resource.Name}.{input.Name}");
            }
        }
        Assert.Contains("coder:index:User.email", checkedProperties);
        Assert.Contains("coder:index:Workspace.templateId", checkedProperties);
    }

    [Fact]
    public void The_package_description_names_every_resource_and_nothing_else()
    {
        using var schema = JsonDocument.Parse(ProviderCatalog.CreateDefault().Schema);
        var description = schema.RootElement.GetProperty("description").GetString()!;
        var named = description[(description.IndexOf('(') + 1)..description.IndexOf(')')]
            .Replace(" and ", ", ").Split(", ").ToHashSet();
        var resources = schema.RootElement.GetProperty("resources").EnumerateObject()
            .Select(r => r.Name["coder:index:".Length..]).ToList();
        Assert.Equal(resources.Count, named.Count);
        foreach (var resource in resources)
        {
            // TemplateVersion is "template versions".
            var plural = string.Concat(resource.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())) + "s";
            Assert.Contains(plural, named);
        }
    }

    [Fact]
    public void The_version_is_semver()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", ProviderCatalog.ProviderVersion);
    }

    /// <summary>The engine's first GetSchema must not wait for the schema to be built by reflection over every
    /// definition (hundreds of milliseconds): the plugin serves the schema.json compiled into it.</summary>
    [Fact]
    public void The_plugin_serves_the_schema_compiled_into_it_rather_than_building_it()
    {
        Assert.Equal("{\"compiled\":true}", new ProviderCatalog("1.0.0", [], [], precompiledSchema: "{\"compiled\":true}").Schema);
        Assert.Equal(File.ReadAllText(RepositoryFiles.PathOf("schema.json")), ProviderCatalog.CreateDefault().Schema);
    }
}

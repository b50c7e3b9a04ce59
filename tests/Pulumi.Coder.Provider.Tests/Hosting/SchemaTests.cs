using System.Text.Json;
using Pulumi.Coder.Provider.Hosting;

namespace Pulumi.Coder.Provider.Tests.Hosting;

public class SchemaTests
{
    [Fact]
    public void The_committed_schema_json_is_what_the_provider_produces()
    {
        var committed = File.ReadAllText(RepositoryFiles.PathOf("schema.json"));
        var produced = ProviderCatalog.CreateDefault().Schema;
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
    public void The_version_is_semver()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", ProviderCatalog.ProviderVersion);
    }
}

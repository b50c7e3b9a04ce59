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
    public void The_schema_names_the_package_and_its_version_and_marks_the_token_secret()
    {
        using var schema = JsonDocument.Parse(ProviderCatalog.CreateDefault().Schema);
        var root = schema.RootElement;
        Assert.Equal("coder", root.GetProperty("name").GetString());
        Assert.Equal(ProviderCatalog.ProviderVersion, root.GetProperty("version").GetString());
        var token = root.GetProperty("config").GetProperty("variables").GetProperty("token");
        Assert.True(token.GetProperty("secret").GetBoolean());
        Assert.Equal("CODER_SESSION_TOKEN", token.GetProperty("defaultInfo").GetProperty("environment")[0].GetString());
        Assert.True(root.GetProperty("provider").GetProperty("inputProperties").GetProperty("token").GetProperty("secret").GetBoolean());
    }

    [Fact]
    public void The_version_is_semver()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", ProviderCatalog.ProviderVersion);
    }
}

using System.Collections.Immutable;
using AutomationService;
using Moq;
using Pulumi;
using Pulumi.Coder;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace PlatformStack.Tests;

/// <summary>The team-templates program and its request: one template per template folder, named for the team, and
/// requests that could not work refused naming the field.</summary>
[Collection(StackConfiguration.Name)]
public sealed class TeamTemplatesTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("team-templates-");

    public TeamTemplatesTests()
    {
        foreach (var name in new[] { "docker", "kubernetes" })
            File.WriteAllText(Path.Combine(folder.CreateSubdirectory(name).FullName, "main.tf"), "# template\n");
        folder.CreateSubdirectory("docs"); // no .tf files: not a template
        File.WriteAllText(Path.Combine(folder.CreateSubdirectory(".git").FullName, "main.tf"), "# hidden\n");
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static Mock<IMocks> Mocks()
    {
        var mocks = new Mock<IMocks>();
        mocks.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .ReturnsAsync((MockResourceArgs args) =>
                ($"{args.Name}-id", (object)args.Inputs.ToBuilder().ToImmutable().Add("activeVersionId", $"{args.Name}-v1")));
        return mocks;
    }

    private Task<(ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs)> RunAsync()
    {
        StackConfiguration.Set(new Dictionary<string, string>
        {
            ["teamTemplates:team"] = "data-eng",
            ["teamTemplates:folder"] = folder.FullName,
        });
        return Deployment.TestAsync(Mocks().Object, new TestOptions { IsPreview = false, ProjectName = "team-templates", StackName = "templates-data-eng" },
            () => (IDictionary<string, object?>)TeamTemplates.Define());
    }

    [Fact]
    public async Task Every_template_folder_becomes_a_template_named_for_the_team_and_its_active_version_is_reported()
    {
        var (resources, outputs) = await RunAsync();

        var templates = resources.OfType<Template>().ToList();
        Assert.Equal(["data-eng-docker", "data-eng-kubernetes"], await Task.WhenAll(templates.Select(t => OutputUtilities.GetValueAsync(t.Name))));
        var reported = await OutputUtilities.GetValueAsync((Output<ImmutableDictionary<string, ImmutableDictionary<string, string>>>)outputs["templates"]!);
        Assert.Equal("data-eng-docker-v1", reported["data-eng-docker"]["activeVersionId"]);
    }

    [Fact]
    public void A_request_becomes_configuration_with_the_token_secret()
    {
        var config = new TeamTemplatesRequest("https://coder.example.com", "tok-en", folder.FullName, "release 7").ToConfig("data-eng");

        Assert.True(config["coder:token"].IsSecret);
        Assert.Equal("data-eng", config["teamTemplates:team"].Value);
        Assert.Equal("release 7", config["teamTemplates:message"].Value);
    }

    [Theory]
    [InlineData("Data_Eng", null, "team")]
    [InlineData("data-eng", "/no/such/folder", "folder")]
    [InlineData("data-eng", "docs", "folder")]
    public void Requests_that_cannot_work_are_refused_naming_the_field(string team, string? subfolder, string field)
    {
        var path = subfolder is null ? folder.FullName : subfolder.StartsWith('/') ? subfolder : Path.Combine(folder.FullName, subfolder);

        var error = Assert.Throws<ArgumentException>(() => new TeamTemplatesRequest("https://coder.example.com", "t", path).ToConfig(team));

        Assert.StartsWith(field, error.Message);
    }
}

using Pulumi.Coder.Demo;

namespace PlatformStack.Tests;

/// <summary><c>make demo</c>'s own run (without the Pulumi CLI, as CI has none): the example applied to the Coder
/// double by the plugin, one update, a refresh and a destroy.</summary>
[Collection(StackConfiguration.Name)]
public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_applies_the_example_makes_exactly_one_version_on_the_update_and_destroys_everything()
    {
        var output = new StringWriter();
        var summary = await PlatformDemo.RunAsync(output, preferPulumiCli: false);
        var text = output.ToString();

        Assert.Contains("an engine-like driver stands in for the engine", text);
        Assert.Equal(2, summary.VersionsAfterUp);   // the template's first version and the canary
        Assert.Equal(["update coder:index:Template docker"], summary.UpdateChanges);
        Assert.Equal(summary.VersionsAfterUp + 1, summary.VersionsAfterUpdate);
        Assert.Equal((0, 0), (summary.TemplatesLeft, summary.WorkspacesLeft));
        Assert.Empty(summary.DevelopersLeft);
        Assert.True(summary.Succeeded);
        // Every resource of the example is printed with its id, and the plugin's progress reports with them.
        foreach (var resource in new[] { "coder:index:User ada", "coder:index:Group developers", "coder:index:Template docker",
                     "coder:index:TemplateVersion docker-canary", "coder:index:Workspace ada-dev" })
            Assert.Matches($@"\+\s+{resource}: create \(id [0-9a-f-]{{36}}\)", text);
        Assert.Contains(" log ", text);
    }
}

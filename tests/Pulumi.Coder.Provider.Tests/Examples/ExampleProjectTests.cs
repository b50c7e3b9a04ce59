using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Pulumi.Coder.Provider.Tests.Examples;

public class ExampleProjectTests
{
    [Fact]
    public void Every_example_project_takes_the_coder_plugin_from_the_folder_make_build_publishes_it_to()
    {
        var publishFolder = Path.GetFullPath(RepositoryFiles.PathOf(MakeBuildPublishFolder()));
        var projects = Directory.GetFiles(RepositoryFiles.PathOf("examples"), "Pulumi.yaml", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToList();
        Assert.NotEmpty(projects);

        foreach (var project in projects)
        {
            var yaml = new YamlStream();
            using (var reader = File.OpenText(project)) yaml.Load(reader);
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            var providers = root.Children.TryGetValue("plugins", out var plugins)
                && ((YamlMappingNode)plugins).Children.TryGetValue("providers", out var list)
                ? ((YamlSequenceNode)list).Children.Cast<YamlMappingNode>().ToList()
                : [];
            var coder = providers.SingleOrDefault(p => Scalar(p, "name") == "coder");
            Assert.True(coder is not null, $"{project}: no `plugins: providers:` entry named coder, so the Pulumi CLI " +
                "looks for an installed plugin instead of the one `make build` publishes");
            // The CLI resolves the path against the project's folder.
            var path = Scalar(coder!, "path") ?? throw new Xunit.Sdk.XunitException($"{project}: the coder plugin entry has no path");
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, path));
            Assert.True(Path.TrimEndingDirectorySeparator(resolved) == Path.TrimEndingDirectorySeparator(publishFolder),
                $"{project}: the coder plugin path {path} resolves to {resolved}, not to {publishFolder} where `make build` publishes it");
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;

    /// <summary>The output folder of the plugin's publish in the Makefile's build target, relative to the repository.</summary>
    private static string MakeBuildPublishFolder()
    {
        var makefile = File.ReadAllText(RepositoryFiles.PathOf("Makefile"));
        // Only the build target's recipe: other targets (release archives) publish elsewhere.
        var build = Regex.Match(makefile, @"^build:.*?\n(?:\t.*\n?)+", RegexOptions.Multiline);
        Assert.True(build.Success, "the Makefile has no build target");
        var publish = Regex.Match(build.Value, @"^\t\$\(DOTNET\) publish provider/Pulumi\.Coder\.Provider\b.*?\s-o\s+(\S+)", RegexOptions.Multiline);
        Assert.True(publish.Success, "the Makefile's build target has no `dotnet publish provider/Pulumi.Coder.Provider … -o <folder>`");
        return publish.Groups[1].Value;
    }
}

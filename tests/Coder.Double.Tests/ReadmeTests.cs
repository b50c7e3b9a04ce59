using System.Text.RegularExpressions;
using Coder.Double.Infrastructure;
using Pulumi.Coder.Testing;

namespace Coder.Double.Tests;

/// <summary>The double's README is where test writers learn its control surface: it must list exactly its routes.</summary>
public sealed partial class ReadmeTests
{
    [GeneratedRegex("""control\.Map(Get|Post|Put|Delete|Patch)\("([^"]*)"\s*,""")]
    private static partial Regex MappedRoute();

    // A row of the README's route table: | `METHOD /__double/path` | …
    [GeneratedRegex(@"^\| `(GET|POST|PUT|DELETE|PATCH) (/__double/[^`]*)` \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedRoute();

    [Fact]
    public async Task The_readme_documents_every_control_route_and_no_other()
    {
        var source = await File.ReadAllTextAsync(RepositoryFiles.PathOf("tests/Coder.Double/Control/ControlEndpoints.cs"));
        var readme = await File.ReadAllTextAsync(RepositoryFiles.PathOf("tests/Coder.Double/README.md"));

        var mapped = MappedRoute().Matches(source)
            .Select(m => $"{m.Groups[1].Value.ToUpperInvariant()} {ControlPaths.Prefix}{m.Groups[2].Value}")
            .Order(StringComparer.Ordinal).ToList();
        var documented = DocumentedRoute().Matches(readme)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}")
            .Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(mapped);
        Assert.Equal(mapped, documented);
    }
}

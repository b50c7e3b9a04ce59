using Pulumi.Coder.SdkGen.Schema;

namespace Pulumi.Coder.SdkGen.Tests;

/// <summary>The committed sdk/dotnet is exactly what the generator makes of the committed schema.json.</summary>
public class CommittedSdkTests
{
    private const string Remedy = "sdk/dotnet is out of date with schema.json: run `make schema` (or `make sdk`) and commit the result";

    [Fact]
    public async Task The_committed_sdk_is_what_the_generator_makes_of_the_committed_schema()
    {
        var schema = PackageSpec.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("schema.json")));
        var expected = SdkGenerator.Generate(schema);
        var sdk = RepositoryFiles.PathOf("sdk/dotnet");

        var committed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in SdkWriter.ExistingFiles(sdk))
            committed[SdkWriter.Relative(sdk, path)] = await File.ReadAllTextAsync(path);

        var missing = expected.Keys.Except(committed.Keys).Order(StringComparer.Ordinal).ToList();
        var extra = committed.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).ToList();
        var different = expected.Keys.Intersect(committed.Keys).Where(path => expected[path] != committed[path])
            .Order(StringComparer.Ordinal).ToList();

        foreach (var (path, bytes) in SdkGenerator.Assets)
        {
            var file = Path.Combine(sdk, path);
            if (!File.Exists(file)) missing.Add(path);
            else if (!(await File.ReadAllBytesAsync(file)).AsSpan().SequenceEqual(bytes)) different.Add(path);
            extra.Remove(path);
        }

        Assert.True(missing.Count + extra.Count + different.Count == 0,
            $"{Remedy}.\n  missing: {string.Join(", ", missing)}\n  not generated: {string.Join(", ", extra)}\n  different: {string.Join(", ", different)}");
    }

    /// <summary>The SDK package asks for the Pulumi version the repository builds and tests it with, no other.</summary>
    [Fact]
    public async Task The_schema_asks_for_the_pulumi_version_the_repository_builds_with()
    {
        var schema = PackageSpec.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("schema.json")));
        var central = System.Xml.Linq.XDocument.Load(RepositoryFiles.PathOf("Directory.Packages.props"))
            .Descendants("PackageVersion").Single(p => (string?)p.Attribute("Include") == "Pulumi");

        Assert.Equal((string?)central.Attribute("Version"), schema.Language?.Csharp?.PackageReferences["Pulumi"]);
    }
}

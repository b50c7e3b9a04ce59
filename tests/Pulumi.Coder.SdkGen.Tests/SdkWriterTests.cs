using System.Text.Json.Nodes;
using Pulumi.Coder.SdkGen.Schema;

namespace Pulumi.Coder.SdkGen.Tests;

public class SdkWriterTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string CoderSchema() => File.ReadAllText(RepositoryFiles.PathOf("schema.json"));

    /// <summary>The coder schema with only the resources and functions that use no nested type but GroupMember (no
    /// template or workspace ones), so that removing getGroup leaves Outputs/ empty.</summary>
    private static string IdentitySchema()
    {
        var schema = JsonNode.Parse(CoderSchema())!.AsObject();
        foreach (var section in new[] { "resources", "functions", "types" })
        {
            var members = schema[section]!.AsObject();
            foreach (var token in members.Select(m => m.Key).Where(t => t.Contains("emplate", StringComparison.Ordinal) || t.Contains("orkspace", StringComparison.Ordinal)).ToList())
                members.Remove(token);
        }
        return schema.ToJsonString();
    }

    private static IReadOnlyDictionary<string, string> Generate(string json) => SdkGenerator.Generate(PackageSpec.Parse(json));

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        SdkWriter.ExistingFiles(root).ToDictionary(path => SdkWriter.Relative(root, path), File.ReadAllBytes);

    [Fact]
    public async Task Two_runs_into_two_folders_give_byte_identical_files_without_a_byte_order_mark()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        await SdkWriter.WriteAsync(first.Path, Generate(CoderSchema()), None);
        await SdkWriter.WriteAsync(second.Path, Generate(CoderSchema()), None);

        var a = Snapshot(first.Path);
        var b = Snapshot(second.Path);
        Assert.Equal(a.Keys, b.Keys);
        Assert.All(a, file => Assert.Equal(file.Value, b[file.Key]));
        Assert.All(a.Values, bytes => Assert.NotEqual(0xEF, bytes[0]));
    }

    [Fact]
    public async Task Unchanged_files_are_not_rewritten()
    {
        using var folder = new TempFolder();
        var files = Generate(CoderSchema());
        await SdkWriter.WriteAsync(folder.Path, files, None);
        var written = File.GetLastWriteTimeUtc(folder["User.cs"]);
        File.SetLastWriteTimeUtc(folder["User.cs"], written.AddHours(-1));

        var (rewritten, deleted) = await SdkWriter.WriteAsync(folder.Path, files, None);

        Assert.Empty(rewritten);
        Assert.Empty(deleted);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(folder["User.cs"]));
    }

    [Fact]
    public async Task Files_the_schema_no_longer_produces_are_deleted_and_other_files_are_kept()
    {
        using var folder = new TempFolder();
        await SdkWriter.WriteAsync(folder.Path, Generate(IdentitySchema()), None);
        Directory.CreateDirectory(folder["Extra"]);
        Directory.CreateDirectory(folder["obj"]);
        await File.WriteAllTextAsync(folder["Extra/Custom.cs"], "// written by hand\n");
        await File.WriteAllTextAsync(folder["NOTES.md"], "notes\n");
        await File.WriteAllTextAsync(folder["Old.cs"], $"// *** {SdkGenerator.Marker} from an older schema ***\n");
        await File.WriteAllTextAsync(folder["obj/Cached.cs"], $"// *** {SdkGenerator.Marker} ***\n");

        // Without getGroup nothing needs GroupMember any more.
        var schema = JsonNode.Parse(IdentitySchema())!;
        schema["functions"]!.AsObject().Remove("coder:index:getGroup");
        var (_, deleted) = await SdkWriter.WriteAsync(folder.Path, Generate(schema.ToJsonString()), None);

        Assert.Equal(["GetGroup.cs", "Old.cs", "Outputs/GroupMember.cs"], deleted);
        Assert.False(Directory.Exists(folder["Outputs"]));
        Assert.True(File.Exists(folder["Extra/Custom.cs"]));
        Assert.True(File.Exists(folder["NOTES.md"]));
        Assert.True(File.Exists(folder["obj/Cached.cs"]));
        Assert.True(File.Exists(folder["GetUser.cs"]));
    }

    [Theory]
    [InlineData("../escaped.cs")]
    [InlineData("Inputs/../../escaped.cs")]
    [InlineData("/tmp/escaped.cs")]
    [InlineData("./escaped.cs")]
    public async Task Paths_outside_the_folder_are_refused(string path)
    {
        using var parent = new TempFolder();
        var target = parent["sdk"];

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SdkWriter.WriteAsync(target, new Dictionary<string, string> { [path] = "x\n" }, None));

        Assert.False(File.Exists(parent["escaped.cs"]));
        Assert.False(File.Exists("/tmp/escaped.cs"));
    }

    [Fact]
    public async Task Symbolic_links_inside_the_folder_are_not_written_through()
    {
        using var parent = new TempFolder();
        var target = parent["sdk"];
        Directory.CreateDirectory(target);
        Directory.CreateDirectory(parent["elsewhere"]);
        Directory.CreateSymbolicLink(parent["sdk/Outputs"], parent["elsewhere"]);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SdkWriter.WriteAsync(target, Generate(CoderSchema()), None));

        Assert.Empty(Directory.EnumerateFileSystemEntries(parent["elsewhere"]));
    }
}

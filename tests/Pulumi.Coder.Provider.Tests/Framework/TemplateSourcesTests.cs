using System.Formats.Tar;
using System.IO.Compression;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Experimental;

namespace Pulumi.Coder.Provider.Tests.Framework;

/// <summary>A template's <c>source</c> as programs write it: the files sent to Coder, and the same bytes (so the same
/// hash) however the same template is spelled.</summary>
public sealed class TemplateSourcesTests : IDisposable
{
    private const string MainTf = "resource \"null_resource\" \"dev\" {}\n";
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("template-source-");

    public void Dispose() => root.Delete(recursive: true);

    private string Folder(string name, params (string Path, string Content)[] files)
    {
        var folder = Path.Combine(root.FullName, name);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Fact]
    public async Task A_folder_is_sent_without_what_coder_templates_push_leaves_out()
    {
        var folder = Folder("docker", ("main.tf", MainTf), ("modules/agent/agent.tf", "# agent"),
            (".terraform/providers/big", "binary"), (".env", "SECRET=1"), ("terraform.tfvars", "a = 1"),
            (".terraform.lock.hcl", "# lock"));

        var archive = TemplateSources.Read(new FileArchive(folder), "source");

        Assert.Equal([".terraform.lock.hcl", "main.tf", "modules/", "modules/agent/", "modules/agent/agent.tf"], archive.Paths);
        Assert.NotEmpty(await archive.ComputeSha256Async());
    }

    [Fact]
    public async Task The_same_template_as_a_folder_an_asset_archive_or_a_tarball_is_the_same_archive()
    {
        var folder = Folder("same", ("main.tf", MainTf), ("scripts/init.sh", "echo hi"));
        var modules = Folder("scripts-only", ("init.sh", "echo hi"));
        var fromFolder = await TemplateSources.Read(new FileArchive(folder), "source").ComputeSha256Async();

        var assets = new AssetArchive(new Dictionary<string, AssetOrArchive>
        {
            ["main.tf"] = new StringAsset(MainTf),
            ["scripts"] = new FileArchive(modules),
        });
        var fromAssets = await TemplateSources.Read(assets, "source").ComputeSha256Async();

        var tarball = Path.Combine(root.FullName, "same.tar.gz");
        await using (var file = File.Create(tarball))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            await TarFile.CreateFromDirectoryAsync(folder, gzip, includeBaseDirectory: false);
        var fromTarball = await TemplateSources.Read(new FileArchive(tarball), "source").ComputeSha256Async();

        var zip = Path.Combine(root.FullName, "same.zip");
        ZipFile.CreateFromDirectory(folder, zip);
        var fromZip = await TemplateSources.Read(new FileArchive(zip), "source").ComputeSha256Async();

        Assert.Equal(fromFolder, fromAssets);
        Assert.Equal(fromFolder, fromTarball);
        Assert.Equal(fromFolder, fromZip);
    }

    [Fact]
    public async Task A_renamed_file_changes_the_archive_and_a_change_under_dot_terraform_does_not()
    {
        var folder = Folder("renames", ("main.tf", MainTf), ("a.tf", "# a"), (".terraform/state", "1"));
        var before = await TemplateSources.Read(new FileArchive(folder), "source").ComputeSha256Async();

        File.WriteAllText(Path.Combine(folder, ".terraform/state"), "2");
        Assert.Equal(before, await TemplateSources.Read(new FileArchive(folder), "source").ComputeSha256Async());

        File.Move(Path.Combine(folder, "a.tf"), Path.Combine(folder, "b.tf"));
        Assert.NotEqual(before, await TemplateSources.Read(new FileArchive(folder), "source").ComputeSha256Async());
    }

    [Fact]
    public void Sources_that_cannot_be_a_template_are_refused_naming_the_property_and_the_fix()
    {
        var missing = Assert.Throws<TemplateSourceException>(() =>
            TemplateSources.Read(new FileArchive(Path.Combine(root.FullName, "nope")), "source"));
        Assert.Contains("source:", missing.Message);
        Assert.Contains("does not exist", missing.Message);

        var empty = Assert.Throws<TemplateSourceException>(() => TemplateSources.Read(new FileArchive(Folder("empty")), "source"));
        Assert.Contains("is empty", empty.Message);

        var notTerraform = Assert.Throws<TemplateSourceException>(() =>
            TemplateSources.Read(new FileArchive(Folder("readme-only", ("README.md", "hi"))), "source"));
        Assert.Contains("no top-level .tf", notTerraform.Message);

        var remote = Assert.Throws<TemplateSourceException>(() =>
            TemplateSources.Read(new RemoteArchive("https://example.com/template.tar"), "source"));
        Assert.Contains("remote", remote.Message);
    }

    [Fact]
    public void An_archive_property_value_is_read_as_the_programs_archive()
    {
        var archive = new FileArchive("./templates/docker");
        var read = PropertyMapper.ReadValue(new PropertyValue(archive), ArchiveShape.Instance, "source");
        Assert.Same(archive, read);

        var error = Assert.Throws<PropertyMappingException>(() =>
            PropertyMapper.ReadValue(new PropertyValue("./templates/docker"), ArchiveShape.Instance, "source"));
        Assert.Contains("FileArchive", error.Message);
    }
}

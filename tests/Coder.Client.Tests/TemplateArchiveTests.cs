using System.Formats.Tar;
using Coder.Client.Archives;

namespace Coder.Client.Tests;

public sealed class TemplateArchiveTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("coder-template-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Write(string relativePath, string content, DirectoryInfo? root = null)
    {
        var path = Path.Combine((root ?? _root).FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private void WriteDockerTemplate(DirectoryInfo root)
    {
        Write("main.tf", "resource \"docker_container\" \"workspace\" {}\n", root);
        Write("modules/agent/agent.tf", "variable \"x\" {}\n", root);
        Write(".terraform.lock.hcl", "# providers\n", root);
        var script = Write("scripts/start.sh", "#!/bin/sh\necho hi\n", root);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Leaves_out_what_coder_leaves_out()
    {
        WriteDockerTemplate(_root);
        Write(".terraform/providers/registry/provider.bin", "binary");
        Write(".git/config", "[core]");
        Write("modules/agent/.env", "SECRET=1");
        Write("terraform.tfstate", "{}");
        Write("terraform.tfstate.d/dev/terraform.tfstate", "{}");
        Write("terraform.tfvars", "a = 1");
        Write("terraform.tfvars.json", "{}");
        Write("dev.auto.tfvars", "a = 1");
        Write("modules/agent/prod.auto.tfvars.json", "{}");
        Write("modules/agent/terraform.tfvars", "kept = true");
        Directory.CreateDirectory(Path.Combine(_root.FullName, "empty"));

        var archive = TemplateArchive.FromDirectory(_root.FullName);

        Assert.Equal(
            [".terraform.lock.hcl", "empty/", "main.tf", "modules/", "modules/agent/", "modules/agent/agent.tf",
             "modules/agent/terraform.tfvars", "scripts/", "scripts/start.sh"],
            archive.Paths);
    }

    [Fact]
    public async Task Writes_a_deterministic_ustar_archive()
    {
        WriteDockerTemplate(_root);

        var built = await TemplateArchive.FromDirectory(_root.FullName).BuildAsync();

        Assert.Equal(built.Length, built.Content.Length);
        await using var reader = new TarReader(built.Content);
        var entries = new List<TarEntry>();
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        Assert.All(entries, e =>
        {
            Assert.Equal(TarEntryFormat.Ustar, e.Format);
            Assert.Equal(TemplateArchive.EntryTime, e.ModificationTime);
            Assert.Equal(0, e.Uid);
            Assert.Equal(0, e.Gid);
        });
        var byName = entries.ToDictionary(e => e.Name);
        Assert.Equal((UnixFileMode)0b110_100_100, byName["main.tf"].Mode);
        Assert.Equal(TarEntryType.Directory, byName["modules/"].EntryType);
        Assert.Equal((UnixFileMode)0b111_101_101, byName["modules/"].Mode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal((UnixFileMode)0b111_101_101, byName["scripts/start.sh"].Mode);
        }

        var main = new StreamReader(byName["main.tf"].DataStream!).ReadToEnd();
        Assert.Equal("resource \"docker_container\" \"workspace\" {}\n", main);
    }

    [Fact]
    public async Task The_same_content_gives_the_same_hash_and_a_change_a_different_one()
    {
        WriteDockerTemplate(_root);
        var other = Directory.CreateTempSubdirectory("coder-template-other-");
        try
        {
            // Created in another order and at another time.
            Write("scripts/start.sh", "#!/bin/sh\necho hi\n", other);
            Thread.Sleep(20);
            Write(".terraform.lock.hcl", "# providers\n", other);
            Write("modules/agent/agent.tf", "variable \"x\" {}\n", other);
            Write("main.tf", "resource \"docker_container\" \"workspace\" {}\n", other);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(other.FullName, "scripts/start.sh"),
                    UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var first = await TemplateArchive.FromDirectory(_root.FullName).ComputeSha256Async();
            var second = await TemplateArchive.FromDirectory(other.FullName).ComputeSha256Async();
            Write("main.tf", "resource \"docker_container\" \"workspace\" { image = \"x\" }\n", other);
            var changed = await TemplateArchive.FromDirectory(other.FullName).ComputeSha256Async();

            Assert.Equal(first, second);
            Assert.NotEqual(first, changed);
            Assert.Matches("^[0-9a-f]{64}$", first);
        }
        finally
        {
            other.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task In_memory_files_give_the_same_archive_as_the_directory()
    {
        WriteDockerTemplate(_root);
        var files = new[]
        {
            TemplateFile.Text("scripts/start.sh", "#!/bin/sh\necho hi\n", executable: !OperatingSystem.IsWindows()),
            TemplateFile.Text("main.tf", "resource \"docker_container\" \"workspace\" {}\n"),
            TemplateFile.Text("modules\\agent\\agent.tf", "variable \"x\" {}\n"),
            TemplateFile.Text(".terraform.lock.hcl", "# providers\n"),
            TemplateFile.Text(".terraform/modules/big", "ignored"),
            TemplateFile.Text("terraform.tfvars", "ignored"),
        };

        var fromDirectory = await TemplateArchive.FromDirectory(_root.FullName).ComputeSha256Async();
        var inMemory = TemplateArchive.FromFiles(files);

        Assert.Equal(fromDirectory, await inMemory.ComputeSha256Async());
        Assert.DoesNotContain(inMemory.Paths, p => p.StartsWith(".terraform/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Skipped_content_is_never_read_or_counted()
    {
        WriteDockerTemplate(_root);
        // A 20 GiB sparse file: reading it would take minutes, counting it would break the size limit.
        var huge = Path.Combine(_root.FullName, ".terraform", "providers", "huge.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(huge)!);
        await using (var stream = File.Create(huge))
        {
            stream.SetLength(20L << 30);
        }

        var archive = TemplateArchive.FromDirectory(_root.FullName);
        var built = await archive.BuildAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(built.Length < 16 * 1024);
        Assert.Equal(archive.Size, built.Length);
    }

    [Fact]
    public void Too_large_a_template_is_refused_before_anything_is_read_naming_the_limit()
    {
        Write("main.tf", "terraform {}\n");
        Write("assets/logo.bin", new string('x', 2 << 20));

        var error = Assert.Throws<TemplateArchiveTooLargeException>(() => TemplateArchive.FromDirectory(_root.FullName));

        Assert.Equal(TemplateArchiveRules.CoderCliLimitBytes, error.Limit);
        Assert.Contains("over the limit of 1048576 bytes (1 MiB, the limit `coder templates push` applies)", error.Message);
        Assert.Contains("assets/logo.bin (2097152 bytes)", error.Message);
        Assert.NotNull(TemplateArchive.FromDirectory(_root.FullName, TemplateArchiveRules.CoderServerLimitBytes));
    }

    [Fact]
    public void A_directory_without_terraform_files_is_not_a_template()
    {
        Write("README.md", "# nothing here");
        Write("nested/main.tf", "terraform {}");

        var error = Assert.Throws<ArgumentException>(() => TemplateArchive.FromDirectory(_root.FullName));

        Assert.Contains("no top-level .tf or .tf.json file", error.Message);
    }

    [Fact]
    public void Paths_must_stay_inside_the_template()
    {
        Assert.Throws<ArgumentException>(() => TemplateArchive.FromFiles([TemplateFile.Text("main.tf", ""), TemplateFile.Text("../escape.tf", "")]));
    }

    [Fact]
    public async Task Size_is_exact()
    {
        Write("main.tf", new string('a', 1000));
        Write("b/c.tf", "");

        var archive = TemplateArchive.FromDirectory(_root.FullName);
        var built = await archive.BuildAsync();

        // main.tf: header + 2 blocks; b/: header; b/c.tf: header; end: 2 blocks.
        Assert.Equal(512 * (3 + 1 + 1 + 2), archive.Size);
        Assert.Equal(archive.Size, built.Length);
        Assert.Equal(["b/", "b/c.tf", "main.tf"], archive.Paths);
    }

    [Fact]
    public void Composes_in_memory_files_with_folders_placed_inside_the_template()
    {
        var modules = _root.CreateSubdirectory("modules-src");
        Write("agent/agent.tf", "variable \"x\" {}\n", modules);
        Write(".terraform/big", "binary", modules);

        var archive = TemplateArchive.Compose(
            [TemplateFile.Text("main.tf", "# main\n"), TemplateFile.Text("modules/README.md", "# modules\n")],
            [new TemplateDirectory("modules", modules.FullName), new TemplateDirectory(".hidden", modules.FullName)]);

        Assert.Equal(["main.tf", "modules/", "modules/README.md", "modules/agent/", "modules/agent/agent.tf"], archive.Paths);
    }

    [Fact]
    public void Refuses_a_path_that_two_parts_of_a_composed_template_both_provide()
    {
        var folder = _root.CreateSubdirectory("twice");
        Write("main.tf", "# from the folder\n", folder);

        var error = Assert.Throws<ArgumentException>(() => TemplateArchive.Compose(
            [TemplateFile.Text("main.tf", "# in memory\n")], [new TemplateDirectory("", folder.FullName)]));

        Assert.Contains("main.tf twice", error.Message);
    }
}

public sealed class TemplateArchiveLongPathTests
{
    [Fact]
    public async Task Paths_longer_than_a_ustar_name_field_use_its_prefix_field()
    {
        var deep = string.Join('/', Enumerable.Repeat("module-directory", 8)) + "/main.tf";
        var archive = TemplateArchive.FromFiles([TemplateFile.Text("main.tf", ""), TemplateFile.Text(deep, "x")]);

        var built = await archive.BuildAsync();
        await using var reader = new TarReader(built.Content);
        var names = new List<string>();
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Contains(deep, names);
        Assert.Equal(archive.Size, built.Length);
    }
}

using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.Loader;
using System.Xml.Linq;

namespace Pulumi.Coder.SdkGen.Tests;

/// <summary>
/// The committed sdk/dotnet, copied alone out of the repository (as a user or a package build gets it), builds and
/// packs with nothing of the repository's around it. Restore takes Pulumi from the machine's package cache, filled by
/// the solution's own build.
/// </summary>
public sealed class StandaloneSdkTests : IClassFixture<StandaloneSdkTests.SdkCopy>
{
    private readonly SdkCopy _copy;

    public StandaloneSdkTests(SdkCopy copy) => _copy = copy;

    [Fact]
    public async Task A_copy_of_the_sdk_folder_alone_builds_for_net8_and_newer()
    {
        var (exitCode, output) = await _copy.DotnetAsync("build", "-nologo", "-clp:ErrorsOnly");

        Assert.True(exitCode == 0, $"dotnet build of a copy of sdk/dotnet failed:\n{output}");
        Assert.True(File.Exists(Path.Combine(_copy.Project, "bin/Debug/net8.0/Pulumi.Coder.dll")), output);
        Assert.True(File.Exists(Path.Combine(_copy.Project, "bin/Debug/net10.0/Pulumi.Coder.dll")), output);
    }

    [Fact]
    public async Task Packing_with_a_version_stamps_the_package_the_plugin_manifest_and_Utilities_Version_alike()
    {
        var feed = Path.Combine(_copy.Folder.Path, "feed");

        var (exitCode, output) = await _copy.DotnetAsync("pack", "-nologo", "-clp:ErrorsOnly", "-p:Version=9.9.9", "-o", feed);

        Assert.True(exitCode == 0, $"dotnet pack of a copy of sdk/dotnet failed:\n{output}");
        Assert.True(File.Exists(Path.Combine(feed, "Pulumi.Coder.9.9.9.snupkg")), "no symbol package beside the package");
        using var package = ZipFile.OpenRead(Path.Combine(feed, "Pulumi.Coder.9.9.9.nupkg"));
        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        XDocument nuspec;
        using (var stream = package.GetEntry("Pulumi.Coder.nuspec")!.Open()) nuspec = XDocument.Load(stream);
        var metadata = nuspec.Root!.Element(ns + "metadata")!;
        Assert.Equal("9.9.9", metadata.Element(ns + "version")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.Equal("icon.png", metadata.Element(ns + "icon")?.Value);
        Assert.NotNull(package.GetEntry("README.md"));
        Assert.NotNull(package.GetEntry("icon.png"));
        Assert.StartsWith("https://", (string?)metadata.Element(ns + "repository")?.Attribute("url"));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "authors")?.Value));
        var dependencies = metadata.Descendants(ns + "group").Select(g => (string?)g.Attribute("targetFramework")).ToList();
        Assert.Contains("net8.0", dependencies);

        string manifest;
        using (var reader = new StreamReader(package.GetEntry("content/pulumi-plugin.json")!.Open())) manifest = await reader.ReadToEndAsync();
        using var plugin = System.Text.Json.JsonDocument.Parse(manifest);
        Assert.Equal("9.9.9", plugin.RootElement.GetProperty("version").GetString());
        Assert.Equal("coder", plugin.RootElement.GetProperty("name").GetString());
        // `server` is where the Pulumi CLI downloads the plugin from when a program using the package needs it.
        using var schema = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("schema.json")));
        var server = plugin.RootElement.TryGetProperty("server", out var value) ? value.GetString() : null;
        Assert.Equal(schema.RootElement.GetProperty("pluginDownloadURL").GetString(), server);

        Assert.Equal("9.9.9", UtilitiesVersionOf(package, "lib/net8.0/Pulumi.Coder.dll"));
        Assert.Equal("9.9.9", UtilitiesVersionOf(package, "lib/net10.0/Pulumi.Coder.dll"));
    }

    /// <summary>The packed assembly's <c>Utilities.Version</c>, read in a load context of its own (the test itself
    /// references the repository's build of the same assembly).</summary>
    private static string? UtilitiesVersionOf(ZipArchive package, string entry)
    {
        using var image = new MemoryStream();
        using (var stream = package.GetEntry(entry)!.Open()) stream.CopyTo(image);
        image.Position = 0;
        var context = new AssemblyLoadContext("packed-sdk", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var utilities = assembly.GetType("Pulumi.Coder.Utilities", throwOnError: true)!;
            return (string?)utilities.GetProperty("Version", BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>sdk/dotnet's files (no build output) in a temp folder with nothing of the repository above it.</summary>
    public sealed class SdkCopy : IDisposable
    {
        internal TempFolder Folder { get; } = new();
        public string Project { get; }

        public SdkCopy()
        {
            var sdk = RepositoryFiles.PathOf("sdk/dotnet");
            Project = Folder["Pulumi.Coder"];
            foreach (var file in SdkWriter.ExistingFiles(sdk))
            {
                var target = Path.Combine(Project, SdkWriter.Relative(sdk, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        public async Task<(int ExitCode, string Output)> DotnetAsync(params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Project, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            // Where the repository restores Pulumi from a local feed, so does the copy, as a user passes theirs.
            var feed = Path.GetFullPath(RepositoryFiles.PathOf("../shared/nuget"));
            if (Directory.Exists(feed)) start.ArgumentList.Add($"-p:RestoreAdditionalProjectSources={feed}");
            // The test host's MSBuild settings would point the child build at this process's SDK resolution.
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
                start.Environment.Remove(name);
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }

        public void Dispose() => Folder.Dispose();
    }
}

using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Xml.Linq;

namespace Pulumi.Coder.SdkGen.Tests;

/// <summary>
/// The committed sdk/dotnet, copied alone out of the repository (as a user or a package build gets it), builds and
/// packs with nothing of the repository's around it, and a .NET 8 stack uses the package it packs. Restore takes Pulumi
/// from the machine's package cache, filled by the solution's own build.
/// </summary>
public sealed class StandaloneSdkTests : IClassFixture<StandaloneSdkTests.SdkCopy>
{
    private readonly SdkCopy _copy;

    public StandaloneSdkTests(SdkCopy copy) => _copy = copy;

    [Fact]
    public async Task A_copy_of_the_sdk_folder_alone_builds_for_net8_and_newer()
    {
        var output = await _copy.BuildAsync();

        Assert.True(File.Exists(Path.Combine(_copy.Project, "bin/Release/net8.0/Pulumi.Coder.dll")), output);
        Assert.True(File.Exists(Path.Combine(_copy.Project, "bin/Release/net10.0/Pulumi.Coder.dll")), output);
    }

    [Fact]
    public async Task Packing_with_a_version_stamps_the_package_the_plugin_manifest_and_Utilities_Version_alike()
    {
        var version = SdkCopy.PackageVersion;

        var feed = await _copy.PackAsync();

        Assert.True(File.Exists(Path.Combine(feed, $"Pulumi.Coder.{version}.snupkg")), "no symbol package beside the package");
        using var package = ZipFile.OpenRead(Path.Combine(feed, $"Pulumi.Coder.{version}.nupkg"));
        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        XDocument nuspec;
        using (var stream = package.GetEntry("Pulumi.Coder.nuspec")!.Open()) nuspec = XDocument.Load(stream);
        var metadata = nuspec.Root!.Element(ns + "metadata")!;
        Assert.Equal(version, metadata.Element(ns + "version")?.Value);
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
        Assert.Equal(version, plugin.RootElement.GetProperty("version").GetString());
        Assert.Equal("coder", plugin.RootElement.GetProperty("name").GetString());
        // `server` is where the Pulumi CLI downloads the plugin from when a program using the package needs it.
        using var schema = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("schema.json")));
        var server = plugin.RootElement.TryGetProperty("server", out var value) ? value.GetString() : null;
        Assert.Equal(schema.RootElement.GetProperty("pluginDownloadURL").GetString(), server);

        Assert.Equal(version, UtilitiesVersionOf(package, "lib/net8.0/Pulumi.Coder.dll"));
        Assert.Equal(version, UtilitiesVersionOf(package, "lib/net10.0/Pulumi.Coder.dll"));
    }

    /// <summary>
    /// examples/Net8Stack, a stack on net8.0 with mocked tests, consumes the packed Pulumi.Coder as a user does: a
    /// package reference, restored from the feed the pack wrote. Its tests are xunit v3, an executable of their own,
    /// so they are published self-contained for this machine's platform and run on the .NET 8 runtime they carry, with no other
    /// .NET reachable: a pass proves the package works on .NET 8, not on the machine's newer runtime rolled forward.
    /// The restore goes to a packages folder of its own (the machine's is only read, as a fallback) and the package
    /// version is new each run, so no Pulumi.Coder left in a package cache can stand in for the one just packed.
    /// </summary>
    [Fact]
    public async Task A_net8_stack_referencing_the_packed_package_builds_and_its_mocked_tests_pass_on_the_net8_runtime()
    {
        var feed = await _copy.PackAsync();
        var stack = _copy.Folder["Net8Stack"];
        CopyWithoutBuildOutput(RepositoryFiles.PathOf("examples/Net8Stack"), stack);
        var published = _copy.Folder["net8-tests"];
        string[] sources = [feed, .. SdkCopy.RepositoryFeed is { } repositoryFeed ? [repositoryFeed] : Array.Empty<string>()];
        List<string> publish =
        [
            "publish", "Net8Stack.Tests", "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "-nologo", "-clp:ErrorsOnly",
            "-o", published, $"-p:PulumiCoderVersion={SdkCopy.PackageVersion}",
            // A list inside one -p: value: MSBuild takes an escaped semicolon as part of the value.
            $"-p:RestoreAdditionalProjectSources={string.Join("%3B", sources)}",
        ];
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Directory.Exists(machinePackages)) publish.Add($"-p:RestoreFallbackFolders={machinePackages}");
        var isolated = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _copy.Folder["packages"] };

        var (exitCode, output) = await SdkCopy.RunAsync("dotnet", stack, publish, isolated, TimeSpan.FromMinutes(5));

        Assert.True(exitCode == 0, $"dotnet publish of examples/Net8Stack against the packed Pulumi.Coder failed:\n{output}");
        Assert.True(Directory.Exists(Path.Combine(_copy.Folder["packages"], "pulumi.coder", SdkCopy.PackageVersion)),
            "Pulumi.Coder was not restored from the feed into the isolated packages folder");

        // No dotnet on the path and no DOTNET_ROOT: only the runtime published beside the tests can run them.
        var noDotnet = new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin", ["DOTNET_ROOT"] = null };
        (exitCode, output) = await SdkCopy.RunAsync(Path.Combine(published, "Net8Stack.Tests"), published, ["-noColor"], noDotnet, TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, $"the mocked tests of examples/Net8Stack failed:\n{output}");
        Assert.Contains(" .NET 8.0.", output);
        Assert.Matches(@"Total: [1-9]\d*, Errors: 0, Failed: 0, Skipped: 0", output);
    }

    /// <summary>A folder's files, less any bin/ or obj/ a build left in it.</summary>
    private static void CopyWithoutBuildOutput(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(segment => segment is "bin" or "obj")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
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
        /// <summary>The version the copy is packed as: new for each test run, so that it is in no package cache.</summary>
        public static string PackageVersion { get; } = $"9.9.9-test-{Guid.NewGuid():N}";

        /// <summary>Where the repository restores Pulumi from a local feed (../shared/nuget), when it does.</summary>
        public static string? RepositoryFeed { get; } =
            Directory.Exists(RepositoryFiles.PathOf("../shared/nuget")) ? Path.GetFullPath(RepositoryFiles.PathOf("../shared/nuget")) : null;

        private readonly Lazy<Task<string>> _build;
        private readonly Lazy<Task<string>> _pack;

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
            _build = new(BuildOnceAsync);
            _pack = new(PackOnceAsync);
        }

        /// <summary>Builds the copy in Release as <see cref="PackageVersion"/>, once for all the tests; returns the
        /// build's output.</summary>
        public Task<string> BuildAsync() => _build.Value;

        /// <summary>Packs the build of the copy (the SDK is compiled once for both) and returns the feed folder.</summary>
        public Task<string> PackAsync() => _pack.Value;

        private async Task<string> BuildOnceAsync()
        {
            var (exitCode, output) = await DotnetAsync("build", "-c", "Release", "-nologo", "-clp:ErrorsOnly", $"-p:Version={PackageVersion}");
            Assert.True(exitCode == 0, $"dotnet build of a copy of sdk/dotnet failed:\n{output}");
            return output;
        }

        private async Task<string> PackOnceAsync()
        {
            await BuildAsync();
            var feed = Folder["feed"];
            var (exitCode, output) = await DotnetAsync("pack", "-c", "Release", "--no-build", "-nologo", "-clp:ErrorsOnly",
                $"-p:Version={PackageVersion}", "-o", feed);
            Assert.True(exitCode == 0, $"dotnet pack of a copy of sdk/dotnet failed:\n{output}");
            return feed;
        }

        public Task<(int ExitCode, string Output)> DotnetAsync(params string[] arguments) =>
            // Where the repository restores Pulumi from a local feed, so does the copy, as a user passes theirs.
            RunAsync("dotnet", Project, [.. arguments, .. RepositoryFeed is null ? Array.Empty<string>() : [$"-p:RestoreAdditionalProjectSources={RepositoryFeed}"]],
                new Dictionary<string, string?>(), TimeSpan.FromMinutes(3));

        /// <summary>Runs a program to its end, with the given environment changes (null removes a variable).</summary>
        public static async Task<(int ExitCode, string Output)> RunAsync(string program, string workingDirectory,
            IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
        {
            var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            // The test host's MSBuild settings would point the child build at this process's SDK resolution.
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
                start.Environment.Remove(name);
            foreach (var (name, value) in environment)
            {
                if (value is null) start.Environment.Remove(name);
                else start.Environment[name] = value;
            }
            using var process = Process.Start(start)!;
            using var cancellation = new CancellationTokenSource(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellation.Token);
            var stderr = process.StandardError.ReadToEndAsync(cancellation.Token);
            try
            {
                await process.WaitForExitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
            }
            return (process.ExitCode, await stdout + await stderr);
        }

        public void Dispose() => Folder.Dispose();
    }
}

using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Pulumi.Coder.EngineHarness;

namespace Pulumi.Coder.Dist.Tests;

/// <summary>
/// The archives `make dist` writes are what `pulumi plugin install resource coder v&lt;version&gt; [--file]` and the
/// CLI's download from pluginDownloadURL read: named pulumi-resource-coder-v&lt;version&gt;-&lt;os&gt;-&lt;arch&gt;.tar.gz with
/// Pulumi's os (linux, darwin, windows) and arch (amd64, arm64) words, extracted as they are into the plugin's
/// folder, from which the CLI runs pulumi-resource-coder (pulumi-resource-coder.exe on Windows).
/// </summary>
public sealed partial class DistArchiveTests
{
    public static TheoryData<string, string, string> Platforms => new()
    {
        // .NET's runtime identifier, Pulumi's os-arch, and the executable format the platform loads.
        { "linux-x64", "linux-amd64", "elf-x86-64" },
        { "linux-arm64", "linux-arm64", "elf-aarch64" },
        { "osx-x64", "darwin-amd64", "macho-x86-64" },
        { "osx-arm64", "darwin-arm64", "macho-arm64" },
        { "win-x64", "windows-amd64", "pe-x86-64" },
    };

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Each_archive_holds_only_the_platforms_executable_at_its_root_with_mode_0755(string rid, string pulumiPlatform, string format)
    {
        var executable = rid.StartsWith("win-", StringComparison.Ordinal) ? "pulumi-resource-coder.exe" : "pulumi-resource-coder";

        var entries = ReadArchive(ArchivePath(pulumiPlatform));

        var entry = Assert.Single(entries);
        Assert.Equal(executable, entry.Name);
        Assert.Equal(TarEntryType.RegularFile, entry.Type);
        var mode = (int)entry.Mode & 0b111_111_111;
        Assert.True(mode == 0b111_101_101, $"{entry.Name} in {pulumiPlatform}'s archive has mode {Convert.ToString(mode, 8)}, not 755");
        Assert.Equal(format, ExecutableFormat(entry.Header));
    }

    [Fact]
    public async Task The_linux_x64_plugin_starts_and_prints_its_port_with_no_dotnet_on_the_path_on_its_bundled_runtime()
    {
        Assert.True(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture
            == System.Runtime.InteropServices.Architecture.X64, "this test runs the linux-x64 archive: run it on linux-x64");
        using var folder = new TemporaryFolder();
        await ExtractAsync(ArchivePath("linux-amd64"), folder.Path);
        var executable = Path.Combine(folder.Path, "pulumi-resource-coder");
        // What a machine without .NET gives the plugin: no dotnet on the PATH, no DOTNET_ROOT.
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/bin:/bin",
            ["DOTNET_ROOT"] = "",
            ["DOTNET_ROOT_X64"] = "",
            ["DOTNET_HOST_PATH"] = "",
            ["MSBuildExtensionsPath"] = "",
        };

        await using var plugin = await ProviderProcess.StartAsync(executable, environment);
        var driver = new EngineDriver(plugin);
        var version = await driver.GetPluginInfoAsync();

        Assert.Equal(Version, version);
        Assert.InRange(plugin.Port, 1, 65535);
        // This machine may well have .NET installed at a place a framework-dependent host finds without PATH or
        // DOTNET_ROOT (/usr/share/dotnet, /etc/dotnet/install_location): the plugin must not have loaded anything of
        // it, nor any separate host or runtime library at all (the self-contained single file carries them inside).
        var loaded = File.ReadAllLines($"/proc/{plugin.ProcessId}/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/'))
            .Select(fields => fields[5])
            .Distinct()
            .ToList();
        Assert.Contains(loaded, path => path == executable);
        Assert.DoesNotContain(loaded, path => DotnetLibrary().IsMatch(Path.GetFileName(path)));
        foreach (var installed in InstalledDotnetRoots())
            Assert.DoesNotContain(loaded, path => path.StartsWith(installed + "/", StringComparison.Ordinal));
        Assert.Equal(["pulumi-resource-coder"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void The_sdk_package_and_its_symbols_are_beside_the_archives_at_the_same_version_naming_where_the_plugin_downloads_from()
    {
        var package = Path.Combine(DistFolder, $"Pulumi.Coder.{Version}.nupkg");
        Assert.True(File.Exists(package), $"no {Path.GetFileName(package)} in {DistFolder}: run `make dist` first.");
        Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), "no symbol package beside the SDK package");

        using var zip = ZipFile.OpenRead(package);
        using var manifest = System.Text.Json.JsonDocument.Parse(zip.GetEntry("content/pulumi-plugin.json")!.Open());
        Assert.Equal(Version, manifest.RootElement.GetProperty("version").GetString());
        Assert.StartsWith("github://", manifest.RootElement.GetProperty("server").GetString());
    }

    private static string DistFolder =>
        Environment.GetEnvironmentVariable("DIST_DIR") is { Length: > 0 } dir ? dir : RepositoryFiles.PathOf("artifacts/dist");

    private static string Version { get; } =
        ProviderVersion().Match(File.ReadAllText(RepositoryFiles.PathOf("Directory.Build.props"))).Groups[1].Value;

    private static string ArchivePath(string pulumiPlatform)
    {
        var path = Path.Combine(DistFolder, $"pulumi-resource-coder-v{Version}-{pulumiPlatform}.tar.gz");
        Assert.True(File.Exists(path), $"no {Path.GetFileName(path)} in {DistFolder}: run `make dist` first (or `make test-dist`).");
        return path;
    }

    private sealed record ArchiveEntry(string Name, TarEntryType Type, UnixFileMode Mode, byte[] Header);

    private static List<ArchiveEntry> ReadArchive(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var entries = new List<ArchiveEntry>();
        while (reader.GetNextEntry() is { } entry)
        {
            var header = new byte[4096];
            if (entry.DataStream is { } data) data.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            entries.Add(new ArchiveEntry(entry.Name, entry.EntryType, entry.Mode, header));
        }
        return entries;
    }

    private static async Task ExtractAsync(string archive, string destination)
    {
        await using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        await TarFile.ExtractToDirectoryAsync(gzip, destination, overwriteFiles: false);
    }

    /// <summary>The file format and machine of an executable's first bytes: ELF's e_machine, Mach-O's cputype, PE's
    /// Machine (after the "PE\0\0" signature, at the offset the DOS header's e_lfanew gives).</summary>
    private static string ExecutableFormat(byte[] header)
    {
        if (header is [0x7F, (byte)'E', (byte)'L', (byte)'F', ..])
            return BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18)) switch
            {
                0x3E => "elf-x86-64",
                0xB7 => "elf-aarch64",
                var machine => $"elf-{machine:x}",
            };
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) == 0xFEEDFACF)
            return BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)) switch
            {
                0x01000007 => "macho-x86-64",
                0x0100000C => "macho-arm64",
                var cpu => $"macho-{cpu:x}",
            };
        if (header is [(byte)'M', (byte)'Z', ..])
        {
            var pe = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(0x3C));
            if (pe < 0 || pe + 6 > header.Length || !header.AsSpan(pe, 4).SequenceEqual("PE\0\0"u8)) return "mz-without-pe";
            return BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(pe + 4)) switch
            {
                0x8664 => "pe-x86-64",
                0xAA64 => "pe-arm64",
                var machine => $"pe-{machine:x}",
            };
        }
        return "unknown";
    }

    private static IEnumerable<string> InstalledDotnetRoots()
    {
        var roots = new List<string> { "/usr/share/dotnet", "/usr/lib/dotnet" };
        if (File.Exists("/usr/bin/dotnet") && new FileInfo("/usr/bin/dotnet").ResolveLinkTarget(returnFinalTarget: true) is { } target)
            roots.Add(Path.GetDirectoryName(target.FullName)!);
        if (File.Exists("/etc/dotnet/install_location"))
            roots.AddRange(File.ReadAllLines("/etc/dotnet/install_location").Where(l => l.Length > 0).Select(l => l.Trim().TrimEnd('/')));
        // The .NET this test runs on: <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll.
        var runtimeVersionFolder = new FileInfo(typeof(object).Assembly.Location).Directory!;
        roots.Add(runtimeVersionFolder.Parent!.Parent!.Parent!.FullName);
        return roots.Distinct();
    }

    [GeneratedRegex(@"^(lib)?(hostfxr|hostpolicy|coreclr|clrjit)\.(so|dylib|dll)")]
    private static partial Regex DotnetLibrary();

    [GeneratedRegex(@"<ProviderVersion>([^<]+)</ProviderVersion>")]
    private static partial Regex ProviderVersion();

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pulumi-coder-dist-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

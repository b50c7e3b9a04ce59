using System.Formats.Tar;
using System.IO.Compression;
using System.Reflection;
using Coder.Client.Archives;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>Why a Pulumi archive cannot be a template's source; the message names the property and the fix.</summary>
public sealed class TemplateSourceException(string message) : Exception(message);

/// <summary>
/// Turns a program's Pulumi archive (<c>FileArchive</c> of a folder or of a .tar/.tar.gz/.tgz/.zip file, or an
/// <c>AssetArchive</c> of <c>StringAsset</c>s, <c>FileAsset</c>s and nested archives) into the archive Coder is sent,
/// with the skip rules of <c>coder templates push</c>. Relative paths are relative to the provider's working
/// directory, which the engine sets to the program's project directory, as for every Pulumi archive.
/// </summary>
public static class TemplateSources
{
    // Pulumi's Asset and Archive classes keep what they point at in internal members (the serialized property name,
    // such as "path", "text", "assets" or "uri", and its value), and pulumi-dotnet 3.112.1 offers no public reader
    // for a provider. Reading those two members is the narrowest workaround; a test fails if they ever change.
    private static readonly PropertyInfo KindMember = Member("PropName");
    private static readonly PropertyInfo ValueMember = Member("Value");

    public static TemplateArchive Read(Archive source, string property)
    {
        var files = new List<TemplateFile>();
        var directories = new List<TemplateDirectory>();
        Collect(source, "", property, files, directories);
        try
        {
            return TemplateArchive.Compose(files, directories, what: $"{property} ({Describe(source)})");
        }
        catch (Exception e) when (e is ArgumentException or IOException or TemplateArchiveTooLargeException)
        {
            throw new TemplateSourceException($"{property}: {e.Message}");
        }
    }

    /// <summary>What the program gave, for messages: the folder or file path, or "an AssetArchive of N entries".</summary>
    public static string Describe(AssetOrArchive source) => Kind(source) switch
    {
        "path" or "uri" => (string)ValueMember.GetValue(source)!,
        "assets" => $"an AssetArchive of {((System.Collections.IDictionary)ValueMember.GetValue(source)!).Count} entries",
        _ => "a StringAsset",
    };

    private static void Collect(AssetOrArchive source, string at, string property, List<TemplateFile> files, List<TemplateDirectory> directories)
    {
        var value = ValueMember.GetValue(source);
        switch (source, Kind(source))
        {
            case (Archive, "assets"):
                foreach (System.Collections.DictionaryEntry entry in (System.Collections.IDictionary)value!)
                {
                    var name = ((string)entry.Key).Replace('\\', '/').Trim('/');
                    Collect((AssetOrArchive)entry.Value!, at.Length == 0 ? name : $"{at}/{name}", property, files, directories);
                }
                break;
            case (Archive, "path"):
                var path = Path.GetFullPath((string)value!);
                if (Directory.Exists(path))
                {
                    if (!Directory.EnumerateFileSystemEntries(path).Any())
                        throw new TemplateSourceException($"{property}: the folder {path} is empty; point it at the template's folder (the one holding main.tf).");
                    directories.Add(new TemplateDirectory(at, path));
                }
                else if (File.Exists(path))
                {
                    files.AddRange(ReadArchiveFile(path, at, property));
                }
                else
                {
                    throw new TemplateSourceException($"{property}: {path} does not exist. A relative path is relative to the " +
                        "project's directory (where Pulumi.yaml is); point it at the template's folder.");
                }
                break;
            case (Asset, "text"):
                files.Add(TemplateFile.Text(Required(at, property), (string)value!));
                break;
            case (Asset, "path"):
                var file = Path.GetFullPath((string)value!);
                if (!File.Exists(file))
                    throw new TemplateSourceException($"{property}: the FileAsset for {at} points at {file}, which does not exist.");
                files.Add(new TemplateFile(Required(at, property), File.ReadAllBytes(file), IsExecutable(file)));
                break;
            default:
                throw new TemplateSourceException($"{property}: {Describe(source)} is a remote asset or archive; Coder " +
                    "templates must come from the program's machine. Download it first, or use a FileArchive of a folder.");
        }
    }

    /// <summary>A .tar, .tar.gz, .tgz or .zip file, as Pulumi's FileArchive accepts; entries go through the same skip
    /// rules as a folder's files.</summary>
    private static IEnumerable<TemplateFile> ReadArchiveFile(string path, string at, string property)
    {
        var prefix = at.Length == 0 ? "" : at + "/";
        var name = path.ToLowerInvariant();
        if (name.EndsWith(".zip", StringComparison.Ordinal))
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.Entries.Where(e => !e.FullName.EndsWith('/') && !TemplateArchiveRules.ExcludesFile(prefix + e.FullName))
                .Select(e =>
                {
                    using var content = e.Open();
                    return new TemplateFile(prefix + e.FullName, ReadAll(content), (e.ExternalAttributes >> 16 & 0b001_000_000) != 0);
                })
                .ToList();
        }
        if (!name.EndsWith(".tar", StringComparison.Ordinal) && !name.EndsWith(".tar.gz", StringComparison.Ordinal)
            && !name.EndsWith(".tgz", StringComparison.Ordinal))
        {
            throw new TemplateSourceException($"{property}: {path} is a file, but not a .tar, .tar.gz, .tgz or .zip archive; " +
                "use a FileArchive of the template's folder.");
        }
        using var stream = File.OpenRead(path);
        using var decompressed = name.EndsWith(".tar", StringComparison.Ordinal) ? null : new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new TarReader(decompressed ?? (Stream)stream);
        var files = new List<TemplateFile>();
        while (reader.GetNextEntry() is { } entry)
        {
            var entryPath = prefix + (entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name);
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null
                || TemplateArchiveRules.ExcludesFile(entryPath)) continue;
            files.Add(new TemplateFile(entryPath, ReadAll(entry.DataStream),
                (entry.Mode & UnixFileMode.UserExecute) != 0));
        }
        return files;
    }

    private static string Required(string at, string property) => at.Length > 0 ? at
        : throw new TemplateSourceException($"{property}: a single asset is not a template; wrap it in an AssetArchive " +
            "that names it, e.g. new AssetArchive(new() { [\"main.tf\"] = new StringAsset(...) }).");

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static bool IsExecutable(string file) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0;

    private static string Kind(AssetOrArchive source) => (string)KindMember.GetValue(source)!;

    private static PropertyInfo Member(string name) =>
        typeof(AssetOrArchive).GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        ?? throw new InvalidOperationException($"Pulumi's AssetOrArchive has no {name} member any more: update TemplateSources.");
}

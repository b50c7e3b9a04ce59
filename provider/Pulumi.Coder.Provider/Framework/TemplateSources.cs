using System.Formats.Tar;
using System.IO.Compression;
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
    public static TemplateArchive Read(Archive source, string property) => ReadWithVariableFiles(source, property).Archive;

    /// <summary>The archive, and the variable files at the template's top level (<c>terraform.tfvars</c>,
    /// <c>*.auto.tfvars</c> and their .json forms), which the archive leaves out and <c>coder templates push</c> sends
    /// as variable values instead.</summary>
    public static (TemplateArchive Archive, IReadOnlyList<TemplateFile> VariableFiles) ReadWithVariableFiles(Archive source, string property)
    {
        var files = new List<TemplateFile>();
        var directories = new List<TemplateDirectory>();
        Collect(source, "", property, files, directories);
        var variableFiles = files.Where(f => IsVariableFile(f.Path)).ToList();
        foreach (var directory in directories.Where(d => d.Path.Length == 0))
        {
            variableFiles.AddRange(Directory.EnumerateFiles(directory.Directory)
                .Where(f => IsVariableFile(Path.GetFileName(f)))
                .Select(f => new TemplateFile(Path.GetFileName(f), File.ReadAllBytes(f))));
        }
        try
        {
            return (TemplateArchive.Compose(files, directories, what: $"{property} ({Describe(source)})"),
                variableFiles.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
        }
        catch (Exception e) when (e is ArgumentException or IOException or TemplateArchiveTooLargeException)
        {
            throw new TemplateSourceException($"{property}: {e.Message}");
        }
    }

    /// <summary>What the program gave, for messages: the folder or file path, or "an AssetArchive of N entries".</summary>
    public static string Describe(AssetOrArchive source) => PulumiArchives.Kind(source) switch
    {
        "path" or "uri" => (string)PulumiArchives.Content(source),
        "assets" => $"an AssetArchive of {PulumiArchives.Entries((Archive)source).Count()} entries",
        _ => "a StringAsset",
    };

    private static void Collect(AssetOrArchive source, string at, string property, List<TemplateFile> files, List<TemplateDirectory> directories)
    {
        var value = PulumiArchives.Content(source);
        switch (source, PulumiArchives.Kind(source))
        {
            case (Archive archive, "assets"):
                foreach (var (key, entry) in PulumiArchives.Entries(archive))
                {
                    var name = key.Replace('\\', '/').Trim('/');
                    Collect(entry, at.Length == 0 ? name : $"{at}/{name}", property, files, directories);
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
            return zip.Entries.Where(e => !e.FullName.EndsWith('/') && Kept(prefix + e.FullName))
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
                || !Kept(entryPath)) continue;
            files.Add(new TemplateFile(entryPath, ReadAll(entry.DataStream),
                (entry.Mode & UnixFileMode.UserExecute) != 0));
        }
        return files;
    }

    private static bool Kept(string path) => !TemplateArchiveRules.ExcludesFile(path) || IsVariableFile(path);

    /// <summary>A variable file <c>coder templates push</c> discovers at the template's top level.</summary>
    public static bool IsVariableFile(string path) =>
        !path.Contains('/') && TemplateArchiveRules.SkipsFile(path) && path.Contains(".tfvars", StringComparison.Ordinal)
        && !path.Contains(".tfstate", StringComparison.Ordinal) && !path.StartsWith('.');

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

}

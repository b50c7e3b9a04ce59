using System.Text;

namespace Pulumi.Coder.SdkGen;

/// <summary>
/// Puts generated files into the SDK folder: writes only files whose content changed, deletes generated files
/// the schema no longer produces (hand-written files, bin/ and obj/ are left alone), and never touches anything
/// outside the folder.
/// </summary>
internal static class SdkWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly string[] BuildFolders = ["bin", "obj"];

    /// <returns>The paths (relative, forward slashes) written and deleted.</returns>
    public static Task<(IReadOnlyList<string> Written, IReadOnlyList<string> Deleted)> WriteAsync(
        string targetFolder, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
        => WriteAsync(targetFolder, files, new Dictionary<string, byte[]>(), cancellationToken);

    /// <param name="assets">Files that are not text (an icon): written like the others, never deleted, as they carry
    /// no marker.</param>
    public static async Task<(IReadOnlyList<string> Written, IReadOnlyList<string> Deleted)> WriteAsync(
        string targetFolder, IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, byte[]> assets,
        CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(targetFolder);
        Directory.CreateDirectory(root);
        RefuseLink(new DirectoryInfo(root));

        var written = new List<string>();
        var contents = files.Select(f => KeyValuePair.Create(f.Key, Utf8.GetBytes(f.Value))).Concat(assets);
        foreach (var (relative, bytes) in contents.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var path = Inside(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            RefuseLinksBetween(root, path);
            if (File.Exists(path) && (await File.ReadAllBytesAsync(path, cancellationToken)).AsSpan().SequenceEqual(bytes))
                continue;
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            written.Add(relative);
        }

        var produced = files.Keys.Concat(assets.Keys).Select(relative => Inside(root, relative)).ToHashSet(StringComparer.Ordinal);
        var deleted = new List<string>();
        foreach (var path in ExistingFiles(root))
        {
            if (produced.Contains(path) || !await IsGeneratedAsync(path, cancellationToken)) continue;
            File.Delete(path);
            deleted.Add(Relative(root, path));
        }
        RemoveEmptyFolders(root);
        return (written, deleted);
    }

    /// <summary>Files under the SDK folder, except build output, in ordinal order of their relative paths.</summary>
    public static IEnumerable<string> ExistingFiles(string root)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) return [];
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return Directory.EnumerateFiles(root, "*", options)
            .Where(path => !BuildFolders.Contains(Relative(root, path).Split('/')[0]))
            .OrderBy(path => Relative(root, path), StringComparer.Ordinal);
    }

    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>Whether a file starts with the generator's marker (within its first line or two).</summary>
    public static async Task<bool> IsGeneratedAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Utf8);
        var buffer = new char[512];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read).Contains(SdkGenerator.Marker, StringComparison.Ordinal);
    }

    /// <summary>The full path of a relative path, refused unless it stays under the root.</summary>
    private static string Inside(string root, string relative)
    {
        if (Path.IsPathRooted(relative) || relative.Split('/').Any(part => part is "" or "." or ".."))
            throw new InvalidOperationException($"refusing to write '{relative}': not a plain relative path");
        var path = Path.GetFullPath(Path.Combine(root, relative));
        if (!path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"refusing to write '{relative}': outside {root}");
        return path;
    }

    /// <summary>A symbolic link on the way would let a write land outside the folder.</summary>
    private static void RefuseLinksBetween(string root, string path)
    {
        for (var current = new FileInfo(path) as FileSystemInfo; current.FullName.Length > root.Length;
             current = new DirectoryInfo(Path.GetDirectoryName(current.FullName)!))
        {
            if (current.Exists) RefuseLink(current);
        }
    }

    private static void RefuseLink(FileSystemInfo entry)
    {
        if (entry.LinkTarget is not null)
            throw new InvalidOperationException($"refusing to write through the symbolic link {entry.FullName}");
    }

    private static void RemoveEmptyFolders(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var folder in Directory.EnumerateDirectories(root, "*", options).OrderByDescending(f => f.Length))
        {
            if (BuildFolders.Contains(Relative(root, folder).Split('/')[0])) continue;
            if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
    }
}

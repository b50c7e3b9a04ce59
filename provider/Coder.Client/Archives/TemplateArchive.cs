using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;

namespace Coder.Client.Archives;

/// <summary>A file of an in-memory template.</summary>
/// <param name="Path">Relative, with <c>/</c> between directories.</param>
public sealed record TemplateFile(string Path, ReadOnlyMemory<byte> Content, bool Executable = false)
{
    public static TemplateFile Text(string path, string content, bool executable = false) =>
        new(path, Encoding.UTF8.GetBytes(content), executable);
}

/// <summary>A directory on disk placed at <paramref name="Path"/> inside a template ("" for its root).</summary>
public sealed record TemplateDirectory(string Path, string Directory);

/// <summary>A built archive: seekable (so an upload refused with 429 can be sent again), with its hash.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the tar bytes.</param>
public sealed record TemplateArchiveContent(Stream Content, long Length, string Sha256) : IDisposable
{
    public void Dispose() => Content.Dispose();
}

/// <summary>The archive would be larger than its limit.</summary>
public sealed class TemplateArchiveTooLargeException : Exception
{
    internal TemplateArchiveTooLargeException(long size, long limit, IReadOnlyList<(string Path, long Size)> largest)
        : base(Compose(size, limit, largest))
    {
        Size = size;
        Limit = limit;
    }

    public long Size { get; }

    public long Limit { get; }

    private static string Compose(long size, long limit, IReadOnlyList<(string Path, long Size)> largest)
    {
        var text = new StringBuilder()
            .Append($"The template archive would be {size} bytes, over the limit of {limit} bytes");
        if (limit == TemplateArchiveRules.CoderCliLimitBytes)
        {
            text.Append(" (1 MiB, the limit `coder templates push` applies)");
        }

        text.Append('.');
        if (largest.Count > 0)
        {
            text.Append(" Largest files: ").Append(string.Join(", ", largest.Select(f => $"{f.Path} ({f.Size} bytes)"))).Append('.');
        }

        text.Append(" Hidden files, .tfstate and .tfvars files are left out already; move other large files out of the template directory.");
        return text.ToString();
    }
}

/// <summary>
/// A template's source as Coder wants it uploaded: a deterministic ustar archive. Entries are sorted by path and
/// carry a fixed time, owner and mode (0755 for directories and executable files, 0644 otherwise), so the same
/// content always gives the same bytes and the same <see cref="TemplateArchiveContent.Sha256"/>. Skipped content
/// (see <see cref="TemplateArchiveRules"/>) is never opened, and file contents are streamed rather than loaded.
/// </summary>
public sealed class TemplateArchive
{
    /// <summary>The time stamp of every entry.</summary>
    public static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int BlockSize = 512;
    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101;
    private const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101;
    private const UnixFileMode RegularFileMode = (UnixFileMode)0b110_100_100;

    private readonly IReadOnlyList<Entry> _entries;

    private TemplateArchive(IReadOnlyList<Entry> entries, long limitBytes)
    {
        _entries = entries;
        LimitBytes = limitBytes;
        Size = BlockSize * 2L + entries.Sum(e => BlockSize + RoundUp(e.Length));
    }

    /// <summary>The archived paths in archive order; directories end with <c>/</c>.</summary>
    public IReadOnlyList<string> Paths => _entries.Select(e => e.Name).ToList();

    /// <summary>Exact size of the tar, known before any content is read.</summary>
    public long Size { get; }

    public long LimitBytes { get; }

    /// <summary>Collects a template directory. Reads names and sizes only; contents are read when writing.</summary>
    /// <param name="limitBytes">Largest archive allowed; defaults to the limit of <c>coder templates push</c>.</param>
    public static TemplateArchive FromDirectory(string directory, long limitBytes = TemplateArchiveRules.CoderCliLimitBytes) =>
        Compose([], [new TemplateDirectory("", directory)], limitBytes, Path.GetFullPath(directory));

    /// <summary>Collects an in-memory template; the same rules apply as for a directory.</summary>
    public static TemplateArchive FromFiles(IEnumerable<TemplateFile> files, long limitBytes = TemplateArchiveRules.CoderCliLimitBytes) =>
        Compose(files, [], limitBytes, "The in-memory template");

    /// <summary>
    /// Collects a template made of in-memory files and directories placed at paths inside it (a Pulumi
    /// <c>AssetArchive</c> mixing string assets and folders). The skip rules apply to each entry's path in the
    /// archive, and a skipped directory is never read.
    /// </summary>
    public static TemplateArchive Compose(
        IEnumerable<TemplateFile> files,
        IEnumerable<TemplateDirectory> directories,
        long limitBytes = TemplateArchiveRules.CoderCliLimitBytes,
        string what = "The template")
    {
        var entries = new List<Entry>();
        var parents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = NormalizeRelativePath(file.Path);
            if (TemplateArchiveRules.ExcludesFile(path))
            {
                continue;
            }

            if (path.LastIndexOf('/') is var slash and > 0)
            {
                AddDirectories(path[..slash], parents, entries);
            }

            var content = file.Content;
            entries.Add(new Entry(path, TarEntryType.RegularFile, content.Length, file.Executable ? ExecutableMode : RegularFileMode,
                null, null, () => new MemoryStream(content.ToArray(), writable: false)));
        }

        foreach (var directory in directories)
        {
            var root = new DirectoryInfo(directory.Directory);
            if (!root.Exists)
            {
                throw new DirectoryNotFoundException($"Template directory {root.FullName} does not exist.");
            }

            var prefix = directory.Path.Length == 0 ? "" : NormalizeRelativePath(directory.Path);
            if (prefix.Length == 0)
            {
                Collect(root, "", entries);
            }
            else if (!TemplateArchiveRules.ExcludesFile(prefix) && !TemplateArchiveRules.SkipsDirectory(prefix))
            {
                AddDirectories(prefix, parents, entries);
                Collect(root, prefix + "/", entries);
            }
        }

        // A folder may hold a directory that an in-memory file's path also implies: one entry is enough.
        entries = entries.Where((e, i) => e.Type != TarEntryType.Directory
            || entries.FindIndex(other => other.Name == e.Name) == i).ToList();
        if (entries.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() != entries.Count)
        {
            var twice = entries.GroupBy(e => e.Name, StringComparer.Ordinal).First(g => g.Count() > 1).Key;
            throw new ArgumentException($"{what} has {twice} twice: each path may come from one file or folder only.");
        }

        return Create(entries, limitBytes, what);
    }

    /// <summary>Writes the archive to <paramref name="destination"/> and returns the SHA-256 of what was written.</summary>
    public async Task<string> WriteToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var sink = new HashingLimitedStream(destination, hash, LimitBytes))
        {
            await using var writer = new TarWriter(sink, TarEntryFormat.Ustar, leaveOpen: true);
            foreach (var entry in _entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await WriteEntryAsync(writer, entry, cancellationToken).ConfigureAwait(false);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The SHA-256 of the archive, computed by streaming it without keeping it.</summary>
    public Task<string> ComputeSha256Async(CancellationToken cancellationToken = default) =>
        WriteToAsync(Stream.Null, cancellationToken);

    /// <summary>Builds the archive in memory, ready for <see cref="Api.IFilesApi.UploadTarAsync"/>.</summary>
    public async Task<TemplateArchiveContent> BuildAsync(CancellationToken cancellationToken = default)
    {
        var buffer = new MemoryStream(checked((int)Size));
        var sha256 = await WriteToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return new TemplateArchiveContent(buffer, buffer.Length, sha256);
    }

    private static TemplateArchive Create(List<Entry> entries, long limitBytes, string what)
    {
        if (!entries.Any(e => e.Type == TarEntryType.RegularFile && !e.Name.Contains('/') && TemplateArchiveRules.IsTerraformFile(e.Name)))
        {
            throw new ArgumentException($"{what} is not a Terraform template: it has no top-level .tf or .tf.json file. " +
                "Point it at the template's own folder, the one holding its main.tf (not a parent or a sub-folder).");
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var archive = new TemplateArchive(entries, limitBytes);
        if (archive.Size > limitBytes)
        {
            var largest = entries.Where(e => e.Length > 0).OrderByDescending(e => e.Length).Take(3)
                .Select(e => (e.Name, e.Length)).ToList();
            throw new TemplateArchiveTooLargeException(archive.Size, limitBytes, largest);
        }

        return archive;
    }

    private static void Collect(DirectoryInfo directory, string prefix, List<Entry> entries)
    {
        foreach (var info in directory.EnumerateFileSystemInfos())
        {
            var path = prefix + info.Name;
            if (info.LinkTarget is { } target)
            {
                // Kept as a link, not followed, as the Coder CLI does.
                if (!TemplateArchiveRules.SkipsFile(path))
                {
                    entries.Add(new Entry(path, TarEntryType.SymbolicLink, 0, ExecutableMode, target.Replace('\\', '/'), null, null));
                }
            }
            else if (info is DirectoryInfo subdirectory)
            {
                if (!TemplateArchiveRules.SkipsDirectory(path))
                {
                    entries.Add(new Entry(path + "/", TarEntryType.Directory, 0, DirectoryMode, null, null, null));
                    Collect(subdirectory, path + "/", entries);
                }
            }
            else if (info is FileInfo file && !TemplateArchiveRules.SkipsFile(path))
            {
                entries.Add(new Entry(path, TarEntryType.RegularFile, file.Length, IsExecutable(file) ? ExecutableMode : RegularFileMode,
                    null, file.FullName, null));
            }
        }
    }

    private static bool IsExecutable(FileInfo file) =>
        !OperatingSystem.IsWindows() && (file.UnixFileMode & UnixFileMode.UserExecute) != 0;

    private static async Task WriteEntryAsync(TarWriter writer, Entry entry, CancellationToken cancellationToken)
    {
        var tarEntry = new UstarTarEntry(entry.Type, entry.Name)
        {
            ModificationTime = EntryTime,
            Mode = entry.Mode,
            Uid = 0,
            Gid = 0,
            UserName = "",
            GroupName = "",
        };
        if (entry.LinkTarget is not null)
        {
            tarEntry.LinkName = entry.LinkTarget;
        }

        if (entry.Type != TarEntryType.RegularFile)
        {
            await writer.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var content = entry.OpenContent?.Invoke() ?? new FileStream(entry.SourcePath!, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        if (content.Length != entry.Length)
        {
            throw new IOException($"{entry.Name} changed while the template archive was being written.");
        }

        tarEntry.DataStream = content;
        await writer.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
    }

    private static string NormalizeRelativePath(string path)
    {
        var normalized = path.Replace('\\', '/').Trim('/');
        var segments = normalized.Split('/');
        if (normalized.Length == 0 || segments.Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not a relative path inside the template.", nameof(path));
        }

        return normalized;
    }

    /// <summary>Adds the entries of <paramref name="directoryPath"/> and the directories above it, once each.</summary>
    private static void AddDirectories(string directoryPath, HashSet<string> parents, List<Entry> entries)
    {
        var segments = directoryPath.Split('/');
        for (var n = 1; n <= segments.Length; n++)
        {
            var directory = string.Join('/', segments[..n]) + "/";
            if (parents.Add(directory))
            {
                entries.Add(new Entry(directory, TarEntryType.Directory, 0, DirectoryMode, null, null, null));
            }
        }
    }

    private static long RoundUp(long length) => (length + BlockSize - 1) / BlockSize * BlockSize;

    private sealed record Entry(
        string Name,
        TarEntryType Type,
        long Length,
        UnixFileMode Mode,
        string? LinkTarget,
        string? SourcePath,
        Func<Stream>? OpenContent);

    /// <summary>Passes writes on while hashing them, and refuses to go past the limit (files may grow after the
    /// size was checked).</summary>
    private sealed class HashingLimitedStream(Stream inner, IncrementalHash hash, long limit) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Account(buffer.Length);
            hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Account(buffer.Length);
            hash.AppendData(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Account(int count)
        {
            _written += count;
            if (_written > limit)
            {
                throw new TemplateArchiveTooLargeException(_written, limit, []);
            }
        }
    }
}

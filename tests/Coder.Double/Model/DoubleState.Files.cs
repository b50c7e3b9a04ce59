namespace Coder.Double.Model;

/// <summary>An uploaded file (a template's source archive, stored as tar).</summary>
public sealed class FileRow
{
    public required Guid Id { get; init; }
    /// <summary>Hex SHA-256 of Data; coderd de-duplicates uploads per (hash, uploader).</summary>
    public required string Hash { get; init; }
    public required Guid CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Mimetype { get; init; }
    public required byte[] Data { get; init; }
}

public sealed partial class DoubleState
{
    public List<FileRow> Files { get; } = [];

    public FileRow? FileById(Guid id) => Files.FirstOrDefault(f => f.Id == id);

    partial void ResetFiles() => Files.Clear();
}

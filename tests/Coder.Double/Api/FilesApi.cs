using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>/api/v2/files (coderd/files.go): tar or zip uploads, stored as tar and de-duplicated per uploader.</summary>
public static class FilesApi
{
    /// <summary>coderd's HTTPFileMaxBytes: 100 MiB, for the upload and for a zip once expanded.</summary>
    public const long MaxBytes = 10 * (10L << 20);

    public const string TarMimeType = "application/x-tar";
    private const string ZipMimeType = "application/zip";
    private const string WindowsZipMimeType = "application/x-zip-compressed";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/files", Upload);
        api.MapGet("/files/{fileID}", Download);
    }

    private static async Task<IResult> Upload(HttpContext context, DoubleState state)
    {
        // coderd compares the header verbatim: parameters such as a charset make it unsupported.
        var contentType = context.Request.Headers.ContentType.ToString();
        if (contentType is not (TarMimeType or ZipMimeType or WindowsZipMimeType))
        {
            return Reply.BadRequest($"Unsupported content type header \"{contentType}\".");
        }

        var raw = await RawBody.ReadAsync(context, MaxBytes);
        if (raw.TooLarge)
        {
            return Reply.Error(StatusCodes.Status413RequestEntityTooLarge, "Request body too large.", $"Maximum request body size is {MaxBytes} bytes.");
        }
        var data = raw.Bytes.ToArray();

        if (contentType != TarMimeType)
        {
            var (tar, error) = ZipToTar(data);
            if (error is not null) return error;
            data = tar!;
        }

        var hash = System.Convert.ToHexStringLower(SHA256.HashData(data));
        var uploader = AuthenticationFilter.ActorId(context);
        lock (state.Sync)
        {
            if (state.Files.FirstOrDefault(f => f.Hash == hash && f.CreatedBy == uploader) is { } existing)
            {
                return Reply.Ok(new UploadResponse(existing.Id));
            }
            var file = new FileRow { Id = Guid.NewGuid(), Hash = hash, CreatedBy = uploader, CreatedAt = state.Now(), Mimetype = TarMimeType, Data = data };
            state.Files.Add(file);
            return Reply.Created(new UploadResponse(file.Id));
        }
    }

    private static IResult Download(HttpContext context, DoubleState state)
    {
        var raw = context.Route("fileID");
        if (string.IsNullOrEmpty(raw)) return Reply.BadRequest("File id must be provided in url.");
        if (!CoderRules.TryParseUuid(raw, out var id, out _)) return Reply.BadRequest("File id must be a valid UUID.");

        FileRow? file;
        lock (state.Sync) file = state.FileById(id);
        if (file is null) return Reply.NotFound();

        var format = context.Request.Query["format"].FirstOrDefault() ?? "";
        return format switch
        {
            "" => Results.Bytes(file.Data, file.Mimetype),
            "zip" when file.Mimetype != TarMimeType => Reply.BadRequest("Only .tar files can be converted to .zip format"),
            "zip" => Results.Bytes(TarToZip(file.Data), ZipMimeType),
            _ => Reply.BadRequest("Unsupported conversion format."),
        };
    }

    /// <summary>Like coderd's archive.CreateTarFromZip: entries in order, uid/gid 1000, the output capped at the limit.</summary>
    private static (byte[]? Tar, IResult? Error) ZipToTar(byte[] zip)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            return (null, Reply.BadRequest("Incomplete .zip archive file.", $"zip: {e.Message}"));
        }

        using (archive)
        {
            long projected = 1024; // the two end-of-archive blocks
            foreach (var entry in archive.Entries)
            {
                projected += 512 + (entry.Length + 511) / 512 * 512;
                if (projected > MaxBytes) return (null, Reply.Error(StatusCodes.Status413RequestEntityTooLarge, "Expanded .zip archive exceeds maximum size."));
            }

            var output = new MemoryStream();
            try
            {
                using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
                {
                    foreach (var entry in archive.Entries)
                    {
                        var isDirectory = entry.FullName.EndsWith('/');
                        var tarEntry = new UstarTarEntry(isDirectory ? TarEntryType.Directory : TarEntryType.RegularFile, entry.FullName)
                        {
                            Uid = 1000,
                            Gid = 1000,
                            ModificationTime = entry.LastWriteTime,
                            Mode = UnixModeOf(entry, isDirectory),
                        };
                        if (!isDirectory)
                        {
                            var content = new MemoryStream();
                            using (var stream = entry.Open()) stream.CopyTo(content);
                            content.Position = 0;
                            tarEntry.DataStream = content;
                        }
                        writer.WriteEntry(tarEntry);
                    }
                }
            }
            catch (InvalidDataException)
            {
                return (null, Reply.BadRequest("Invalid .zip archive contents."));
            }
            return (output.ToArray(), null);
        }
    }

    private static UnixFileMode UnixModeOf(ZipArchiveEntry entry, bool isDirectory)
    {
        var unixMode = (entry.ExternalAttributes >> 16) & 0xFFF;
        if (unixMode != 0) return (UnixFileMode)unixMode;
        return isDirectory ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100;
    }

    /// <summary>?format=zip: the stored tar as a zip archive.</summary>
    private static byte[] TarToZip(byte[] tar)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        using (var reader = new TarReader(new MemoryStream(tar)))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.Directory)) continue;
                var zipEntry = zip.CreateEntry(entry.Name);
                zipEntry.LastWriteTime = entry.ModificationTime;
                if (entry.DataStream is { } data)
                {
                    using var target = zipEntry.Open();
                    data.CopyTo(target);
                }
            }
        }
        return output.ToArray();
    }
}

/// <summary>codersdk.UploadResponse: the file's id, under the JSON name "hash".</summary>
public sealed record UploadResponse([property: System.Text.Json.Serialization.JsonPropertyName("hash")] Guid Id);

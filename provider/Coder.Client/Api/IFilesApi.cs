using Coder.Client.Models;
using Refit;

namespace Coder.Client.Api;

/// <summary>Uploaded files (template source archives). coderd stores each distinct content once and answers a
/// repeated upload with the existing file's ID.</summary>
public interface IFilesApi
{
    /// <summary>Uploads a ustar archive (see <see cref="Archives.TemplateArchive"/>). The stream should be seekable:
    /// a request the server refused with 429/503 is sent again from the start.</summary>
    [Post("/api/v2/files")]
    [Headers("Content-Type: application/x-tar")]
    Task<UploadResponse> UploadTarAsync([Body] Stream tar, CancellationToken cancellationToken = default);

    /// <summary>The file's bytes as uploaded. The caller disposes the stream.</summary>
    [Get("/api/v2/files/{fileId}")]
    Task<Stream> DownloadAsync(Guid fileId, CancellationToken cancellationToken = default);
}

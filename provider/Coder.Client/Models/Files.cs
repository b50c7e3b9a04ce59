using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record UploadResponse
{
    [JsonPropertyName("hash")] public Guid Hash { get; init; }
}

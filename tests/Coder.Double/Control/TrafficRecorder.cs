using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coder.Double.Control;

/// <summary>One HTTP exchange as check-coder-traffic.py reads it (one JSON object per line).</summary>
/// <param name="ReceivedAt">When the request arrived (a WebSocket stream is recorded when it ends, so this is how
/// one tells what a client sent while a job ran).</param>
public sealed record RecordedExchange(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("requestBody")] JsonNode? RequestBody,
    [property: JsonPropertyName("responseBody")] JsonNode? ResponseBody,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt);

/// <summary>
/// Keeps every API exchange in memory and, when a file is named, appends it there as JSON Lines. Appends to one
/// file are serialized across all doubles in the process, and each line goes out in a single append-mode write,
/// so lines never interleave (other processes appending to the same file included).
/// </summary>
public sealed class TrafficRecorder
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lock> FileLocks = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly Lock _sync = new();
    private readonly List<RecordedExchange> _exchanges = [];
    private readonly List<string> _openStreams = [];

    public TrafficRecorder(string? filePath)
    {
        FilePath = string.IsNullOrWhiteSpace(filePath) ? null : Path.GetFullPath(filePath);
        if (FilePath is not null && Path.GetDirectoryName(FilePath) is { } directory) Directory.CreateDirectory(directory);
    }

    /// <summary>The JSON Lines file exchanges are appended to, or null.</summary>
    public string? FilePath { get; }

    public IReadOnlyList<RecordedExchange> Exchanges
    {
        get { lock (_sync) return _exchanges.ToList(); }
    }

    public void Clear()
    {
        lock (_sync) _exchanges.Clear();
    }

    /// <summary>The paths (with query) of the log streams open now: a WebSocket exchange is recorded when it ends,
    /// so this is how a test sees that a client follows a job.</summary>
    public IReadOnlyList<string> OpenStreams
    {
        get { lock (_sync) return _openStreams.ToList(); }
    }

    internal void StreamOpened(string path)
    {
        lock (_sync) _openStreams.Add(path);
    }

    internal void StreamClosed(string path)
    {
        lock (_sync) _openStreams.Remove(path);
    }

    /// <summary>Request fields that carry credentials; their values never reach a recording, in memory or on disk.</summary>
    public static readonly IReadOnlySet<string> SecretFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "password", "old_password", "session_token", "token",
    };

    /// <summary>Request lists of <c>{"name", "value"}</c> pairs whose values are redacted: a template version's
    /// Terraform variable values (the provider's <c>tfVars</c>, a secret), often credentials. The double cannot tell a
    /// sensitive variable from another when the version is created, so every value is.</summary>
    public static readonly IReadOnlySet<string> SecretValueLists = new HashSet<string>(StringComparer.Ordinal)
    {
        "user_variable_values",
    };

    public const string Redacted = "[redacted]";

    public void Record(RecordedExchange exchange)
    {
        exchange = exchange with { RequestBody = Redact(exchange.RequestBody), ResponseBody = Redact(exchange.ResponseBody) };
        lock (_sync) _exchanges.Add(exchange);
        if (FilePath is null) return;

        var line = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(exchange, LineOptions) + "\n");
        lock (FileLocks.GetOrAdd(FilePath, _ => new Lock()))
        {
            AppendExclusively(FilePath, line);
        }
    }

    /// <summary>
    /// Appends one line while holding the file exclusively. .NET's append mode seeks to the end when the file is
    /// opened rather than on each write, so writers in other processes (test assemblies run in parallel) must not have
    /// it open at the same time; on Unix FileShare.None takes an exclusive lock, and a writer that finds it taken waits.
    /// </summary>
    private static void AppendExclusively(string path, byte[] line)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
                file.Write(line);
                return;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(Random.Shared.Next(1, 5));
            }
        }
    }

    /// <summary>A copy of <paramref name="body"/> with every credential field's string value replaced, at any depth.</summary>
    public static JsonNode? Redact(JsonNode? body)
    {
        switch (body)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    copy[name] = SecretFields.Contains(name) && value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        ? JsonValue.Create(Redacted)
                        : SecretValueLists.Contains(name) && value is JsonArray pairs
                            ? new JsonArray([.. pairs.Select(RedactValue)])
                            : Redact(value);
                }
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(Redact)]);
            default:
                return body?.DeepClone();
        }
    }

    private static JsonNode? RedactValue(JsonNode? pair)
    {
        var copy = Redact(pair);
        if (copy is JsonObject obj && obj["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String) obj["value"] = Redacted;
        return copy;
    }

    /// <summary>A body as JSON, or null when it is empty or not JSON (a tar upload, say).</summary>
    public static JsonNode? ParseBody(ReadOnlySpan<byte> body)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty) return null;
        try
        {
            var reader = new Utf8JsonReader(body);
            return JsonNode.Parse(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

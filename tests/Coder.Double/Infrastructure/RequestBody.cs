using System.Text.Json;

namespace Coder.Double.Infrastructure;

/// <summary>One failed struct-tag check, reported the way go-playground/validator is by coderd.</summary>
public readonly record struct FieldFailure(string Field, string Tag, string Value);

/// <summary>A JSON request body as coderd declares it: a Go struct name for error texts and its validate tags.</summary>
public interface ICoderRequest<TSelf> where TSelf : class, ICoderRequest<TSelf>
{
    /// <summary>The Go struct name coderd decodes into, as it appears in encoding/json errors.</summary>
    static abstract string GoTypeName { get; }

    /// <summary>The struct-tag checks in field order; at most one failure per field, like the validator.</summary>
    IEnumerable<FieldFailure> Validate();
}

/// <summary>A decoded request body, or the error coderd would answer instead.</summary>
public readonly record struct Body<T>(T? Value, IResult? Error) where T : class
{
    public bool Failed => Error is not null;
}

/// <summary>
/// A request body read ahead of the handler's lookups, so a handler can keep coderd's order (URL parameters
/// first, body second) while doing all its work under the state lock.
/// </summary>
public sealed class RawBody
{
    private readonly byte[] _bytes;
    private readonly bool _tooLarge;

    private RawBody(byte[] bytes, bool tooLarge)
    {
        _bytes = bytes;
        _tooLarge = tooLarge;
    }

    public ReadOnlySpan<byte> Bytes => _bytes;

    public bool TooLarge => _tooLarge;

    public static async Task<RawBody> ReadAsync(HttpContext context, long limit = RequestBody.MaxBytes)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) return new RawBody([], tooLarge: true);
        }
        return new RawBody(buffer.ToArray(), tooLarge: false);
    }

    /// <summary>coderd's httpapi.Read: decode JSON (Go semantics), then run the struct validation.</summary>
    public Body<T> Parse<T>() where T : class, ICoderRequest<T> => RequestBody.Parse<T>(this);
}

/// <summary>coderd's httpapi.Read: decode JSON (Go semantics), then run the struct validation.</summary>
public static class RequestBody
{
    public const int MaxBytes = 4 << 20;

    public static Body<T> Parse<T>(RawBody raw) where T : class, ICoderRequest<T>
    {
        if (raw.TooLarge)
        {
            return new Body<T>(null, Reply.Error(StatusCodes.Status413RequestEntityTooLarge,
                "Request body too large.", $"Maximum request body size is {MaxBytes} bytes."));
        }

        var bytes = raw.Bytes.ToArray();
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty) return Invalid<T>("EOF");

        JsonDocument document;
        try
        {
            // Go's Decoder reads one value and ignores what follows it.
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return Invalid<T>(e.BytePositionInLine is null ? "unexpected EOF" : $"invalid character in JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object && root.ValueKind != JsonValueKind.Null)
            {
                return Invalid<T>($"json: cannot unmarshal {GoKind(root)} into Go value of type codersdk.{T.GoTypeName}");
            }

            T value;
            try
            {
                value = (root.ValueKind == JsonValueKind.Null ? null : root.Deserialize<T>(CoderJson.Options))
                    ?? JsonSerializer.Deserialize<T>("{}", CoderJson.Options)!;
            }
            catch (JsonException e)
            {
                return Invalid<T>(DescribeMismatch<T>(root, e));
            }

            var failures = value.Validate()
                .Select(f => new ValidationError(f.Field, $"Validation failed for tag \"{f.Tag}\" with value: \"{f.Value}\""))
                .ToList();
            return failures.Count > 0
                ? new Body<T>(null, Reply.BadRequest("Validation failed.", validations: failures))
                : new Body<T>(value, null);
        }
    }

    private static Body<T> Invalid<T>(string detail) where T : class =>
        new(null, Reply.BadRequest("Request body must be valid JSON.", detail));

    /// <summary>An encoding/json-style explanation of a value of the wrong type.</summary>
    private static string DescribeMismatch<T>(JsonElement root, JsonException error) where T : class, ICoderRequest<T>
    {
        var path = (error.Path ?? "$").TrimStart('$').TrimStart('.');
        var element = Navigate(root, path);
        var field = path.Split('[')[0];
        if (element is { ValueKind: JsonValueKind.String } text && LooksLikeUuidField<T>(field))
        {
            CoderRules.TryParseUuid(text.GetString()!, out _, out var uuidError);
            return uuidError;
        }
        var kind = element is null ? "value" : GoKind(element.Value);
        return $"json: cannot unmarshal {kind} into Go struct field {T.GoTypeName}.{field} of type {GoTypeOf<T>(field)}";
    }

    private static bool LooksLikeUuidField<T>(string field) => GoTypeOf<T>(field).Contains("uuid.UUID", StringComparison.Ordinal);

    private static string GoTypeOf<T>(string jsonField)
    {
        var property = typeof(T).GetProperties().FirstOrDefault(p =>
            string.Equals(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), jsonField, StringComparison.OrdinalIgnoreCase));
        var type = property is null ? typeof(object) : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(string)) return "string";
        if (type == typeof(bool)) return "bool";
        if (type == typeof(long) || type == typeof(int)) return "int";
        if (type == typeof(Guid)) return "uuid.UUID";
        if (type == typeof(List<Guid>)) return "[]uuid.UUID";
        if (type == typeof(List<string>)) return "[]string";
        if (type == typeof(Dictionary<string, string>)) return "map[string]string";
        return "object";
    }

    private static JsonElement? Navigate(JsonElement root, string path)
    {
        var current = root;
        foreach (var part in path.Replace("[", ".[").Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith('[') && int.TryParse(part.Trim('[', ']'), out var index))
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength()) return null;
                current = current[index];
            }
            else
            {
                if (current.ValueKind != JsonValueKind.Object) return null;
                var found = current.EnumerateObject().Where(p => string.Equals(p.Name, part, StringComparison.OrdinalIgnoreCase)).ToList();
                if (found.Count == 0) return null;
                current = found[^1].Value;
            }
        }
        return current;
    }

    private static string GoKind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };
}

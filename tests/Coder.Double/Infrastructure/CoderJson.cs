using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coder.Double.Infrastructure;

/// <summary>JSON as coderd writes and reads it: snake_case names, Go time format, Go-like leniency on input.</summary>
public static class CoderJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            // Go's encoding/json matches keys case-insensitively and ignores unknown ones.
            PropertyNameCaseInsensitive = true,
            // ...but it never accepts a number written as a string.
            NumberHandling = JsonNumberHandling.Strict,
            // Readable recordings; Go itself only escapes <, > and &.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new GoTimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>RFC 3339 with trailing zeros of the fraction dropped, as Go's time.Time marshals (UTC here).</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    private sealed class GoTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(FormatTime(value));
    }
}

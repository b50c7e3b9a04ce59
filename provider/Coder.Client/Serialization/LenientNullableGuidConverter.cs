using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coder.Client.Serialization;

/// <summary>
/// Reads a Go <c>uuid.NullUUID</c>. coderd writes it as null or a UUID string, but the swagger describes it as an
/// object <c>{"uuid": "...", "valid": true}</c>; both spellings are accepted so that neither a real coderd nor a
/// double built from the swagger breaks the read. Writing always uses coderd's spelling.
/// </summary>
public sealed class LenientNullableGuidConverter : JsonConverter<Guid?>
{
    public override bool HandleNull => true;

    public override Guid? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                var text = reader.GetString();
                return string.IsNullOrEmpty(text) ? null : Guid.Parse(text);
            case JsonTokenType.StartObject:
                return ReadObjectForm(ref reader);
            default:
                throw new JsonException($"Expected a UUID string, null or {{uuid, valid}} object, got {reader.TokenType}.");
        }
    }

    private static Guid? ReadObjectForm(ref Utf8JsonReader reader)
    {
        Guid? value = null;
        var valid = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new JsonException("Malformed nullable UUID object.");
            }

            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "uuid", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString();
                value = string.IsNullOrEmpty(text) ? null : Guid.Parse(text);
            }
            else if (string.Equals(name, "valid", StringComparison.OrdinalIgnoreCase) &&
                     reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                valid = reader.GetBoolean();
            }
            else
            {
                reader.Skip();
            }
        }

        return valid ? value : null;
    }

    public override void Write(Utf8JsonWriter writer, Guid? value, JsonSerializerOptions options)
    {
        if (value is { } guid)
        {
            writer.WriteStringValue(guid);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

using System.Collections.Immutable;
using Google.Protobuf.WellKnownTypes;
using Pulumi.Experimental;

namespace Pulumi.Coder.EngineHarness;

/// <summary>
/// Pulumi property values on the wire: a <c>google.protobuf.Struct</c> in which secrets are objects tagged with a
/// signature key and unknowns (values not known during preview) are a sentinel string.
/// </summary>
public static class WireValues
{
    public const string SignatureKey = "4dabf18193072939515e22adb298388d";
    public const string SecretSignature = "1b47061264138c4ac30d75fd1eb44270";
    public const string UnknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    public const string AssetSignature = "c44067f5952c0a294b673a41bacd8c17";
    public const string ArchiveSignature = "0def7320c3a5731c473e5ecbe6d01bc7";

    // Assets and archives travel as signed objects ({sig, path | text | assets | uri}); the harness builds and keeps
    // them as maps carrying the signature key, which ToStruct sends exactly as the engine does.

    /// <summary>A program's <c>new FileArchive(path)</c>: a folder or an archive file.</summary>
    public static PropertyValue FileArchive(string path) => Special(ArchiveSignature, "path", new PropertyValue(path));

    /// <summary>A program's <c>new AssetArchive(...)</c> of assets and archives.</summary>
    public static PropertyValue AssetArchive(IReadOnlyDictionary<string, PropertyValue> assets) =>
        Special(ArchiveSignature, "assets", new PropertyValue(assets.ToImmutableDictionary()));

    /// <summary>A program's <c>new StringAsset(text)</c>.</summary>
    public static PropertyValue StringAsset(string text) => Special(AssetSignature, "text", new PropertyValue(text));

    /// <summary>A program's <c>new FileAsset(path)</c>.</summary>
    public static PropertyValue FileAsset(string path) => Special(AssetSignature, "path", new PropertyValue(path));

    private static PropertyValue Special(string signature, string key, PropertyValue value) =>
        new(ImmutableDictionary<string, PropertyValue>.Empty.Add(SignatureKey, new PropertyValue(signature)).Add(key, value));

    public static Struct ToStruct(IReadOnlyDictionary<string, PropertyValue> values)
    {
        var result = new Struct();
        foreach (var (key, value) in values) result.Fields[key] = ToValue(value);
        return result;
    }

    public static ImmutableDictionary<string, PropertyValue> FromStruct(Struct? values) =>
        values is null
            ? ImmutableDictionary<string, PropertyValue>.Empty
            : values.Fields.ToImmutableDictionary(kv => kv.Key, kv => FromValue(kv.Value));

    public static Value ToValue(PropertyValue value)
    {
        var plain = value.IsSecret ? value.WithSecret(false) : value;
        var wire = plain switch
        {
            { IsComputed: true } => Value.ForString(UnknownSentinel),
            { IsNull: true } => Value.ForNull(),
            _ when plain.TryGetBool(out var b) => Value.ForBool(b),
            _ when plain.TryGetNumber(out var n) => Value.ForNumber(n),
            _ when plain.TryGetString(out var s) => Value.ForString(s),
            _ when plain.TryGetArray(out var items) => Value.ForList([.. items.Select(ToValue)]),
            _ when plain.TryGetMap(out var map) => Value.ForStruct(ToStruct(map)),
            _ => throw new NotSupportedException($"the harness does not send {plain.Type} values"),
        };
        if (!value.IsSecret) return wire;
        var secret = new Struct();
        secret.Fields[SignatureKey] = Value.ForString(SecretSignature);
        secret.Fields["value"] = wire;
        return Value.ForStruct(secret);
    }

    public static PropertyValue FromValue(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.None or Value.KindOneofCase.NullValue => PropertyValue.Null,
        Value.KindOneofCase.BoolValue => new PropertyValue(value.BoolValue),
        Value.KindOneofCase.NumberValue => new PropertyValue(value.NumberValue),
        Value.KindOneofCase.StringValue => value.StringValue == UnknownSentinel ? PropertyValue.Computed : new PropertyValue(value.StringValue),
        Value.KindOneofCase.ListValue => new PropertyValue(value.ListValue.Values.Select(FromValue).ToImmutableArray()),
        Value.KindOneofCase.StructValue => FromObject(value.StructValue),
        _ => throw new NotSupportedException(value.KindCase.ToString()),
    };

    private static PropertyValue FromObject(Struct obj)
    {
        if (!obj.Fields.TryGetValue(SignatureKey, out var signature)
            || signature.StringValue is AssetSignature or ArchiveSignature) return new PropertyValue(FromStruct(obj));
        if (signature.StringValue != SecretSignature)
            throw new NotSupportedException($"the harness does not read special values with signature {signature.StringValue}");
        var inner = obj.Fields.TryGetValue("value", out var wrapped) ? FromValue(wrapped) : PropertyValue.Null;
        return inner.WithSecret(true);
    }
}

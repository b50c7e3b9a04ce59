using System.Diagnostics.CodeAnalysis;
using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using Pulumi.Experimental;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>A property value that cannot become the declared C# type; the message names the property path.</summary>
public sealed class PropertyMappingException(string path, string reason) : Exception($"{path}: {reason}")
{
    public string Path { get; } = path;
}

/// <summary>A typed value read from Pulumi property values, with the top-level properties whose values are not known
/// yet (preview) or were marked secret by the program.</summary>
public sealed record Mapped<T>(T Value, IReadOnlySet<string> Unknown, IReadOnlySet<string> Secret);

/// <summary>The one mapping between Pulumi property values and typed records, in both directions.</summary>
public static class PropertyMapper
{
    public static Mapped<T> Read<T>(IReadOnlyDictionary<string, PropertyValue> values) where T : class
    {
        var shape = ObjectShape.For<T>();
        var unknown = new HashSet<string>();
        var secret = new HashSet<string>();
        foreach (var (name, value) in values)
        {
            if (ContainsUnknown(value)) unknown.Add(name);
            if (ContainsSecret(value)) secret.Add(name);
        }
        var known = values.Where(kv => !unknown.Contains(kv.Key)).ToDictionary();
        return new Mapped<T>((T)ReadObject(known, shape, ""), unknown, secret);
    }

    public static T ReadKnown<T>(IReadOnlyDictionary<string, PropertyValue> values) where T : class
    {
        var mapped = Read<T>(values);
        if (mapped.Unknown.Count > 0)
            throw new InvalidOperationException($"values of {string.Join(", ", mapped.Unknown)} are not known yet");
        return mapped.Value;
    }

    /// <summary>Writes every non-null property of <paramref name="value"/>; sets are sorted so that equal sets
    /// always produce equal values.</summary>
    public static ImmutableDictionary<string, PropertyValue> Write<T>(T value) where T : class =>
        WriteObject(value, ObjectShape.For(value.GetType()));

    /// <summary>A <typeparamref name="T"/> holding the same-named properties of <paramref name="source"/>: a
    /// function's result drawn from a resource's outputs, so that what Coder answers is mapped to those properties in
    /// one place. Every property of <typeparamref name="T"/> but those in <paramref name="setByCaller"/> must be one of
    /// the source's, of the same shape, so that a misspelt or retyped property fails rather than stays empty.</summary>
    public static T Project<T>(object source, params string[] setByCaller) where T : class
    {
        var from = ObjectShape.For(source.GetType());
        var unmatched = ObjectShape.For<T>().Properties
            .Where(p => !setByCaller.Contains(p.Name) && from.Find(p.Name)?.Shape.Equals(p.Shape) != true)
            .Select(p => p.Name)
            .ToList();
        if (unmatched.Count > 0)
        {
            throw new InvalidOperationException($"{typeof(T).Name} cannot be drawn from {source.GetType().Name}: " +
                $"{string.Join(", ", unmatched)} {(unmatched.Count == 1 ? "is" : "are")} not among its properties with the same shape.");
        }
        return ReadKnown<T>(Write(source));
    }

    public static PropertyValue WriteValue(object? value, PropertyShape shape) => value switch
    {
        null => PropertyValue.Null,
        _ => shape switch
        {
            ScalarShape { Kind: ScalarKind.String } => new PropertyValue((string)value),
            ScalarShape { Kind: ScalarKind.Boolean } => new PropertyValue((bool)value),
            ScalarShape => new PropertyValue(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            ListShape list => new PropertyValue(WriteList((IEnumerable)value, list)),
            MapShape map => new PropertyValue(((IDictionary)value).Keys.Cast<string>()
                .ToImmutableDictionary(key => key, key => WriteValue(((IDictionary)value)[key], map.Value))),
            ObjectShape obj => new PropertyValue(WriteObject(value, obj)),
            ArchiveShape => new PropertyValue((Archive)value),
            _ => throw new NotSupportedException(shape.ToString()),
        },
    };

    public static object? ReadValue(PropertyValue value, PropertyShape shape, string path)
    {
        if (value.IsNull) return null;
        if (value.IsComputed) throw new PropertyMappingException(path, "the value is not known yet");
        switch (shape)
        {
            case ScalarShape { Kind: ScalarKind.String }:
                if (value.TryGetString(out var text)) return text;
                // The engine sends numbers and booleans from YAML/config as they are; Coder wants text.
                if (value.TryGetNumber(out var n)) return n.ToString(CultureInfo.InvariantCulture);
                if (value.TryGetBool(out var b)) return b ? "true" : "false";
                throw Mismatch(path, "a string", value);
            case ScalarShape { Kind: ScalarKind.Boolean }:
                if (value.TryGetBool(out var flag)) return flag;
                if (value.TryGetString(out var flagText) && bool.TryParse(flagText, out var parsed)) return parsed;
                throw Mismatch(path, "true or false", value);
            case ScalarShape scalar:
                var number = value.TryGetNumber(out var d) ? d
                    : value.TryGetString(out var numberText) && double.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p
                    : throw Mismatch(path, scalar.Kind == ScalarKind.Integer ? "a whole number" : "a number", value);
                if (scalar.Kind == ScalarKind.Number) return number;
                if (number != Math.Floor(number) || double.IsInfinity(number))
                    throw Mismatch(path, "a whole number", value);
                return scalar.ClrType == typeof(long) ? (object)checked((long)number)
                    : number is < int.MinValue or > int.MaxValue
                        ? throw new PropertyMappingException(path, $"{number} is out of range for a 32-bit whole number")
                        : (int)number;
            case ListShape list:
                if (!value.TryGetArray(out var items)) throw Mismatch(path, "a list", value);
                return CreateList(list, items.Select((item, i) => ReadValue(item, list.Element, $"{path}[{i}]")));
            case MapShape map:
                if (!value.TryGetMap(out var entries)) throw Mismatch(path, "an object of named values", value);
                return CreateMap(map, entries.OrderBy(e => e.Key, StringComparer.Ordinal)
                    .Select(e => (e.Key, ReadValue(e.Value, map.Value, $"{path}.{e.Key}"))));
            case ObjectShape obj:
                if (!value.TryGetMap(out var fields)) throw Mismatch(path, "an object", value);
                return ReadObject(fields, obj, path);
            case ArchiveShape:
                return value.TryGetArchive(out var archive) ? archive
                    : throw Mismatch(path, "an archive (a FileArchive of the folder, or an AssetArchive)", value);
            default:
                throw new NotSupportedException(shape.ToString());
        }
    }

    public static bool ContainsUnknown(PropertyValue value) =>
        value.IsComputed
        || value.TryGetArray(out var items) && items.Any(ContainsUnknown)
        || value.TryGetMap(out var map) && map.Values.Any(ContainsUnknown);

    public static bool ContainsSecret(PropertyValue value) =>
        value.IsSecret
        || value.TryGetArray(out var items) && items.Any(ContainsSecret)
        || value.TryGetMap(out var map) && map.Values.Any(ContainsSecret);

    /// <summary>The value with every secret marker removed, for comparisons.</summary>
    public static PropertyValue Unsecret(PropertyValue value)
    {
        if (value.TryGetArray(out var items)) return new PropertyValue(items.Select(Unsecret).ToImmutableArray());
        if (value.TryGetMap(out var map)) return new PropertyValue(map.ToImmutableDictionary(e => e.Key, e => Unsecret(e.Value)));
        return value.IsSecret ? value.WithSecret(false) : value;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = NativeAot.ShapesAreRooted)]
    private static object ReadObject(IReadOnlyDictionary<string, PropertyValue> fields, ObjectShape shape, string prefix)
    {
        var instance = Activator.CreateInstance(shape.ClrType)
            ?? throw new InvalidOperationException($"cannot create {shape.ClrType}");
        foreach (var property in shape.Properties)
        {
            if (!fields.TryGetValue(property.Name, out var value)) continue;
            var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            var typed = ReadValue(value, property.Shape, path);
            if (typed is not null) property.Property.SetValue(instance, typed);
        }
        return instance;
    }

    private static ImmutableDictionary<string, PropertyValue> WriteObject(object value, ObjectShape shape)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, PropertyValue>();
        foreach (var property in shape.Properties)
        {
            var field = property.Property.GetValue(value);
            if (field is not null) builder[property.Name] = WriteValue(field, property.Shape);
        }
        return builder.ToImmutable();
    }

    private static ImmutableArray<PropertyValue> WriteList(IEnumerable values, ListShape shape)
    {
        var written = values.Cast<object?>().Select(v => WriteValue(v, shape.Element));
        return shape.IsSet
            ? written.OrderBy(v => v.ToString(), StringComparer.Ordinal).ToImmutableArray()
            : written.ToImmutableArray();
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = NativeAot.ReferenceTypeCollections)]
    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = NativeAot.ReferenceTypeCollections)]
    private static object CreateList(ListShape shape, IEnumerable<object?> items)
    {
        var elementType = shape.ClrType.GetGenericArguments()[0];
        var typed = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        foreach (var item in items) typed.Add(item);
        if (!shape.IsSet) return typed;
        var create = typeof(ImmutableSortedSet).GetMethods()
            .Single(m => m.Name == nameof(ImmutableSortedSet.CreateRange) && m.GetParameters().Length == 1)
            .MakeGenericMethod(elementType);
        return create.Invoke(null, [typed])!;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = NativeAot.ReferenceTypeCollections)]
    private static object CreateMap(MapShape shape, IEnumerable<(string Key, object? Value)> entries)
    {
        var valueType = shape.ClrType.GetGenericArguments()[1];
        var typed = (IDictionary)Activator.CreateInstance(typeof(SortedDictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
        foreach (var (key, value) in entries) typed[key] = value;
        return typed;
    }

    private static PropertyMappingException Mismatch(string path, string expected, PropertyValue actual) =>
        new(path, $"expected {expected}, got {Describe(actual)}");

    private static string Describe(PropertyValue value) => value.Type switch
    {
        PropertyValueType.String => "a string",
        PropertyValueType.Number => "a number",
        PropertyValueType.Bool => "a boolean",
        PropertyValueType.Array => "a list",
        PropertyValueType.Map => "an object",
        PropertyValueType.Asset => "an asset",
        PropertyValueType.Archive => "an archive",
        PropertyValueType.Resource => "a resource reference",
        _ => value.Type.ToString().ToLowerInvariant(),
    };
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>The Pulumi type of a C# property type: what the schema says and how values are mapped.</summary>
public abstract record PropertyShape
{
    private static readonly ConcurrentDictionary<Type, PropertyShape> Cache = new();

    public static PropertyShape Of(Type type) => Cache.GetOrAdd(type, Create);

    private static PropertyShape Create(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return ScalarShape.String;
        if (type == typeof(bool)) return ScalarShape.Boolean;
        if (type == typeof(int) || type == typeof(long)) return new ScalarShape(ScalarKind.Integer, type);
        if (type == typeof(double)) return ScalarShape.Number;
        if (type == typeof(Archive)) return ArchiveShape.Instance;
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            if (definition == typeof(IReadOnlyList<>)) return new ListShape(Of(arguments[0]), type, IsSet: false);
            if (definition == typeof(ImmutableSortedSet<>)) return new ListShape(Of(arguments[0]), type, IsSet: true);
            if (definition == typeof(IReadOnlyDictionary<,>) && arguments[0] == typeof(string))
                return new MapShape(Of(arguments[1]), type);
        }
        if (type.GetCustomAttribute<PulumiTypeAttribute>() is not null) return ObjectShape.For(type);
        throw new NotSupportedException(
            $"{type} has no Pulumi shape: use string, bool, int, long, double, Archive, IReadOnlyList<T>, ImmutableSortedSet<T>, " +
            "IReadOnlyDictionary<string, T> or a record marked [PulumiType].");
    }
}

public enum ScalarKind { String, Boolean, Integer, Number }

public sealed record ScalarShape(ScalarKind Kind, Type ClrType) : PropertyShape
{
    public static readonly ScalarShape String = new(ScalarKind.String, typeof(string));
    public static readonly ScalarShape Boolean = new(ScalarKind.Boolean, typeof(bool));
    public static readonly ScalarShape Number = new(ScalarKind.Number, typeof(double));
}

/// <summary>A Pulumi archive (a folder, an archive file, or assets built in the program): <c>pulumi.json#/Archive</c>.
/// The engine does not keep archive contents, so an archive is compared through the digest its resource records.</summary>
public sealed record ArchiveShape : PropertyShape
{
    public static readonly ArchiveShape Instance = new();
}

/// <summary>An array; a set when <paramref name="IsSet"/> (order is not significant and never causes a diff).</summary>
public sealed record ListShape(PropertyShape Element, Type ClrType, bool IsSet) : PropertyShape;

public sealed record MapShape(PropertyShape Value, Type ClrType) : PropertyShape;

/// <summary>A record whose public properties are Pulumi properties: resource inputs and outputs, function arguments
/// and results, and nested object types.</summary>
public sealed record ObjectShape : PropertyShape
{
    private static readonly ConcurrentDictionary<Type, ObjectShape> Objects = new();
    private IReadOnlyList<PropertyDescriptor>? properties;

    private ObjectShape(Type clrType)
    {
        ClrType = clrType;
        TypeName = clrType.GetCustomAttribute<PulumiTypeAttribute>()?.Name;
        Description = clrType.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "";
    }

    public Type ClrType { get; }

    /// <summary>The name under <c>coder:index:</c> for a nested object type; null for top-level argument records.</summary>
    public string? TypeName { get; }

    public string Description { get; }

    /// <summary>Built lazily so that object types may refer to each other.</summary>
    public IReadOnlyList<PropertyDescriptor> Properties => properties ??= Describe(ClrType);

    public PropertyDescriptor? Find(string name) => Properties.FirstOrDefault(p => p.Name == name);

    public static ObjectShape For(Type type) => Objects.GetOrAdd(type, t => new ObjectShape(t));

    public static ObjectShape For<T>() => For(typeof(T));

    public bool Equals(ObjectShape? other) => other is not null && other.ClrType == ClrType;

    public override int GetHashCode() => ClrType.GetHashCode();

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = NativeAot.ShapesAreRooted)]
    private static IReadOnlyList<PropertyDescriptor> Describe(Type type)
    {
        var nullability = new NullabilityInfoContext();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            // Declaration order, which reflection does not promise; a NativeAOT build has no metadata tokens to sort by,
            // and lists properties in declaration order.
            .OrderBy(p => RuntimeFeature.IsDynamicCodeSupported ? p.MetadataToken : 0)
            .Select(p => PropertyDescriptor.Describe(p, nullability))
            .ToArray();
    }
}

/// <summary>Everything declared about one property: its Pulumi name and type, and its rules.</summary>
public sealed record PropertyDescriptor(
    string Name,
    PropertyInfo Property,
    PropertyShape Shape,
    string Description,
    bool IsRequired,
    bool IsAlwaysOutput,
    bool IsSecret,
    bool ReplaceOnChanges,
    bool IsWriteOnly,
    bool IsAppliedAfterCreate,
    bool IsDerived,
    string? ComparedBy,
    bool IsPartialMap,
    bool IsUniqueKey,
    string? ReplacingKeysListedIn,
    object? Default,
    IReadOnlyList<string> EnvironmentVariables,
    IReadOnlyList<ValidationAttribute> Rules)
{
    internal static PropertyDescriptor Describe(PropertyInfo property, NullabilityInfoContext nullability)
    {
        var name = property.GetCustomAttribute<PulumiNameAttribute>()?.Name ?? CamelCase(property.Name);
        var isNullable = nullability.Create(property).WriteState == NullabilityState.Nullable
            || Nullable.GetUnderlyingType(property.PropertyType) is not null;
        var defaultValue = property.GetCustomAttribute<DefaultValueAttribute>()?.Value;
        return new PropertyDescriptor(
            name,
            property,
            PropertyShape.Of(property.PropertyType),
            property.GetCustomAttribute<DescriptionAttribute>()?.Description
                ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} needs a [Description]: it becomes the schema's and the SDK's documentation."),
            IsRequired: !isNullable && defaultValue is null,
            IsAlwaysOutput: !isNullable || property.IsDefined(typeof(AlwaysOutputAttribute)),
            IsSecret: property.IsDefined(typeof(SecretAttribute)),
            ReplaceOnChanges: property.IsDefined(typeof(ReplaceOnChangesAttribute)),
            IsWriteOnly: property.IsDefined(typeof(WriteOnlyAttribute)),
            IsAppliedAfterCreate: property.IsDefined(typeof(AppliedAfterCreateAttribute)),
            IsDerived: property.IsDefined(typeof(DerivedAttribute)),
            ComparedBy: property.GetCustomAttribute<ComparedByAttribute>()?.DerivedProperty is { } derived ? CamelCase(derived) : null,
            IsPartialMap: property.IsDefined(typeof(PartialMapAttribute)),
            IsUniqueKey: property.IsDefined(typeof(UniqueKeyAttribute)),
            ReplacingKeysListedIn: property.GetCustomAttribute<ReplaceOnChangesOfKeysInAttribute>()?.DerivedListProperty is { } keys ? CamelCase(keys) : null,
            Default: defaultValue,
            EnvironmentVariables: property.GetCustomAttribute<EnvironmentDefaultAttribute>()?.Variables ?? [],
            Rules: property.GetCustomAttributes<ValidationAttribute>().ToArray());
    }

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

using System.Collections.Immutable;
using System.Reflection;
using Pulumi.Experimental;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>
/// Works around two gaps of pulumi-dotnet 3.112.1 for providers that take archives:
/// <list type="bullet">
/// <item>Asset and Archive keep what they point at in internal members (the serialized property name, such as
/// <c>path</c>, <c>text</c>, <c>assets</c> or <c>uri</c>, and its value); there is no public reader. Those two members
/// are read by reflection; a test fails if they ever change.</item>
/// <item>Its marshalling writes every archive with the asset signature (<c>MarshalArchive</c> in
/// sdk/Pulumi/Core/PropertyValue.cs), so an archive returned from Check or Read would come back from the engine as an
/// asset, or be refused. Archives are therefore handed to the framework as the signed objects the protocol defines
/// (plain maps it passes through unchanged).</item>
/// </list>
/// </summary>
public static class PulumiArchives
{
    private const string SignatureKey = "4dabf18193072939515e22adb298388d";
    private const string AssetSignature = "c44067f5952c0a294b673a41bacd8c17";
    private const string ArchiveSignature = "0def7320c3a5731c473e5ecbe6d01bc7";

    private static readonly PropertyInfo KindMember = Member("PropName");
    private static readonly PropertyInfo ContentMember = Member("Value");

    /// <summary><c>path</c>, <c>uri</c>, <c>text</c> (assets) or <c>assets</c> (archives).</summary>
    public static string Kind(AssetOrArchive value) => (string)KindMember.GetValue(value)!;

    /// <summary>The path, URI or text; for an <c>AssetArchive</c>, its entries.</summary>
    public static object Content(AssetOrArchive value) => ContentMember.GetValue(value)!;

    public static IEnumerable<KeyValuePair<string, AssetOrArchive>> Entries(Archive archive) =>
        (IEnumerable<KeyValuePair<string, AssetOrArchive>>)Content(archive);

    /// <summary>The values with every archive (at any depth) as the signed object the engine expects.</summary>
    public static ImmutableDictionary<string, PropertyValue> ForEngine(IEnumerable<KeyValuePair<string, PropertyValue>> values) =>
        values.ToImmutableDictionary(v => v.Key, v => ForEngine(v.Value));

    public static PropertyValue ForEngine(PropertyValue value)
    {
        PropertyValue plain;
        if (value.TryGetArchive(out var archive) && archive is not null) plain = Signed(archive);
        else if (value.TryGetArray(out var items)) plain = new PropertyValue(items.Select(ForEngine).ToImmutableArray());
        else if (value.TryGetMap(out var map)) plain = new PropertyValue(ForEngine(map));
        else return value;
        return value.IsSecret ? plain.WithSecret(true) : plain;
    }

    private static PropertyValue Signed(AssetOrArchive value)
    {
        var signature = value is Archive ? ArchiveSignature : AssetSignature;
        var content = Kind(value) == "assets"
            ? new PropertyValue(Entries((Archive)value).ToImmutableDictionary(e => e.Key, e => Signed(e.Value)))
            : new PropertyValue((string)Content(value));
        return new PropertyValue(ImmutableDictionary<string, PropertyValue>.Empty
            .Add(SignatureKey, new PropertyValue(signature))
            .Add(Kind(value), content));
    }

    private static PropertyInfo Member(string name) =>
        typeof(AssetOrArchive).GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        ?? throw new InvalidOperationException($"Pulumi's AssetOrArchive has no {name} member any more: update PulumiArchives.");
}

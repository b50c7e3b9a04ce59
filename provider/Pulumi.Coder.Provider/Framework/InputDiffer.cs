using System.Collections.Immutable;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>Decides, property by property, whether new inputs update or replace a resource. Secret markers, set
/// order and an absent value versus null never cause a diff; a value not known yet always does. An empty list is not
/// an absent one: it manages the list as empty. An archive is compared through the digest Check derived from it.</summary>
public static class InputDiffer
{
    public static DiffResponse Diff(
        ObjectShape shape,
        IReadOnlyDictionary<string, PropertyValue> olds,
        IReadOnlyDictionary<string, PropertyValue> news,
        IReadOnlyCollection<string> ignoreChanges,
        bool deleteBeforeReplace = false)
    {
        var detailed = new Dictionary<string, PropertyDiff>();
        foreach (var property in shape.Properties)
        {
            if (ignoreChanges.Contains(property.Name) || property.IsDerived) continue;
            var old = olds.GetValueOrDefault(property.Name) ?? PropertyValue.Null;
            var @new = news.GetValueOrDefault(property.Name) ?? PropertyValue.Null;
            if (property.IsPartialMap)
            {
                foreach (var (path, diff) in DiffPartialMap(property, old, @new, KeysReplacing(property, olds, news)))
                    detailed[path] = diff;
                continue;
            }
            var same = property.ComparedBy is { } derived && !@new.IsNull
                ? Equivalent(olds.GetValueOrDefault(derived) ?? PropertyValue.Null, news.GetValueOrDefault(derived) ?? PropertyValue.Null, ScalarShape.String)
                : Equivalent(old, @new, property.Shape);
            if (same) continue;
            var kind = old.IsNull ? PropertyDiffKind.Add : @new.IsNull ? PropertyDiffKind.Delete : PropertyDiffKind.Update;
            detailed[property.Name] = new PropertyDiff { Kind = property.ReplaceOnChanges ? Replacing(kind) : kind, InputDiff = true };
        }
        var replaces = detailed.Where(d => d.Value.Kind is PropertyDiffKind.AddReplace or PropertyDiffKind.DeleteReplace
            or PropertyDiffKind.UpdateReplace).Select(d => TopLevel(d.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        return new DiffResponse
        {
            Changes = detailed.Count > 0,
            Diffs = detailed.Keys.Select(TopLevel).Distinct().Order(StringComparer.Ordinal).ToList(),
            Replaces = replaces,
            DetailedDiff = detailed,
            DeleteBeforeReplace = replaces.Count > 0 && deleteBeforeReplace,
        };
    }

    private static PropertyDiffKind Replacing(PropertyDiffKind kind) => kind switch
    {
        PropertyDiffKind.Add => PropertyDiffKind.AddReplace,
        PropertyDiffKind.Delete => PropertyDiffKind.DeleteReplace,
        _ => PropertyDiffKind.UpdateReplace,
    };

    /// <summary>The property a detailed-diff path (<c>parameters.region</c>, <c>parameters["a.b"]</c>) is under.</summary>
    private static string TopLevel(string path) => path.Split('.', '[')[0];

    /// <summary>The keys of a map whose change replaces the resource: the derived list the property names, as Check
    /// computed it for the new inputs (else as it was).</summary>
    private static IReadOnlySet<string> KeysReplacing(
        PropertyDescriptor property, IReadOnlyDictionary<string, PropertyValue> olds, IReadOnlyDictionary<string, PropertyValue> news)
    {
        if (property.ReplacingKeysListedIn is not { } listed) return new HashSet<string>();
        var list = news.GetValueOrDefault(listed) is { IsNull: false } fresh ? fresh : olds.GetValueOrDefault(listed);
        return list is not null && PropertyMapper.Unsecret(list).TryGetArray(out var items)
            ? items.Select(i => i.TryGetString(out var key) ? key : null).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();
    }

    /// <summary>Only the keys the program sets are compared (<see cref="PartialMapAttribute"/>), each on its own: the
    /// detailed diff names the key, and a key listed as replacing replaces the resource.</summary>
    private static IEnumerable<(string Path, PropertyDiff Diff)> DiffPartialMap(
        PropertyDescriptor property, PropertyValue old, PropertyValue @new, IReadOnlySet<string> replacingKeys)
    {
        if (PropertyMapper.ContainsUnknown(@new) && !PropertyMapper.Unsecret(@new).TryGetMap(out _))
        {
            yield return (property.Name, new PropertyDiff { Kind = PropertyDiffKind.Update, InputDiff = true });
            yield break;
        }
        if (!PropertyMapper.Unsecret(@new).TryGetMap(out var wanted)) yield break;
        var had = PropertyMapper.Unsecret(old).TryGetMap(out var entries) ? entries : ImmutableDictionary<string, PropertyValue>.Empty;
        var valueShape = property.Shape is MapShape map ? map.Value : ScalarShape.String;
        foreach (var (key, value) in wanted.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var before = had.GetValueOrDefault(key) ?? PropertyValue.Null;
            if (Equivalent(before, value, valueShape)) continue;
            var kind = before.IsNull ? PropertyDiffKind.Add : PropertyDiffKind.Update;
            yield return (PropertyPath(property.Name, key),
                new PropertyDiff { Kind = replacingKeys.Contains(key) ? Replacing(kind) : kind, InputDiff = true });
        }
    }

    /// <summary>Pulumi's property path syntax: <c>name.key</c>, or <c>name["key"]</c> when the key is not a plain
    /// identifier.</summary>
    public static string PropertyPath(string property, string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] is '_' or '$') && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$')
            ? $"{property}.{key}"
            : $"{property}[\"{key.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"]";

    /// <summary>What of Coder's value the program manages: for a <see cref="PartialMapAttribute"/> map, the entries
    /// under the keys the program sets (all of them when it sets none yet, as on import), where a key Coder does not
    /// report keeps the program's value (an ephemeral parameter, which Coder uses for one build only); otherwise the
    /// whole value.</summary>
    public static PropertyValue? ManagedPart(PropertyDescriptor property, PropertyValue? coderValue, PropertyValue? programValue)
    {
        if (coderValue is null || programValue is null) return coderValue;
        // An object input manages the fields the program sets: a field left out (an ACL's users when only its groups
        // are given) is Coder's to keep, so what Coder holds there is no drift.
        if (property.Shape is ObjectShape) return ManagedFields(coderValue, programValue);
        if (!property.IsPartialMap) return coderValue;
        if (!PropertyMapper.Unsecret(programValue).TryGetMap(out var wanted) || !PropertyMapper.Unsecret(coderValue).TryGetMap(out var held))
            return coderValue;
        var part = new PropertyValue(wanted.ToImmutableDictionary(e => e.Key, e => held.GetValueOrDefault(e.Key) ?? e.Value));
        return PropertyMapper.ContainsSecret(coderValue) || PropertyMapper.ContainsSecret(programValue) ? part.WithSecret(true) : part;
    }

    private static PropertyValue ManagedFields(PropertyValue coderValue, PropertyValue programValue)
    {
        if (!PropertyMapper.Unsecret(programValue).TryGetMap(out var wanted) || !PropertyMapper.Unsecret(coderValue).TryGetMap(out var held))
            return coderValue;
        var part = new PropertyValue(held.Where(e => wanted.ContainsKey(e.Key)).ToImmutableDictionary());
        return PropertyMapper.ContainsSecret(coderValue) ? part.WithSecret(true) : part;
    }

    public static bool Equivalent(PropertyValue old, PropertyValue @new, PropertyShape shape)
    {
        if (PropertyMapper.ContainsUnknown(@new) || PropertyMapper.ContainsUnknown(old)) return false;
        return Canonical(PropertyMapper.Unsecret(old), shape).Equals(Canonical(PropertyMapper.Unsecret(@new), shape));
    }

    private static PropertyValue Canonical(PropertyValue value, PropertyShape shape)
    {
        switch (shape)
        {
            case ListShape list when value.TryGetArray(out var items):
                var elements = items.Select(item => Canonical(item, list.Element));
                if (list.IsSet) elements = elements.Distinct().OrderBy(item => item.ToString(), StringComparer.Ordinal);
                return new PropertyValue(elements.ToImmutableArray());
            case MapShape map when value.TryGetMap(out var entries):
                return new PropertyValue(entries.ToImmutableDictionary(e => e.Key, e => Canonical(e.Value, map.Value)));
            case ObjectShape obj when value.TryGetMap(out var fields):
                return new PropertyValue(fields
                    .Where(f => !f.Value.IsNull)
                    .ToImmutableDictionary(f => f.Key, f => obj.Find(f.Key) is { } p ? Canonical(f.Value, p.Shape) : f.Value));
            case ScalarShape { Kind: ScalarKind.String } when value.TryGetNumber(out var number):
                return new PropertyValue(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            default:
                return value;
        }
    }
}

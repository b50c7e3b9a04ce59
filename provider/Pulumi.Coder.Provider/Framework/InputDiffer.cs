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
            var same = property.ComparedBy is { } derived && !@new.IsNull
                ? Equivalent(olds.GetValueOrDefault(derived) ?? PropertyValue.Null, news.GetValueOrDefault(derived) ?? PropertyValue.Null, ScalarShape.String)
                : Equivalent(old, @new, property.Shape);
            if (same) continue;
            var kind = old.IsNull ? PropertyDiffKind.Add : @new.IsNull ? PropertyDiffKind.Delete : PropertyDiffKind.Update;
            if (property.ReplaceOnChanges)
            {
                kind = kind switch
                {
                    PropertyDiffKind.Add => PropertyDiffKind.AddReplace,
                    PropertyDiffKind.Delete => PropertyDiffKind.DeleteReplace,
                    _ => PropertyDiffKind.UpdateReplace,
                };
            }
            detailed[property.Name] = new PropertyDiff { Kind = kind, InputDiff = true };
        }
        var replaces = detailed.Where(d => d.Value.Kind is PropertyDiffKind.AddReplace or PropertyDiffKind.DeleteReplace
            or PropertyDiffKind.UpdateReplace).Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
        return new DiffResponse
        {
            Changes = detailed.Count > 0,
            Diffs = detailed.Keys.Order(StringComparer.Ordinal).ToList(),
            Replaces = replaces,
            DetailedDiff = detailed,
            DeleteBeforeReplace = replaces.Count > 0 && deleteBeforeReplace,
        };
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

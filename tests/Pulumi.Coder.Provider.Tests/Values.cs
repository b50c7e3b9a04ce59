using System.Collections;
using System.Collections.Immutable;
using Pulumi.Experimental;

namespace Pulumi.Coder.Provider.Tests;

/// <summary>Short-hand for Pulumi property values in tests.</summary>
internal static class Values
{
    public static PropertyValue Of(object? value) => value switch
    {
        null => PropertyValue.Null,
        PropertyValue v => v,
        string s => new PropertyValue(s),
        bool b => new PropertyValue(b),
        int i => new PropertyValue(i),
        long l => new PropertyValue(l),
        double d => new PropertyValue(d),
        IDictionary dictionary => new PropertyValue(dictionary.Keys.Cast<string>()
            .ToImmutableDictionary(key => key, key => Of(dictionary[key]))),
        IEnumerable items => new PropertyValue(items.Cast<object?>().Select(Of).ToImmutableArray()),
        _ => throw new ArgumentException(value.GetType().ToString()),
    };

    public static PropertyValue Secret(object? value) => Of(value).WithSecret(true);

    public static ImmutableDictionary<string, PropertyValue> Map(params (string Key, object? Value)[] entries) =>
        entries.ToImmutableDictionary(e => e.Key, e => Of(e.Value));
}

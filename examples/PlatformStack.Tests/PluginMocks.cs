using System.Collections.Immutable;
using System.Reflection;
using Pulumi;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using Pulumi.Testing;

namespace PlatformStack.Tests;

/// <summary>
/// Pulumi's mocks answered by the provider plugin itself: every resource the program registers is checked and created
/// by the plugin (through the engine harness, as the engine would on a first <c>pulumi up</c>), every invoke goes to
/// the plugin, and the program gets the plugin's outputs back, secrets as secrets. So the stack program runs unchanged
/// against the real provider and whatever Coder the plugin is configured for, with no Pulumi CLI.
/// </summary>
/// <remarks>What the mocks cannot carry: the program's own secret inputs reach the plugin in plain (Pulumi's mock
/// monitor drops the secret mark of inputs before calling the mocks), and there is no state, so each run is a first
/// <c>pulumi up</c>.</remarks>
public sealed class PluginMocks(EngineDriver engine, string programFolder) : IMocks
{
    private readonly List<ResourceState> created = [];

    /// <summary>What the plugin created, in order: a resource comes after everything it depends on.</summary>
    public IReadOnlyList<ResourceState> Created
    {
        get { lock (created) return [.. created]; }
    }

    public async Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        var inputs = args.Inputs.ToImmutableDictionary(kv => kv.Key, kv => ToPlugin(kv.Value));
        var resource = await engine.CreateAsync(args.Type!, args.Name!, inputs);
        lock (created) created.Add(resource);
        return (resource.Id, ToProgram(resource.Outputs));
    }

    public async Task<object> CallAsync(MockCallArgs args)
    {
        var result = await engine.InvokeAsync(args.Token!, args.Args.ToImmutableDictionary(kv => kv.Key, kv => ToPlugin(kv.Value)));
        if (result.Failures.Count > 0)
            throw new InvalidOperationException($"{args.Token}: {string.Join("; ", result.Failures.Select(f => $"{f.Property}: {f.Reason}"))}");
        return ToProgram(result.Return);
    }

    /// <summary><c>pulumi destroy</c>: deletes what the plugin created, dependents first.</summary>
    public async Task DestroyAsync()
    {
        foreach (var resource in Created.Reverse()) await engine.DeleteAsync(resource);
    }

    /// <summary>A value the program sent, as the engine passes it on to the plugin. A relative archive path is the
    /// program folder's (the engine starts the plugin in the program's folder).</summary>
    private PropertyValue ToPlugin(object? value) => value switch
    {
        null => PropertyValue.Null,
        string text => new PropertyValue(text),
        bool flag => new PropertyValue(flag),
        double number => new PropertyValue(number),
        int number => new PropertyValue(number),
        ImmutableArray<object> items => new PropertyValue([.. items.Select(ToPlugin)]),
        ImmutableDictionary<string, object> map => new PropertyValue(map.ToImmutableDictionary(kv => kv.Key, kv => ToPlugin(kv.Value))),
        FileArchive archive => WireValues.FileArchive(Path.GetFullPath(PathOf(archive), programFolder)),
        _ => throw new NotSupportedException($"PluginMocks does not pass {value.GetType()} values on"),
    };

    /// <summary>The path a <see cref="FileArchive"/> was made with: the SDK keeps it to itself (it is serialized only
    /// on the way to the engine).</summary>
    private static string PathOf(FileArchive archive) =>
        typeof(AssetOrArchive).GetProperty("Value", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(archive) as string
            ?? throw new NotSupportedException("this version of the Pulumi SDK keeps a FileArchive's path elsewhere");

    private static ImmutableDictionary<string, object> ToProgram(ImmutableDictionary<string, PropertyValue> values) =>
        values.Where(kv => !kv.Value.IsNull && !kv.Value.IsComputed)
            .ToImmutableDictionary(kv => kv.Key, kv => ToProgram(kv.Value)!);

    /// <summary>A value the plugin answered, as the program receives it: a secret stays a secret output.</summary>
    private static object? ToProgram(PropertyValue value)
    {
        if (value.IsNull) return null;
        if (value.IsSecret) return Output.CreateSecret(ToProgram(value.WithSecret(false)));
        if (value.TryGetString(out var text)) return text!;
        if (value.TryGetBool(out var flag)) return flag;
        if (value.TryGetNumber(out var number)) return number;
        if (value.TryGetArray(out var items)) return items.Select(ToProgram).ToImmutableArray();
        if (value.TryGetMap(out var map)) return ToProgram(map);
        throw new NotSupportedException($"PluginMocks does not pass {value.Type} values back");
    }
}

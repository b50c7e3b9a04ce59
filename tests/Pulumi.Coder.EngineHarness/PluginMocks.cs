using System.Collections.Immutable;
using System.Reflection;
using Pulumi.Experimental;
using Pulumi.Testing;

namespace Pulumi.Coder.EngineHarness;

/// <summary>What one <c>pulumi up</c>, refresh or destroy did to one resource, in the words the Pulumi CLI uses.</summary>
/// <param name="Operation"><c>create</c>, <c>update</c>, <c>replace</c>, <c>same</c>, <c>delete</c>, <c>refresh</c>
/// (read, still there) or <c>gone</c> (read, deleted outside the stack).</param>
/// <param name="Diff">The diff that decided an update or replacement; null otherwise.</param>
public sealed record DeploymentStep(string Operation, ResourceState Resource, DiffResult? Diff = null);

/// <summary>
/// Pulumi's mocks answered by the provider plugin itself: every resource a stack program registers is checked and
/// created, or diffed and updated against the state of the previous run, by the plugin (through the
/// <see cref="EngineDriver"/>, in the engine's order); every invoke goes to the plugin; the program gets the plugin's
/// outputs back, secrets as secrets. So a stack program runs unchanged against the real provider and whatever Coder
/// the plugin is configured for, with no Pulumi CLI: <see cref="UpAsync"/> as often as needed, then
/// <see cref="RefreshAsync"/> and <see cref="DestroyAsync"/>. Used by the examples' tests and by <c>make demo</c>.
/// </summary>
/// <remarks>What the mocks cannot carry: the program's own secret inputs reach the plugin in plain (Pulumi's mock
/// monitor drops the secret mark of inputs before calling the mocks); a replacement's old resource is deleted at once
/// rather than at the end of the update; there is no preview.</remarks>
public sealed class PluginMocks(EngineDriver engine, string programFolder) : IMocks
{
    private readonly object gate = new();
    /// <summary>The stack's state: every resource of the last run, in the order the plugin made them (a resource comes
    /// after everything it depends on).</summary>
    private List<ResourceState> state = [];
    private List<ResourceState> registered = [];
    private List<DeploymentStep> steps = [];

    /// <summary>The resources in the stack's state, dependencies first.</summary>
    public IReadOnlyList<ResourceState> State
    {
        get { lock (gate) return [.. state]; }
    }

    /// <summary>One <c>pulumi up</c>: runs <paramref name="program"/> as <c>project</c>/<c>stack</c>; each resource it
    /// declares is created, or updated or replaced when the state holds it already; then the resources of the previous
    /// run that it no longer declares are deleted. Returns the program's resources and outputs, and the steps taken.</summary>
    public async Task<(ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs, IReadOnlyList<DeploymentStep> Steps)> UpAsync(
        Func<IDictionary<string, object?>> program, string project, string stack)
    {
        lock (gate) (registered, steps) = ([], []);
        var (resources, outputs) = await Deployment.TestAsync(this, new TestOptions { IsPreview = false, ProjectName = project, StackName = stack }, program);
        List<ResourceState> removed;
        lock (gate) removed = [.. state.Where(old => !registered.Any(r => r.Urn == old.Urn))];
        foreach (var resource in Enumerable.Reverse(removed))
        {
            await engine.DeleteAsync(resource);
            lock (gate) steps.Add(new DeploymentStep("delete", resource));
        }
        lock (gate)
        {
            state = registered;
            return (resources, outputs, [.. steps]);
        }
    }

    /// <summary><c>pulumi refresh</c>: reads every resource in the state from Coder; one deleted outside the stack
    /// leaves the state.</summary>
    public async Task<IReadOnlyList<DeploymentStep>> RefreshAsync()
    {
        var refreshed = new List<DeploymentStep>();
        foreach (var resource in State)
        {
            var read = await engine.RefreshAsync(resource);
            refreshed.Add(read is null ? new DeploymentStep("gone", resource) : new DeploymentStep("refresh", read));
        }
        lock (gate) state = [.. refreshed.Where(s => s.Operation == "refresh").Select(s => s.Resource)];
        return refreshed;
    }

    /// <summary><c>pulumi destroy</c>: deletes every resource in the state, dependents first.</summary>
    public async Task<IReadOnlyList<DeploymentStep>> DestroyAsync()
    {
        var deleted = new List<DeploymentStep>();
        foreach (var resource in Enumerable.Reverse(State))
        {
            await engine.DeleteAsync(resource);
            deleted.Add(new DeploymentStep("delete", resource));
            lock (gate) state.Remove(resource);
        }
        return deleted;
    }

    public async Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        var inputs = args.Inputs.ToImmutableDictionary(kv => kv.Key, kv => ToPlugin(kv.Value));
        ResourceState? old;
        lock (gate) old = state.FirstOrDefault(r => r.Urn == engine.Urn(args.Type!, args.Name!));
        DeploymentStep step;
        if (old is null)
        {
            step = new DeploymentStep("create", await engine.CreateAsync(args.Type!, args.Name!, inputs));
        }
        else
        {
            var update = await engine.UpdateAsync(old, inputs);
            step = new DeploymentStep(update.Replaced ? "replace" : update.Diff.HasChanges ? "update" : "same", update.Resource, update.Diff);
        }
        lock (gate)
        {
            registered.Add(step.Resource);
            steps.Add(step);
        }
        return (step.Resource.Id, ToProgram(step.Resource.Outputs));
    }

    public async Task<object> CallAsync(MockCallArgs args)
    {
        var result = await engine.InvokeAsync(args.Token!, args.Args.ToImmutableDictionary(kv => kv.Key, kv => ToPlugin(kv.Value)));
        if (result.Failures.Count > 0)
            throw new InvalidOperationException($"{args.Token}: {string.Join("; ", result.Failures.Select(f => $"{f.Property}: {f.Reason}"))}");
        return ToProgram(result.Return);
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

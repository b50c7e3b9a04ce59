using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Pulumi.Coder.EngineHarness.Wire;
using Pulumi.Experimental;

namespace Pulumi.Coder.EngineHarness;

/// <summary>A resource as the engine keeps it in state.</summary>
public sealed record ResourceState(
    string Type,
    string Name,
    string Urn,
    string Id,
    ImmutableDictionary<string, PropertyValue> Inputs,
    ImmutableDictionary<string, PropertyValue> Outputs);

public sealed record Failure(string Property, string Reason);

public sealed record CheckResult(ImmutableDictionary<string, PropertyValue> Inputs, IReadOnlyList<Failure> Failures);

public sealed record DiffResult(
    DiffResponse.Types.DiffChanges Changes,
    IReadOnlyList<string> Diffs,
    IReadOnlyList<string> Replaces,
    IReadOnlyDictionary<string, PropertyDiff.Types.Kind> DetailedDiff,
    bool DeleteBeforeReplace)
{
    public bool HasChanges => Changes == DiffResponse.Types.DiffChanges.DiffSome;
}

/// <summary>What an update did: the resource afterwards, the diff that decided it, and whether it was replaced.</summary>
public sealed record UpdateResult(ResourceState Resource, DiffResult Diff, bool Replaced);

public sealed record InvokeResult(ImmutableDictionary<string, PropertyValue> Return, IReadOnlyList<Failure> Failures);

/// <summary>Check failures the engine would print before stopping the update.</summary>
public sealed class CheckFailedException(string urn, IReadOnlyList<Failure> failures)
    : Exception($"{urn} has problems: {string.Join("; ", failures.Select(f => $"{f.Property}: {f.Reason}"))}")
{
    public IReadOnlyList<Failure> Failures { get; } = failures;
}

/// <summary>
/// Calls the plugin in the order the Pulumi engine does, keeping state the way the engine keeps it:
/// GetPluginInfo at start; CheckConfig → DiffConfig (against the previous configuration) → Configure for the provider;
/// Check → Create for a new resource (a preview Create only when Configure answered supportsPreview);
/// Check → Diff → Update, or Create + Delete on replace, for a changed one; Read for refresh (an empty id means gone);
/// Read(id) → Check for an import; Delete for destroy.
/// </summary>
public sealed partial class EngineDriver(ProviderProcess plugin, string stack = "test", string project = "coder")
{
    private ImmutableDictionary<string, PropertyValue>? providerInputs;

    public ResourceProvider.ResourceProviderClient Client => plugin.Client;

    public string ProviderUrn => $"urn:pulumi:{stack}::{project}::pulumi:providers:coder::default";

    /// <summary>Whether the last Configure said the plugin can preview creates and updates.</summary>
    public bool SupportsPreview { get; private set; }

    public string Urn(string type, string name) => $"urn:pulumi:{stack}::{project}::{type}::{name}";

    /// <summary>The plugin's version; like the engine, fails unless it is semver.</summary>
    public async Task<string> GetPluginInfoAsync()
    {
        var info = await Client.GetPluginInfoAsync(new Empty());
        if (!SemVer().IsMatch(info.Version))
            throw new InvalidOperationException($"the plugin's version \"{info.Version}\" is not semver; the engine would refuse it");
        return info.Version;
    }

    public async Task<string> GetSchemaAsync() => (await Client.GetSchemaAsync(new GetSchemaRequest())).Schema;

    /// <summary>CheckConfig alone: the provider inputs the engine would keep in state (secrets marked), and the
    /// failures.</summary>
    public async Task<CheckResult> CheckConfigAsync(IReadOnlyDictionary<string, PropertyValue> config)
    {
        var check = await Client.CheckConfigAsync(new CheckRequest
        {
            Urn = ProviderUrn,
            Name = "default",
            Type = "pulumi:providers:coder",
            Olds = WireValues.ToStruct(providerInputs ?? ImmutableDictionary<string, PropertyValue>.Empty),
            News = WireValues.ToStruct(config),
        });
        return new CheckResult(WireValues.FromStruct(check.Inputs), [.. check.Failures.Select(f => new Failure(f.Property, f.Reason))]);
    }

    /// <summary>CheckConfig → DiffConfig (when configured before) → Configure.</summary>
    public async Task<ConfigureResponse> ConfigureAsync(IReadOnlyDictionary<string, PropertyValue> config)
    {
        var check = await CheckConfigAsync(config);
        if (check.Failures.Count > 0) throw new CheckFailedException(ProviderUrn, check.Failures);
        var inputs = check.Inputs;
        if (providerInputs is not null)
        {
            await Client.DiffConfigAsync(new DiffRequest
            {
                Urn = ProviderUrn,
                Olds = WireValues.ToStruct(providerInputs),
                OldInputs = WireValues.ToStruct(providerInputs),
                News = WireValues.ToStruct(inputs),
            });
        }
        var request = new ConfigureRequest
        {
            Args = WireValues.ToStruct(inputs),
            AcceptSecrets = true,
            AcceptResources = true,
            SendsOldInputs = true,
            SendsOldInputsToDelete = true,
        };
        foreach (var (key, value) in inputs.Where(i => !i.Value.IsComputed))
            request.Variables[$"coder:config:{key}"] = VariableText(value);
        var response = await Client.ConfigureAsync(request);
        providerInputs = inputs;
        SupportsPreview = response.SupportsPreview;
        return response;
    }

    public async Task<CheckResult> CheckAsync(string type, string name, IReadOnlyDictionary<string, PropertyValue> news,
        IReadOnlyDictionary<string, PropertyValue>? olds = null)
    {
        var response = await Client.CheckAsync(new CheckRequest
        {
            Urn = Urn(type, name),
            Name = name,
            Type = type,
            Olds = WireValues.ToStruct(olds ?? ImmutableDictionary<string, PropertyValue>.Empty),
            News = WireValues.ToStruct(news),
            RandomSeed = ByteString.CopyFrom(new byte[32]),
        });
        return new CheckResult(WireValues.FromStruct(response.Inputs), [.. response.Failures.Select(f => new Failure(f.Property, f.Reason))]);
    }

    /// <summary>Check → preview Create: the outputs `pulumi preview` shows, or null when the plugin does not preview.</summary>
    public async Task<ResourceState?> PreviewCreateAsync(string type, string name, IReadOnlyDictionary<string, PropertyValue> inputs)
    {
        var check = await CheckOrThrowAsync(type, name, inputs, olds: null);
        return SupportsPreview ? await CreateCheckedAsync(type, name, check, preview: true) : null;
    }

    /// <summary>Check → Create.</summary>
    /// <param name="timeoutSeconds">The resource's create timeout (a program's customTimeouts), as the engine sends it.</param>
    public async Task<ResourceState> CreateAsync(string type, string name, IReadOnlyDictionary<string, PropertyValue> inputs,
        double timeoutSeconds = DefaultTimeoutSeconds)
    {
        var check = await CheckOrThrowAsync(type, name, inputs, olds: null);
        return await CreateCheckedAsync(type, name, check, preview: false, timeoutSeconds);
    }

    public async Task<DiffResult> DiffAsync(ResourceState resource, IReadOnlyDictionary<string, PropertyValue> checkedInputs, IEnumerable<string>? ignoreChanges = null)
    {
        var request = new DiffRequest
        {
            Id = resource.Id,
            Urn = resource.Urn,
            Name = resource.Name,
            Type = resource.Type,
            Olds = WireValues.ToStruct(resource.Outputs),
            OldInputs = WireValues.ToStruct(resource.Inputs),
            News = WireValues.ToStruct(checkedInputs),
        };
        request.IgnoreChanges.AddRange(ignoreChanges ?? []);
        var diff = await Client.DiffAsync(request);
        // Like the engine (decodeDetailedDiff in pulumi's provider_plugin.go), a detailed diff without
        // hasDetailedDiff is dropped.
        var detailed = diff.HasDetailedDiff ? diff.DetailedDiff.ToDictionary(d => d.Key, d => d.Value.Kind) : [];
        return new DiffResult(diff.Changes, [.. diff.Diffs], [.. diff.Replaces], detailed, diff.DeleteBeforeReplace);
    }

    /// <summary>Check → Diff → Update, or a replacement (Create the new one and Delete the old one, in the order the
    /// diff asks for), or nothing when the diff finds no change.</summary>
    /// <param name="timeoutSeconds">The resource's update timeout (a program's customTimeouts), as the engine sends it
    /// (also to the create and delete of a replacement).</param>
    public async Task<UpdateResult> UpdateAsync(ResourceState resource, IReadOnlyDictionary<string, PropertyValue> newInputs,
        IEnumerable<string>? ignoreChanges = null, double timeoutSeconds = DefaultTimeoutSeconds)
    {
        var check = await CheckOrThrowAsync(resource.Type, resource.Name, newInputs, resource.Inputs);
        var ignored = ignoreChanges?.ToList() ?? [];
        var diff = await DiffAsync(resource, check, ignored);
        if (!diff.HasChanges) return new UpdateResult(resource, diff, Replaced: false);
        if (diff.Replaces.Count > 0)
        {
            if (diff.DeleteBeforeReplace) await DeleteAsync(resource, timeoutSeconds);
            var replacement = await CreateCheckedAsync(resource.Type, resource.Name, check, preview: false, timeoutSeconds);
            if (!diff.DeleteBeforeReplace) await DeleteAsync(resource, timeoutSeconds);
            return new UpdateResult(replacement, diff, Replaced: true);
        }
        var request = new UpdateRequest
        {
            Id = resource.Id,
            Urn = resource.Urn,
            Name = resource.Name,
            Type = resource.Type,
            Olds = WireValues.ToStruct(resource.Outputs),
            OldInputs = WireValues.ToStruct(resource.Inputs),
            News = WireValues.ToStruct(check),
            Timeout = timeoutSeconds,
        };
        request.IgnoreChanges.AddRange(ignored);
        var updated = await Client.UpdateAsync(request);
        return new UpdateResult(resource with { Inputs = check, Outputs = WireValues.FromStruct(updated.Properties) }, diff, Replaced: false);
    }

    /// <summary>Read for `pulumi refresh`: the resource as Coder has it now, or null when it is gone.</summary>
    public async Task<ResourceState?> RefreshAsync(ResourceState resource)
    {
        var read = await Client.ReadAsync(new ReadRequest
        {
            Id = resource.Id,
            Urn = resource.Urn,
            Name = resource.Name,
            Type = resource.Type,
            Properties = WireValues.ToStruct(resource.Outputs),
            Inputs = WireValues.ToStruct(resource.Inputs),
        });
        return read.Id.Length == 0 ? null
            : resource with { Id = read.Id, Inputs = WireValues.FromStruct(read.Inputs), Outputs = WireValues.FromStruct(read.Properties) };
    }

    /// <summary>`pulumi import`: Read by the given id with no state, then Check the inputs the plugin reported, as
    /// both the old and the new inputs (the engine's ImportStep does so).</summary>
    public async Task<ResourceState> ImportAsync(string type, string name, string id)
    {
        var read = await Client.ReadAsync(new ReadRequest { Id = id, Urn = Urn(type, name), Name = name, Type = type });
        if (read.Id.Length == 0) throw new InvalidOperationException($"{type} {id} does not exist, so it cannot be imported");
        var reported = WireValues.FromStruct(read.Inputs);
        var check = await CheckOrThrowAsync(type, name, reported, olds: reported);
        return new ResourceState(type, name, Urn(type, name), read.Id, check, WireValues.FromStruct(read.Properties));
    }

    /// <param name="timeoutSeconds">The resource's delete timeout (a program's customTimeouts), as the engine sends it.</param>
    public async Task DeleteAsync(ResourceState resource, double timeoutSeconds = DefaultTimeoutSeconds) =>
        await Client.DeleteAsync(new DeleteRequest
        {
            Id = resource.Id,
            Urn = resource.Urn,
            Name = resource.Name,
            Type = resource.Type,
            Properties = WireValues.ToStruct(resource.Outputs),
            OldInputs = WireValues.ToStruct(resource.Inputs),
            Timeout = timeoutSeconds,
        });

    public async Task<InvokeResult> InvokeAsync(string token, IReadOnlyDictionary<string, PropertyValue> args)
    {
        var response = await Client.InvokeAsync(new InvokeRequest { Tok = token, Args = WireValues.ToStruct(args) });
        return new InvokeResult(WireValues.FromStruct(response.Return), [.. response.Failures.Select(f => new Failure(f.Property, f.Reason))]);
    }

    public async Task CancelAsync() => await Client.CancelAsync(new Empty());

    private const double DefaultTimeoutSeconds = 300;

    private async Task<ResourceState> CreateCheckedAsync(string type, string name, ImmutableDictionary<string, PropertyValue> checkedInputs, bool preview,
        double timeoutSeconds = DefaultTimeoutSeconds)
    {
        var created = await Client.CreateAsync(new CreateRequest
        {
            Urn = Urn(type, name),
            Name = name,
            Type = type,
            Properties = WireValues.ToStruct(checkedInputs),
            Preview = preview,
            Timeout = timeoutSeconds,
        });
        return new ResourceState(type, name, Urn(type, name), created.Id, checkedInputs, WireValues.FromStruct(created.Properties));
    }

    private async Task<ImmutableDictionary<string, PropertyValue>> CheckOrThrowAsync(
        string type, string name, IReadOnlyDictionary<string, PropertyValue> news, IReadOnlyDictionary<string, PropertyValue>? olds)
    {
        var check = await CheckAsync(type, name, news, olds);
        if (check.Failures.Count > 0) throw new CheckFailedException(Urn(type, name), check.Failures);
        return check.Inputs;
    }

    /// <summary>Config variables travel as text: strings as they are, anything else as JSON.</summary>
    private static string VariableText(PropertyValue value)
    {
        var plain = value.IsSecret ? value.WithSecret(false) : value;
        if (plain.TryGetString(out var text)) return text;
        return JsonFormatter.Default.Format(WireValues.ToValue(plain));
    }

    [GeneratedRegex(@"^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();
}

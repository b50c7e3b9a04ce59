using System.Collections.Immutable;
using System.ComponentModel;
using System.Reflection;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>What the provider needs of any resource type, in Pulumi's own request and response terms.</summary>
public interface IResourceHandler
{
    string Token { get; }
    string Description { get; }
    ObjectShape Inputs { get; }
    ObjectShape Outputs { get; }
    CheckResponse Check(CheckRequest request, CheckContext context);
    Task<CheckResponse> CheckAsync(CheckRequest request, CheckContext context, CancellationToken ct);
    DiffResponse Diff(DiffRequest request);
    Task<CreateResponse> CreateAsync(CreateRequest request, ResourceContext context, CancellationToken ct);
    Task<ReadResponse> ReadAsync(ReadRequest request, ResourceContext context, CancellationToken ct);
    Task<UpdateResponse> UpdateAsync(UpdateRequest request, ResourceContext context, CancellationToken ct);
    Task DeleteAsync(DeleteRequest request, ResourceContext context, CancellationToken ct);

    /// <summary>What a replacement that deletes the old object first costs the user, shown as a warning when a diff
    /// plans one; null when replacements create the new object first.</summary>
    string? DeleteBeforeReplaceWarning { get; }
}

/// <summary>An input from which a derived property cannot be computed: Check fails on <see cref="Property"/>.</summary>
public sealed class DerivationException(string property, string message) : Exception(message)
{
    public string Property { get; } = property;
}

/// <summary>A resource's canonical id on Coder with what Coder says about it.</summary>
public sealed record ResourceResult<TState>(string Id, TState State);

/// <summary>An update: what the resource was (as last read), what the program said before, and what it says now.</summary>
public sealed record Change<TArgs, TState>(TState Old, TArgs OldInputs, TArgs NewInputs);

/// <summary>
/// A resource is its inputs record, its outputs record and its CRUD. Schema, Check (defaults and declared rules),
/// Diff (update or replace per property), preview outputs, secrets and the inputs a refresh or import reports all
/// follow from the two records' declarations; a resource type writes only its Coder calls and any rule that spans
/// several properties.
/// </summary>
public abstract partial class CustomResource<TArgs, TState> : IResourceHandler
    where TArgs : class
    where TState : class
{
    protected CustomResource()
    {
        var type = GetType();
        Token = "coder:index:" + (type.GetCustomAttribute<PulumiTypeAttribute>()?.Name
            ?? throw new InvalidOperationException($"{type.Name} needs [PulumiType(\"Name\")]"));
        Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? throw new InvalidOperationException($"{type.Name} needs a [Description]");
    }

    public string Token { get; }
    public string Description { get; }
    // Built on first use (and kept by ObjectShape), not when the catalog is: the engine waits for the port line, which
    // comes after the catalog, on every command.
    public ObjectShape Inputs => ObjectShape.For<TArgs>();
    public ObjectShape Outputs => ObjectShape.For<TState>();

    /// <summary>What deleting the old object first costs the user, shown as a warning when a diff plans such a
    /// replacement: one that keeps the <see cref="UniqueKeyAttribute"/> properties (Coder refuses two objects with the
    /// same key). Other replacements make the new object before deleting the old one, so a failed create leaves the
    /// old one as it was.</summary>
    public virtual string? DeleteBeforeReplaceWarning => null;

    protected abstract Task<ResourceResult<TState>> CreateAsync(TArgs inputs, ResourceContext context, CancellationToken ct);

    /// <summary>Reads the resource by id (for an import, any id form the resource documents); null when it is gone.</summary>
    protected abstract Task<ResourceResult<TState>?> ReadAsync(string id, TState? current, ResourceContext context, CancellationToken ct);

    protected abstract Task<TState> UpdateAsync(string id, Change<TArgs, TState> change, ResourceContext context, CancellationToken ct);

    protected abstract Task DeleteAsync(string id, TState state, ResourceContext context, CancellationToken ct);

    /// <summary>Rules that span properties or depend on the deployment; single-property rules are attributes.</summary>
    protected virtual IEnumerable<CheckFailure> Validate(Mapped<TArgs> inputs, CheckContext context) => [];

    /// <summary>Computes the <see cref="DerivedAttribute"/> properties (reading files or Coder, say) from the checked
    /// inputs; a derived property left null while some input is unknown is unknown too. It may also fill in an
    /// <see cref="AlwaysOutputAttribute"/> input the program left unset with the value Coder would use (the template
    /// of a pinned version), so that a later change of it shows in the diff. Throw
    /// <see cref="DerivationException"/> to fail Check on a property.</summary>
    protected virtual Task<TArgs> DeriveAsync(Mapped<TArgs> inputs, CheckContext context, CancellationToken ct) => Task.FromResult(inputs.Value);

    /// <summary>Rules on the checked inputs with their derived values, once every input is known: rules about the
    /// change from the previous inputs (<see cref="CheckContext.Old{TArgs}"/>), and rules that read Coder
    /// (<see cref="CheckContext.Session"/>, absent while the provider's configuration is unknown).</summary>
    protected virtual Task<IEnumerable<CheckFailure>> ValidateCheckedAsync(Mapped<TArgs> inputs, CheckContext context, CancellationToken ct) =>
        Task.FromResult<IEnumerable<CheckFailure>>([]);

    /// <summary>During a preview of a create or an update with every input known: what the resource can show of
    /// what the operation would do (engine messages). It must not change anything on Coder and must not fail the
    /// preview; it runs only when the provider is connected.</summary>
    protected virtual Task PreviewAsync(TArgs inputs, TState? old, ResourceContext context, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Check, then the derived properties and the rules about the change.</summary>
    public async Task<CheckResponse> CheckAsync(CheckRequest request, CheckContext context, CancellationToken ct)
    {
        var response = await CheckAndDeriveAsync(request, context, ct);
        return new CheckResponse { Inputs = PulumiArchives.ForEngine(response.Inputs ?? new Dictionary<string, PropertyValue>()), Failures = response.Failures };
    }

    private async Task<CheckResponse> CheckAndDeriveAsync(CheckRequest request, CheckContext context, CancellationToken ct)
    {
        var (response, fullContext) = CheckRules(request, context);
        if (response.Failures is { Count: > 0 }) return response;
        var mapped = PropertyMapper.Read<TArgs>(response.Inputs!.ToDictionary());
        var inputs = response.Inputs!.ToDictionary();
        TArgs withDerived;
        try
        {
            withDerived = await DeriveAsync(mapped, fullContext, ct);
        }
        catch (DerivationException e)
        {
            return new CheckResponse { Inputs = inputs, Failures = [new CheckFailure(e.Property, e.Message)] };
        }
        var written = PropertyMapper.Write(withDerived);
        foreach (var property in Inputs.Properties)
        {
            if (property.IsDerived)
            {
                if (written.TryGetValue(property.Name, out var value)) inputs[property.Name] = value;
                else if (mapped.Unknown.Count > 0) inputs[property.Name] = PropertyValue.Computed;
            }
            else if (property.IsAlwaysOutput && inputs.GetValueOrDefault(property.Name) is null or { IsNull: true }
                && written.TryGetValue(property.Name, out var filled))
            {
                inputs[property.Name] = filled;
            }
        }
        if (mapped.Unknown.Count > 0) return new CheckResponse { Inputs = inputs };
        return new CheckResponse { Inputs = inputs, Failures = (await ValidateCheckedAsync(mapped with { Value = withDerived }, WithChange(fullContext, inputs), ct)).ToList() };
    }

    public CheckResponse Check(CheckRequest request, CheckContext context) => CheckRules(request, context).Response;

    /// <summary>The context told what the change from the previous inputs to <paramref name="inputs"/> does.</summary>
    private CheckContext WithChange(CheckContext context, IReadOnlyDictionary<string, PropertyValue> inputs)
    {
        if (context.OldInputs.Count == 0) return context with { IsCreate = true };
        var diff = InputDiffer.Diff(Inputs, context.OldInputs, inputs, []);
        return context with
        {
            IsCreate = diff.Replaces?.Count > 0,
            Changes = diff.Diffs?.ToHashSet() ?? [],
            Replaces = diff.Replaces?.ToHashSet() ?? [],
        };
    }

    /// <summary>The declared rules and <see cref="Validate"/>, with the context completed by what the request says
    /// of the change.</summary>
    private (CheckResponse Response, CheckContext Context) CheckRules(CheckRequest request, CheckContext context)
    {
        var result = InputChecker.Check(Inputs, request.NewInputs, Token);
        var failures = result.Failures.ToList();
        context = context with { OldInputs = request.OldInputs, IsCreate = request.OldInputs.IsEmpty };
        if (failures.Count == 0)
        {
            context = WithChange(context, result.Inputs);
            failures.AddRange(Validate(PropertyMapper.Read<TArgs>(result.Inputs), context));
        }
        return (new CheckResponse { Inputs = result.Inputs, Failures = failures }, context);
    }

    public DiffResponse Diff(DiffRequest request)
    {
        // Inputs are compared with the inputs last applied (or reported by a refresh), never with Coder's echo of
        // them; the outputs stand in only for engines that do not send old inputs.
        var olds = request.OldInputs.IsEmpty ? request.OldOutputs : request.OldInputs;
        // A property the program starts to set, to the value Coder already has, changes nothing (an organizationId
        // now spelled out as the default organization's must not replace the group).
        var startsToSet = request.OldOutputs.Where(o => !olds.ContainsKey(o.Key) && request.NewInputs.ContainsKey(o.Key)
            && Inputs.Find(o.Key) is { IsAlwaysOutput: true });
        olds = olds.AddRange(startsToSet.ToList());
        // Likewise for a key of a partial map (a parameter left to its default, now set to it).
        foreach (var map in Inputs.Properties.Where(p => p.IsPartialMap))
        {
            if (request.OldOutputs.GetValueOrDefault(map.Name) is { } held && PropertyMapper.Unsecret(held).TryGetMap(out var coderHas))
            {
                var programHad = olds.GetValueOrDefault(map.Name) is { } had && PropertyMapper.Unsecret(had).TryGetMap(out var entries)
                    ? entries : ImmutableDictionary<string, PropertyValue>.Empty;
                olds = olds.SetItem(map.Name, new PropertyValue(coderHas.SetItems(programHad)));
            }
        }
        var keys = Inputs.Properties.Where(p => p.IsUniqueKey).ToList();
        var keepsKey = keys.Count > 0 && keys.All(p => InputDiffer.Equivalent(
            olds.GetValueOrDefault(p.Name) ?? PropertyValue.Null, request.NewInputs.GetValueOrDefault(p.Name) ?? PropertyValue.Null, p.Shape));
        return InputDiffer.Diff(Inputs, olds, request.NewInputs, request.IgnoreChanges, deleteBeforeReplace: keepsKey);
    }

    public async Task<CreateResponse> CreateAsync(CreateRequest request, ResourceContext context, CancellationToken ct)
    {
        if (request.Preview)
        {
            await PreviewIfKnownAsync(request.Inputs, old: null, context, ct);
            return new CreateResponse { Id = "", Outputs = PreviewOutputs(request.Inputs, old: null) };
        }
        var created = await CreateOrAdoptAsync(PropertyMapper.ReadKnown<TArgs>(request.Inputs), request.Inputs, context, ct);
        return new CreateResponse { Id = created.Id, Outputs = StateOutputs(created.State, request.Inputs) };
    }

    public async Task<ReadResponse> ReadAsync(ReadRequest request, ResourceContext context, CancellationToken ct)
    {
        var current = request.Outputs.IsEmpty ? null : PropertyMapper.Read<TState>(request.Outputs).Value;
        var found = await ReadAsync(request.Id, current, context, ct);
        if (found is null) return new ReadResponse { Id = "" };
        var outputs = StateOutputs(found.State, request.Inputs.IsEmpty ? request.Outputs : request.Inputs);
        var inputs = ReportedInputs(outputs, request.Inputs);
        if (request.Inputs.IsEmpty) inputs = await CheckableInputsAsync(inputs, request.Urn, context);
        return new ReadResponse { Id = found.Id, Outputs = outputs, Inputs = PulumiArchives.ForEngine(inputs) };
    }

    public async Task<UpdateResponse> UpdateAsync(UpdateRequest request, ResourceContext context, CancellationToken ct)
    {
        if (request.Preview)
        {
            await PreviewIfKnownAsync(request.NewInputs, PropertyMapper.Read<TState>(request.OldOutputs).Value, context, ct);
            return new UpdateResponse { Outputs = PreviewOutputs(request.NewInputs, request.OldOutputs) };
        }
        var oldInputs = request.OldInputs.IsEmpty ? request.OldOutputs : request.OldInputs;
        var change = new Change<TArgs, TState>(
            PropertyMapper.Read<TState>(request.OldOutputs).Value,
            PropertyMapper.Read<TArgs>(oldInputs).Value,
            PropertyMapper.ReadKnown<TArgs>(request.NewInputs));
        var state = await UpdateAsync(request.Id, change, context, ct);
        return new UpdateResponse { Outputs = StateOutputs(state, request.NewInputs) };
    }

    public Task DeleteAsync(DeleteRequest request, ResourceContext context, CancellationToken ct) =>
        DeleteAsync(request.Id, PropertyMapper.Read<TState>(request.OldOutputs).Value, context, ct);

    private async Task PreviewIfKnownAsync(
        IReadOnlyDictionary<string, PropertyValue> inputs, TState? old, ResourceContext context, CancellationToken ct)
    {
        var mapped = PropertyMapper.Read<TArgs>(inputs);
        if (mapped.Unknown.Count == 0 && context.IsConnected) await PreviewAsync(mapped.Value, old, context, ct);
    }

    /// <summary>Outputs from Coder's state: secret where declared or where the program's value was secret. Write-only
    /// values (passwords) are never outputs: they live only in the inputs the engine keeps.</summary>
    private Dictionary<string, PropertyValue> StateOutputs(TState state, IReadOnlyDictionary<string, PropertyValue> inputs)
    {
        var written = PropertyMapper.Write(state);
        var outputs = new Dictionary<string, PropertyValue>();
        foreach (var property in Outputs.Properties.Where(p => !p.IsWriteOnly))
        {
            if (written.GetValueOrDefault(property.Name) is not { IsNull: false } value) continue;
            var secret = property.IsSecret
                || inputs.TryGetValue(property.Name, out var input) && PropertyMapper.ContainsSecret(input);
            outputs[property.Name] = secret ? PropertyMapper.Unsecret(value).WithSecret(true) : value;
        }
        return outputs;
    }

    /// <summary>During preview: what the program said, and unknown for everything Coder decides.</summary>
    private Dictionary<string, PropertyValue> PreviewOutputs(
        IReadOnlyDictionary<string, PropertyValue> inputs, IReadOnlyDictionary<string, PropertyValue>? old)
    {
        var outputs = new Dictionary<string, PropertyValue>();
        foreach (var property in Outputs.Properties.Where(p => !p.IsWriteOnly))
        {
            if (inputs.TryGetValue(property.Name, out var input) && !input.IsNull)
                outputs[property.Name] = property.IsSecret ? input.WithSecret(true) : input;
            else if (old is not null && old.TryGetValue(property.Name, out var previous))
                outputs[property.Name] = previous;
            else
                outputs[property.Name] = PropertyValue.Computed;
        }
        return outputs;
    }

    /// <summary>On import, the reported inputs become the program (`pulumi import` generates it from them), so they
    /// must pass this resource's own Check: a value Coder holds that Check refuses (such as the members of the
    /// Everyone group, which cannot be set) is left out, unmanaged, with a warning. Required properties stay, so that
    /// Check explains them. License features are not consulted: they are about the deployment, not the values.</summary>
    private async Task<Dictionary<string, PropertyValue>> CheckableInputsAsync(
        Dictionary<string, PropertyValue> inputs, Pulumi.Urn urn, ResourceContext context)
    {
        var checkContext = new CheckContext(Features: null, Token);
        for (var round = 0; round < Inputs.Properties.Count; round++)
        {
            // As the engine checks an import: the reported inputs as both the old and the new ones.
            var reported = inputs.ToImmutableDictionary();
            var failures = Check(new CheckRequest(urn, reported, reported, []), checkContext).Failures ?? [];
            var refused = failures
                .Select(f => (Property: f.Property.Split('.', '[')[0], f.Reason))
                .Where(f => inputs.ContainsKey(f.Property) && Inputs.Find(f.Property) is { IsRequired: false })
                .DistinctBy(f => f.Property)
                .ToList();
            if (refused.Count == 0) break;
            foreach (var (property, reason) in refused)
            {
                inputs.Remove(property);
                await context.WarnAsync($"{property} is left out of the imported inputs (so it is not managed), because " +
                    $"the value Coder holds would fail the program's check: {reason}");
            }
        }
        return inputs;
    }

    /// <summary>The inputs a refresh or import reports: on refresh, the properties the program manages, with Coder's
    /// current values so that drift shows as a diff (write-only ones as the program last set them); on import, every
    /// input Coder knows.</summary>
    private Dictionary<string, PropertyValue> ReportedInputs(
        IReadOnlyDictionary<string, PropertyValue> outputs, IReadOnlyDictionary<string, PropertyValue> oldInputs)
    {
        var inputs = new Dictionary<string, PropertyValue>();
        foreach (var property in Inputs.Properties)
        {
            var managed = oldInputs.Count == 0 || oldInputs.ContainsKey(property.Name) || property.IsDerived;
            var value = property.IsWriteOnly ? oldInputs.GetValueOrDefault(property.Name)
                : InputDiffer.ManagedPart(property, outputs.GetValueOrDefault(property.Name), oldInputs.GetValueOrDefault(property.Name));
            if (managed && value is not null) inputs[property.Name] = value;
        }
        return inputs;
    }
}

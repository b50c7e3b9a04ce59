using Coder.Client.Errors;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Experimental;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>
/// A create whose outcome is unknown: the connection broke or timed out after the request may have reached coderd,
/// the engine cancelled it, or coderd answered 409 because an object with that name exists (perhaps made by an earlier
/// create whose answer was lost). The object is looked up by the name Coder keeps unique: one that matches what the
/// program asked for is adopted; anything else fails naming the object's id and the <c>pulumi import</c> command. So
/// nothing is left on Coder without a name, and the next <c>pulumi up</c> converges without manual steps.
/// </summary>
public abstract partial class CustomResource<TArgs, TState>
{
    private static readonly TimeSpan LookupAfterCancellationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The object a create of <paramref name="inputs"/> would have made, found by the name Coder keeps unique
    /// (a username, an organization's name, a group's organization and name); null when there is none, or when the
    /// resource's create is itself safe to run again.</summary>
    protected abstract Task<ResourceResult<TState>?> FindExistingAsync(TArgs inputs, ResourceContext context, CancellationToken ct);

    /// <summary>Whether a create that failed this way may have made the object all the same.</summary>
    private static bool OutcomeUnknown(Exception failure) =>
        failure is OperationCanceledException
        || failure is CoderApiException { Kind: CoderErrorKind.Transport or CoderErrorKind.Timeout or CoderErrorKind.Conflict };

    private async Task<ResourceResult<TState>> CreateOrAdoptAsync(
        TArgs inputs, IReadOnlyDictionary<string, PropertyValue> programInputs, ResourceContext context, CancellationToken ct)
    {
        try
        {
            return await CreateAsync(inputs, context, ct);
        }
        catch (Exception failure) when (OutcomeUnknown(failure))
        {
            var adopted = await AdoptAsync(inputs, programInputs, failure, context, ct);
            // Nothing found: the create made nothing, and its own error says why.
            if (adopted is null) throw;
            return adopted;
        }
    }

    private async Task<ResourceResult<TState>?> AdoptAsync(
        TArgs inputs, IReadOnlyDictionary<string, PropertyValue> programInputs, Exception failure, ResourceContext context, CancellationToken ct)
    {
        var what = $"{TypeName} \"{context.ResourceName ?? "?"}\"";
        var cancelled = failure is OperationCanceledException;
        ResourceResult<TState>? found;
        // After a cancellation the lookup gets its own short time limit: its answer is what names the object.
        using (var lookupTimeout = new CancellationTokenSource(LookupAfterCancellationTimeout))
        {
            try
            {
                found = await FindExistingAsync(inputs, context, cancelled ? lookupTimeout.Token : ct);
            }
            catch (Exception lookupFailure) when (lookupFailure is CoderApiException or OperationCanceledException)
            {
                throw new ProviderException($"creating {what} failed ({failure.Message}), and looking on Coder for what it " +
                    $"may have made failed too ({lookupFailure.Message}), so Coder may or may not have it. Run `pulumi up` " +
                    "again: it adopts the object when Coder has it and it matches the program.", failure);
            }
        }
        if (found is null) return null;

        var import = $"`pulumi import {Token} {context.ResourceName ?? "<name>"} {found.Id}`";
        var foundInputs = AdoptableInputs(found.State);
        var differences = Inputs.Properties
            .Where(p => !p.IsWriteOnly && !p.IsAppliedAfterCreate && !p.IsDerived)
            .Where(p => programInputs.TryGetValue(p.Name, out var wanted) && !wanted.IsNull
                && !InputDiffer.Equivalent(InputDiffer.ManagedPart(p, foundInputs.GetValueOrDefault(p.Name), wanted) ?? PropertyValue.Null, wanted, p.Shape))
            .Select(p => p.Name)
            .ToList();
        var cause = failure is CoderApiException { Kind: CoderErrorKind.Conflict }
            ? "Coder answered that it already exists"
            : $"the create's outcome is unknown: {failure.Message}";
        if (differences.Count > 0)
        {
            throw new ProviderException($"creating {what} failed ({cause}), and Coder has one with that name, id " +
                $"{found.Id}, whose {string.Join(", ", differences)} differ from the program's, so it was not adopted. " +
                $"To manage that one, adopt it with {import} (the next update then applies the program); otherwise give " +
                "the resource another name.", failure);
        }
        if (cancelled)
        {
            throw new ProviderException($"creating {what} was cancelled after Coder had made it: it has id {found.Id}. " +
                $"The next `pulumi up` adopts it; or adopt it now with {import}.", failure);
        }

        await context.WarnAsync($"{what}: {cause}; Coder has one with that name (id {found.Id}) that matches the " +
            "program, so it was adopted rather than created again. If another resource in a stack declares the same " +
            "name, both now manage this one object: give one of them another name.");
        var unfinished = Inputs.Properties.Any(p => programInputs.TryGetValue(p.Name, out var wanted) && !wanted.IsNull
            && (p.IsWriteOnly || p.IsAppliedAfterCreate && !InputDiffer.Equivalent(
                foundInputs.GetValueOrDefault(p.Name) ?? PropertyValue.Null, wanted, p.Shape)));
        if (!unfinished) return found;
        try
        {
            var change = new Change<TArgs, TState>(found.State, PropertyMapper.Read<TArgs>(foundInputs).Value, inputs);
            return found with { State = await UpdateAsync(found.Id, change, context, ct) };
        }
        catch (Exception finishFailure)
        {
            throw new ProviderException($"{what} was adopted from Coder (id {found.Id}) after {cause}, but applying the " +
                $"rest of the program to it failed: {finishFailure.Message}. Adopt it with {import} and run `pulumi up` again.",
                finishFailure);
        }
    }

    private string TypeName => Token[(Token.LastIndexOf(':') + 1)..];

    /// <summary>What Coder has for each input, as a refresh reports it (write-only values excepted).</summary>
    private Dictionary<string, PropertyValue> AdoptableInputs(TState state)
    {
        var written = PropertyMapper.Write(state);
        return Inputs.Properties
            .Where(p => !p.IsWriteOnly && written.ContainsKey(p.Name))
            .ToDictionary(p => p.Name, p => written[p.Name]);
    }
}

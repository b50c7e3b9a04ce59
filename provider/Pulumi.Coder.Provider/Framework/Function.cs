using System.ComponentModel;
using System.Reflection;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>What the provider needs of any function (invoke).</summary>
public interface IFunctionHandler
{
    string Token { get; }
    string Description { get; }
    ObjectShape Arguments { get; }
    ObjectShape Result { get; }
    Task<InvokeResponse> InvokeAsync(InvokeRequest request, ResourceContext context, CancellationToken ct);
}

/// <summary>A lookup function: its arguments record, its result record and the call. Arguments are checked with the
/// same declared rules as resource inputs.</summary>
public abstract class Function<TArgs, TResult> : IFunctionHandler
    where TArgs : class
    where TResult : class
{
    protected Function()
    {
        var type = GetType();
        Token = "coder:index:" + (type.GetCustomAttribute<PulumiTypeAttribute>()?.Name
            ?? throw new InvalidOperationException($"{type.Name} needs [PulumiType(\"getName\")]"));
        Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? throw new InvalidOperationException($"{type.Name} needs a [Description]");
    }

    public string Token { get; }
    public string Description { get; }
    // Built on first use, not before the port line (see CustomResource.Inputs).
    public ObjectShape Arguments => ObjectShape.For<TArgs>();
    public ObjectShape Result => ObjectShape.For<TResult>();

    protected abstract Task<TResult> InvokeAsync(TArgs arguments, ResourceContext context, CancellationToken ct);

    protected virtual IEnumerable<CheckFailure> Validate(TArgs arguments) => [];

    public async Task<InvokeResponse> InvokeAsync(InvokeRequest request, ResourceContext context, CancellationToken ct)
    {
        var checkedArgs = InputChecker.Check(Arguments, request.Args, Token);
        var failures = checkedArgs.Failures.ToList();
        TArgs? arguments = null;
        if (failures.Count == 0)
        {
            arguments = PropertyMapper.ReadKnown<TArgs>(checkedArgs.Inputs);
            failures.AddRange(Validate(arguments));
        }
        if (failures.Count > 0 || arguments is null) return new InvokeResponse { Failures = failures };
        var result = await InvokeAsync(arguments, context, ct);
        var written = PropertyMapper.Write(result);
        return new InvokeResponse
        {
            Return = written.ToDictionary(
                kv => kv.Key,
                kv => Result.Find(kv.Key) is { IsSecret: true } ? kv.Value.WithSecret(true) : kv.Value),
        };
    }
}

using System.Collections.Immutable;
using Coder.Double;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Integration;

/// <summary>The provider, configured in process against an in-process Coder double. Tests here check how coderd's
/// answers become the provider's behaviour; the engine-driven lifecycle is tested through the plugin binary.</summary>
public sealed class InProcessDeployment : IAsyncLifetime
{
    public CoderDouble Coder { get; private set; } = null!;
    public CoderProvider Provider { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Coder = await CoderDouble.StartInProcessAsync(new CoderDoubleOptions
        {
            RecordPath = Environment.GetEnvironmentVariable("CODER_DOUBLE_RECORD") is { Length: > 0 } path ? path : null,
        });
        await ConfigureAsync();
    }

    public async Task ConfigureAsync()
    {
        Provider = new CoderProvider(engine: null, ProviderCatalog.CreateDefault(),
            new CoderConnector("0.0.0-test", () => Coder.CreateHandler()), _ => null);
        await Provider.Configure(new ConfigureRequest(ImmutableDictionary<string, string>.Empty,
            Map(("url", Coder.BaseAddress.ToString()), ("token", Secret(Coder.SessionToken))), true, true, true, true), default);
    }

    public Task DisposeAsync() => Coder.DisposeAsync().AsTask();

    public static Urn Urn(string type, string name) => new($"urn:pulumi:test::coder::coder:index:{type}::{name}");

    public async Task<CheckResponse> CheckAsync(string type, ImmutableDictionary<string, PropertyValue> inputs) =>
        await Provider.Check(new CheckRequest(Urn(type, "r"), ImmutableDictionary<string, PropertyValue>.Empty, inputs, []), default);

    /// <summary>Check then Create, as the engine does for a new resource; fails the test on check failures.</summary>
    public async Task<CreateResponse> CreateAsync(string type, string name, ImmutableDictionary<string, PropertyValue> inputs)
    {
        var check = await Provider.Check(new CheckRequest(Urn(type, name), ImmutableDictionary<string, PropertyValue>.Empty, inputs, []), default);
        Assert.Empty(check.Failures!);
        return await Provider.Create(new CreateRequest(Urn(type, name), check.Inputs!.ToImmutableDictionary(), TimeSpan.Zero, false), default);
    }
}

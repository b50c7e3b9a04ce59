using System.Collections.Immutable;
using Coder.Double;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>The built plugin (bin/pulumi-resource-coder) driven like the engine drives it, against a Coder double
/// on a loopback port.</summary>
public sealed class PluginFixture : IAsyncLifetime
{
    private readonly Func<CoderDoubleOptions, CoderDoubleOptions>? customize;

    // xunit builds a collection fixture through its one public constructor; suites that tune the double build their
    // own with the other.
    public PluginFixture()
    {
    }

    internal PluginFixture(Func<CoderDoubleOptions, CoderDoubleOptions> customize) => this.customize = customize;

    public CoderDouble Coder { get; private set; } = null!;
    public ProviderProcess Plugin { get; private set; } = null!;
    public EngineDriver Engine { get; private set; } = null!;

    /// <summary>The JSON Lines file the double appends Coder's traffic to: CODER_DOUBLE_RECORD (artifacts/coder-traffic.jsonl
    /// under `make test`) unless a test names its own; null records in memory only.</summary>
    public string? RecordPath { get; init; } = Environment.GetEnvironmentVariable("CODER_DOUBLE_RECORD") is { Length: > 0 } path ? path : null;

    public ImmutableDictionary<string, PropertyValue> Config => Map(("url", Coder.BaseAddress.ToString()), ("token", Secret(Coder.SessionToken)));

    public async Task InitializeAsync()
    {
        var options = new CoderDoubleOptions
        {
            RecordPath = RecordPath,
            ApiRateLimit = 0,
            // These tests push dozens of templates a minute; coderd's 12 uploads a minute (which the client waits out,
            // as its resilience tests show) would only make them slow.
            FilesRateLimit = 0,
        };
        Coder = await CoderDouble.StartOnLoopbackAsync(0, customize is null ? options : customize(options));
        Plugin = await ProviderProcess.StartAsync();
        Engine = new EngineDriver(Plugin);
        await Engine.GetPluginInfoAsync();
        await Engine.ConfigureAsync(Config);
    }

    public async Task DisposeAsync()
    {
        await Plugin.DisposeAsync();
        await Coder.DisposeAsync();
    }

    /// <summary>An HTTP client acting on Coder directly, as someone changing things outside Pulumi would.</summary>
    public HttpClient OutOfBand() => Coder.CreateClient();
}

[CollectionDefinition(Name)]
public sealed class PluginCollection : ICollectionFixture<PluginFixture>
{
    public const string Name = "plugin against the Coder double";
}

/// <summary>A test class that needs its own plugin and double (it changes the license, injects faults or cancels).</summary>
public abstract class OwnPluginTest(PluginFixture? fixture = null) : IAsyncLifetime
{
    protected PluginFixture Fixture { get; } = fixture ?? new();

    public Task InitializeAsync() => Fixture.InitializeAsync();

    public Task DisposeAsync() => Fixture.DisposeAsync();
}

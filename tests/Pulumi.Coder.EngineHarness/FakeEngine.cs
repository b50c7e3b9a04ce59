using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulumi.Coder.EngineHarness.Wire;

namespace Pulumi.Coder.EngineHarness;

/// <summary>One line the plugin logged to the engine.</summary>
public sealed record EngineLogEntry(LogSeverity Severity, string Message, string Urn, bool Ephemeral);

/// <summary>The engine's side of the plugin protocol that a provider calls back: its Log endpoint, recording every
/// line so that tests can assert progress reports and that secrets never appear.</summary>
public sealed class FakeEngine : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<EngineLogEntry> entries;

    private FakeEngine(WebApplication app, ConcurrentQueue<EngineLogEntry> entries)
    {
        this.app = app;
        this.entries = entries;
        Address = $"127.0.0.1:{new Uri(app.Urls.First()).Port}";
    }

    /// <summary>host:port, the form the engine passes to a plugin as its first argument.</summary>
    public string Address { get; }

    /// <summary>Every line logged so far, in order.</summary>
    public IReadOnlyList<EngineLogEntry> Entries => [.. entries];

    public static async Task<FakeEngine> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var entries = new ConcurrentQueue<EngineLogEntry>();
        builder.Services.AddSingleton(entries);
        var app = builder.Build();
        app.MapGrpcService<EngineService>();
        await app.StartAsync();
        return new FakeEngine(app, entries);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class EngineService(ConcurrentQueue<EngineLogEntry> entries) : Engine.EngineBase
    {
        public override Task<Empty> Log(LogRequest request, ServerCallContext context)
        {
            entries.Enqueue(new EngineLogEntry(request.Severity, request.Message, request.Urn, request.Ephemeral));
            return Task.FromResult(new Empty());
        }
    }
}

using System.Runtime.InteropServices;
using Pulumi.Coder.Provider.Hosting;

// The engine starts the plugin with its own address as the only argument; `schema` prints the package schema
// instead (make schema).
StartupTrace.Mark("main");
if (args is ["schema"])
{
    Console.Out.Write(ProviderCatalog.CreateDefault(buildSchema: true).Schema);
    return 0;
}

// Before Serve builds its host: without it, the engine ignores our per-property diffs (see DetailedDiffInterceptor).
DetailedDiffHostingStartup.Enable();
// The engine closes a plugin with SIGINT and kills it 5 s later. Operations in flight are cancelled at once (see
// PluginShutdown) rather than awaited by the host for up to 30 s; should one still hang, say so and exit before the kill.
var shutdown = new PluginShutdown();
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext signal)
{
    signal.Cancel = true;
    if (shutdown.IsStopping) return;
    shutdown.Stop();
    stop.Cancel();
    _ = Task.Delay(PluginShutdown.DefaultCleanupBudget + TimeSpan.FromSeconds(1)).ContinueWith(_ =>
    {
        Console.Error.WriteLine("pulumi-resource-coder: operations were still running after the stop signal; exiting before the " +
            "engine kills the plugin. Run `pulumi refresh` to see what Coder has.");
        Environment.Exit(1);
    }, TaskScheduler.Default);
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
// The catalog (resource and function definitions, read by reflection) is built beside the host rather than before it:
// the engine waits for the port line on every command, and the first request (GetSchema or CheckConfig) comes after it.
var catalog = Task.Run(() =>
{
    var built = ProviderCatalog.CreateDefault();
    StartupTrace.Mark("catalog built");
    return built;
});
StartupTrace.Mark("serving");
await Pulumi.Experimental.Provider.Provider.Serve(
    args,
    ProviderCatalog.ProviderVersion,
    engine =>
    {
        StartupTrace.Mark("provider created");
        return new CoderProvider(engine, catalog.GetAwaiter().GetResult(), new CoderConnector(ProviderCatalog.ProviderVersion), shutdown: shutdown);
    },
    stop.Token);
return 0;

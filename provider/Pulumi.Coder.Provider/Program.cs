using System.Runtime.InteropServices;
using Pulumi.Coder.Provider.Hosting;

// The engine starts the plugin with its own address as the only argument; `schema` prints the package schema
// instead (make schema).
var catalog = ProviderCatalog.CreateDefault();
if (args is ["schema"])
{
    Console.Out.Write(catalog.Schema);
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
await Pulumi.Experimental.Provider.Provider.Serve(
    args,
    catalog.Version,
    engine => new CoderProvider(engine, catalog, new CoderConnector(catalog.Version), shutdown: shutdown),
    stop.Token);
return 0;

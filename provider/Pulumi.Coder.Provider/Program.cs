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
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
await Pulumi.Experimental.Provider.Provider.Serve(
    args,
    catalog.Version,
    engine => new CoderProvider(engine, catalog, new CoderConnector(catalog.Version)),
    stop.Token);
return 0;

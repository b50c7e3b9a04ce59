using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// What any .NET gRPC plugin pays before its port line, whatever framework it uses: the web host, Kestrel listening on
// a free loopback port over HTTP/2, and the gRPC services registered. Quiet like a plugin (no console logging).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
var app = builder.Build();
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine(new Uri(address).Port);
await app.WaitForShutdownAsync();

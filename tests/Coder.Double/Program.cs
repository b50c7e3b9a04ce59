using Coder.Double;

// Standalone double: listens on 127.0.0.1:$PORT (a free port when unset), prints where it is and the admin's
// session token for scripts to pick up, then serves until Ctrl+C or SIGTERM.
var port = int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var requested) ? requested : 0;
await using var coder = await CoderDouble.StartOnLoopbackAsync(port, CoderDoubleOptions.FromEnvironment());
Console.WriteLine($"CODER_URL={coder.BaseAddress.ToString().TrimEnd('/')}");
Console.WriteLine($"CODER_SESSION_TOKEN={coder.SessionToken}");
Console.Out.Flush();
await coder.WaitForShutdownAsync();

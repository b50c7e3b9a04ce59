using System.Collections.Immutable;
using System.Diagnostics;
using Coder.Double;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;

// The Pulumi CLI is not needed: this program starts the plugin exactly as the engine does and calls it in the
// engine's order (Check → Create, Check → Diff → Update, Read, Delete), against an in-memory Coder double.
var clock = Stopwatch.StartNew();
Console.WriteLine("Pulumi.Coder demo: the plugin bin/pulumi-resource-coder, driven the way the Pulumi engine drives it");
Console.WriteLine("(this harness stands in for the engine; no Pulumi CLI is involved), against an in-memory Coder double.");
Console.WriteLine();

await using var coder = await CoderDouble.StartOnLoopbackAsync();
Console.WriteLine($"Coder double listening at {coder.BaseAddress} (admin \"{coder.Seed.AdminUsername}\")");
await using var plugin = await ProviderProcess.StartAsync();
var engine = new EngineDriver(plugin, stack: "demo", project: "platform");
Console.WriteLine($"plugin started on port {plugin.Port}, version {await engine.GetPluginInfoAsync()}");

var configure = await engine.ConfigureAsync(Map(("url", coder.BaseAddress.ToString()), ("token", new PropertyValue(coder.SessionToken).WithSecret(true))));
Console.WriteLine($"configured (token sent as a secret; supportsPreview={configure.SupportsPreview})");
Console.WriteLine();

Console.WriteLine("pulumi up:");
var preview = await engine.PreviewCreateAsync("coder:index:Organization", "platform", Map(("name", "platform")));
Console.WriteLine($"  preview  + coder:index:Organization platform (id {(preview?.Outputs["isDefault"].IsComputed == true ? "known after create" : "?")})");
var org = await Step("create", engine.CreateAsync("coder:index:Organization", "platform",
    Map(("name", "platform"), ("displayName", "Platform engineering"))));
var ada = await Step("create", engine.CreateAsync("coder:index:User", "ada",
    Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc"), ("organizationIds", new[] { org.Id }))));
var group = await Step("create", engine.CreateAsync("coder:index:Group", "developers",
    Map(("organizationId", org.Id), ("name", "developers"), ("members", new[] { ada.Id }))));
Console.WriteLine();

Console.WriteLine("pulumi up (the group gets a display name and a quota):");
var update = await engine.UpdateAsync(group, group.Inputs.SetItem("displayName", new PropertyValue("Developers")).SetItem("quotaAllowance", new PropertyValue(10)));
group = update.Resource;
Console.WriteLine($"  ~ coder:index:Group developers: changed {string.Join(", ", update.Diff.Diffs)}; " +
    $"quotaAllowance={group.Outputs["quotaAllowance"]}, members={group.Outputs["members"]}");
Console.WriteLine();

Console.WriteLine("pulumi refresh:");
foreach (var resource in new[] { org, ada, group })
{
    var refreshed = await engine.RefreshAsync(resource);
    var drift = refreshed is null ? "gone" : (await engine.DiffAsync(refreshed, resource.Inputs)).HasChanges ? "drifted" : "in sync";
    Console.WriteLine($"  {resource.Type} {resource.Name}: {drift}");
}
Console.WriteLine();

Console.WriteLine("pulumi destroy:");
foreach (var resource in new[] { group, ada, org })
{
    await engine.DeleteAsync(resource);
    Console.WriteLine($"  - {resource.Type} {resource.Name} ({resource.Id}) deleted; refresh finds it {((await engine.RefreshAsync(resource)) is null ? "gone" : "still there!")}");
}
Console.WriteLine();
var progress = plugin.Engine.Entries.Count;
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s; {coder.Control.Traffic.Exchanges.Count} Coder API calls; {progress} log lines from the plugin.");
return 0;

static async Task<ResourceState> Step(string verb, Task<ResourceState> operation)
{
    var resource = await operation;
    var shown = resource.Outputs.Where(o => o.Key is "name" or "username" or "members" or "source" or "isDefault")
        .Select(o => $"{o.Key}={o.Value}");
    Console.WriteLine($"  + {resource.Type} {resource.Name} {verb}d: id {resource.Id} ({string.Join(", ", shown)})");
    return resource;
}

static ImmutableDictionary<string, PropertyValue> Map(params (string Key, object Value)[] entries) =>
    entries.ToImmutableDictionary(e => e.Key, e => e.Value switch
    {
        string s => new PropertyValue(s),
        string[] items => new PropertyValue(items.Select(i => new PropertyValue(i)).ToImmutableArray()),
        PropertyValue v => v,
        _ => throw new ArgumentException(e.Value.GetType().ToString()),
    });

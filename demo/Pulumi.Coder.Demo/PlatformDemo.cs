using System.Collections.Immutable;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Coder.Double;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.Testing;
using Pulumi.Experimental;

namespace Pulumi.Coder.Demo;

/// <summary>What the demo found in Coder after each step: the docker template's versions (archived ones included),
/// the steps of the update, and what was left after the destroy.</summary>
public sealed record DemoSummary(
    string Driver,
    int VersionsAfterUp,
    int VersionsAfterUpdate,
    IReadOnlyList<string> UpdateChanges,
    int TemplatesLeft,
    int WorkspacesLeft,
    IReadOnlyList<string> DevelopersLeft)
{
    /// <summary>The update made exactly one new version, and the destroy left nothing of the stack in Coder.</summary>
    public bool Succeeded => VersionsAfterUpdate == VersionsAfterUp + 1 && TemplatesLeft == 0 && WorkspacesLeft == 0 && DevelopersLeft.Count == 0;
}

/// <summary>
/// examples/PlatformStack, unchanged, applied to an in-memory Coder double by the provider plugin (bin/): its
/// developers, their group, the docker template from a copy of the example's templates folder, the canary version and
/// a workspace per developer; then one update (a file of the template changed: exactly one new version); then a
/// refresh and a destroy. Through the Pulumi CLI (`pulumi up`/`refresh`/`destroy` with a local backend) when it is on
/// PATH; otherwise Pulumi's mocks run the program and forward every resource to the plugin, the engine's calls made by
/// the engine harness (<see cref="PluginMocks"/>).
/// </summary>
public static class PlatformDemo
{
    private const string Project = "platform";
    private const string Stack = "demo";
    private static readonly string[] Developers = ["ada", "grace"];

    public static async Task<DemoSummary> RunAsync(TextWriter output, bool preferPulumiCli, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var work = Directory.CreateTempSubdirectory("pulumi-coder-demo-");
        try
        {
            // A copy of the example's templates, so that the update can edit a file without touching the repository.
            var templates = Path.Combine(work.FullName, "templates");
            CopyFolder(RepositoryFiles.PathOf("examples/PlatformStack/templates"), templates);

            await using var coder = await CoderDouble.StartOnLoopbackAsync();
            output.WriteLine($"Coder double listening at {coder.BaseAddress} (admin \"{coder.Seed.AdminUsername}\")");
            using var http = coder.CreateClient();
            var pulumi = preferPulumiCli ? FindOnPath("pulumi") : null;
            var steps = pulumi is not null
                ? new CliSteps(pulumi, work.FullName, templates, coder, output)
                : await MockSteps.StartAsync(templates, coder, output) as IDemoSteps;
            await using var _ = steps;

            output.WriteLine();
            output.WriteLine("pulumi up (examples/PlatformStack):");
            await steps.UpAsync(ct);
            var afterUp = await VersionsAsync(http, ct);
            output.WriteLine($"  Coder: template docker has {afterUp} version(s), canary included");

            output.WriteLine();
            output.WriteLine("pulumi up, after a change to templates/docker/main.tf (one new version of docker, nothing else):");
            await File.AppendAllTextAsync(Path.Combine(templates, "docker", "main.tf"), "\n# edited by make demo\n", ct);
            var changes = await steps.UpAsync(ct);
            var afterUpdate = await VersionsAsync(http, ct);
            output.WriteLine($"  Coder: template docker has {afterUpdate} version(s): {afterUpdate - afterUp} new");

            output.WriteLine();
            output.WriteLine("pulumi refresh:");
            await steps.RefreshAsync(ct);

            output.WriteLine();
            output.WriteLine("pulumi destroy:");
            await steps.DestroyAsync(ct);
            var templatesLeft = (await http.GetFromJsonAsync<JsonElement>("/api/v2/templates", ct)).GetArrayLength();
            var workspacesLeft = (await http.GetFromJsonAsync<JsonElement>("/api/v2/workspaces", ct)).GetProperty("count").GetInt32();
            var developersLeft = new List<string>();
            foreach (var developer in Developers)
                if ((await http.GetAsync($"/api/v2/users/{developer}", ct)).IsSuccessStatusCode) developersLeft.Add(developer);
            output.WriteLine($"  Coder: {templatesLeft} template(s), {workspacesLeft} workspace(s), developers left: {(developersLeft.Count == 0 ? "none" : string.Join(", ", developersLeft))}");

            var summary = new DemoSummary(steps.Driver, afterUp, afterUpdate, changes, templatesLeft, workspacesLeft, developersLeft);
            output.WriteLine();
            output.WriteLine($"{(summary.Succeeded ? "done" : "FAILED")} in {clock.Elapsed.TotalSeconds:F1} s, driven by {summary.Driver}; " +
                $"{coder.Control.Traffic.Exchanges.Count} Coder API calls.");
            return summary;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The docker template's versions in Coder, archived ones included (a replaced canary is archived).</summary>
    private static async Task<int> VersionsAsync(HttpClient http, CancellationToken ct)
    {
        var template = (await http.GetFromJsonAsync<JsonElement>("/api/v2/templates", ct)).EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "docker");
        var versions = await http.GetFromJsonAsync<JsonElement>(
            $"/api/v2/templates/{template.GetProperty("id").GetString()}/versions?include_archived=true", ct);
        return versions.GetArrayLength();
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, command))
            .FirstOrDefault(File.Exists);

    /// <summary>up, refresh and destroy of the example stack, by whichever driver; up answers the changes it made
    /// (<c>operation type name</c>, unchanged resources left out).</summary>
    private interface IDemoSteps : IAsyncDisposable
    {
        string Driver { get; }
        Task<IReadOnlyList<string>> UpAsync(CancellationToken ct);
        Task RefreshAsync(CancellationToken ct);
        Task DestroyAsync(CancellationToken ct);
    }

    /// <summary>No Pulumi CLI: Pulumi's mocks run the program, and every resource goes to the plugin in the engine's
    /// order; the state is kept between the runs as the engine keeps it.</summary>
    private sealed class MockSteps(ProviderProcess plugin, PluginMocks mocks, TextWriter output) : IDemoSteps
    {
        private int logged;

        public string Driver => "an engine-like driver (Pulumi's mocks and the engine harness)";

        public static async Task<MockSteps> StartAsync(string templates, CoderDouble coder, TextWriter output)
        {
            output.WriteLine("The Pulumi CLI is not on PATH: an engine-like driver stands in for the engine. Pulumi's mocks run the");
            output.WriteLine("stack program and forward every resource to the plugin, called in the engine's order (Check, Diff,");
            output.WriteLine("Create/Update/Delete, Read), with the state kept between runs. Install the CLI to see the real thing.");
            var plugin = await ProviderProcess.StartAsync();
            var engine = new EngineDriver(plugin, stack: Stack, project: Project);
            output.WriteLine($"plugin {ProviderProcess.DefaultBinaryPath} started on port {plugin.Port}, version {await engine.GetPluginInfoAsync()}");
            await engine.ConfigureAsync(ImmutableDictionary<string, PropertyValue>.Empty
                .Add("url", new PropertyValue(coder.BaseAddress.ToString()))
                .Add("token", new PropertyValue(coder.SessionToken).WithSecret(true)));
            // Pulumi reads a mocked program's configuration from PULUMI_CONFIG.
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(new Dictionary<string, string>
            {
                [$"{Project}:templatesFolder"] = templates,
            }));
            return new MockSteps(plugin, new PluginMocks(engine, RepositoryFiles.PathOf("examples/PlatformStack")), output);
        }

        public async Task<IReadOnlyList<string>> UpAsync(CancellationToken ct)
        {
            var (_, outputs, steps) = await mocks.UpAsync(() => PlatformStack.Platform.Define(), Project, Stack);
            Print(steps);
            output.WriteLine($"  outputs: {string.Join(", ", outputs.Keys.Order())}");
            return [.. steps.Where(s => s.Operation != "same").Select(s => $"{s.Operation} {s.Resource.Type} {s.Resource.Name}")];
        }

        public async Task RefreshAsync(CancellationToken ct) => Print(await mocks.RefreshAsync());

        public async Task DestroyAsync(CancellationToken ct) => Print(await mocks.DestroyAsync());

        private void Print(IReadOnlyList<DeploymentStep> steps)
        {
            foreach (var step in steps)
            {
                var symbol = step.Operation switch { "create" => "+", "update" => "~", "replace" => "+-", "delete" => "-", _ => " " };
                var changed = step.Diff is { HasChanges: true } diff ? $" [{string.Join(", ", diff.Diffs)}]" : "";
                output.WriteLine($"  {symbol,-2} {step.Resource.Type} {step.Resource.Name}: {step.Operation}{changed} (id {step.Resource.Id})");
            }
            // What the plugin told the engine meanwhile: import and build progress, warnings.
            var entries = plugin.Engine.Entries;
            foreach (var entry in entries.Skip(logged))
                output.WriteLine($"       log {entry.Severity.ToString().ToLowerInvariant()} {entry.Urn[(entry.Urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..]}: {entry.Message.TrimEnd()}");
            logged = entries.Count;
        }

        public ValueTask DisposeAsync() => plugin.DisposeAsync();
    }

    /// <summary>The Pulumi CLI on PATH: the real engine runs examples/PlatformStack with a local backend in the demo's
    /// folder, against the same double (the stack's configuration file there too, so the repository is untouched).</summary>
    private sealed class CliSteps(string pulumi, string work, string templates, CoderDouble coder, TextWriter output) : IDemoSteps
    {
        private readonly string configFile = Path.Combine(work, "Pulumi.demo.yaml");
        private bool initialized;

        public string Driver => $"the Pulumi CLI ({pulumi})";

        public async Task<IReadOnlyList<string>> UpAsync(CancellationToken ct)
        {
            if (!initialized)
            {
                output.WriteLine($"Pulumi CLI found at {pulumi}: the real engine runs the stack, with a local backend in {work}.");
                await RunAsync(ct, "stack", "init", Stack);
                await RunAsync(ct, "config", "set", "coder:url", coder.BaseAddress.ToString());
                await RunAsync(ct, "config", "set", "--secret", "coder:token", coder.SessionToken);
                await RunAsync(ct, "config", "set", $"{Project}:templatesFolder", templates);
                initialized = true;
            }
            var lines = await RunAsync(ct, "up", "--yes", "--skip-preview");
            return [.. lines.Where(l => l.TrimStart().StartsWith('+') || l.TrimStart().StartsWith('~') || l.TrimStart().StartsWith('-'))];
        }

        public async Task RefreshAsync(CancellationToken ct) => await RunAsync(ct, "refresh", "--yes", "--skip-preview");

        public async Task DestroyAsync(CancellationToken ct) => await RunAsync(ct, "destroy", "--yes", "--skip-preview");

        private async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct, params string[] arguments)
        {
            var start = new ProcessStartInfo(pulumi)
            {
                WorkingDirectory = RepositoryFiles.PathOf("examples/PlatformStack"),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            foreach (var argument in new[] { "--stack", Stack, "--config-file", configFile, "--non-interactive" }) start.ArgumentList.Add(argument);
            start.Environment["PULUMI_BACKEND_URL"] = new Uri(Path.Combine(work, "state") + "/").ToString();
            start.Environment["PULUMI_CONFIG_PASSPHRASE"] = "make-demo";
            start.Environment["PULUMI_SKIP_UPDATE_CHECK"] = "true";
            Directory.CreateDirectory(Path.Combine(work, "state"));
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {pulumi}");
            var lines = new List<string>();
            var errors = process.StandardError.ReadToEndAsync(ct);
            while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                // `config set --secret` prints nothing of the value; everything else is the engine's own display.
                output.WriteLine($"  {line}");
                lines.Add(line);
            }
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"pulumi {string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors}");
            return lines;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>A template's import job is bounded by the engine: its custom timeout stops the wait and cancels the job on
/// Coder, so nothing keeps running for an update that gave up (the engine's Cancel and SIGINT: Reliability/CancellationSuite).</summary>
public sealed class TemplateJobTests : OwnPluginTest, IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("template-job-");

    public TemplateJobTests() => File.WriteAllText(Path.Combine(folder.FullName, "main.tf"), "resource \"null_resource\" \"dev\" {}\n");

    public void Dispose() => folder.Delete(recursive: true);

    private async Task<JsonElement> TheVersionAsync()
    {
        using var http = Fixture.OutOfBand();
        for (var i = 0; i < 200; i++)
        {
            var created = Fixture.Coder.Control.Traffic.Exchanges.FirstOrDefault(e => e.Method == "POST" && e.Path.EndsWith("/templateversions"));
            if (created?.ResponseBody?["id"]?.GetValue<string>() is { } id)
                return await http.GetFromJsonAsync<JsonElement>($"/api/v2/templateversions/{id}");
            await Task.Delay(50);
        }
        throw new TimeoutException("no template version was created");
    }

    [Fact]
    public async Task The_engines_custom_timeout_ends_the_wait_and_cancels_the_import_on_Coder()
    {
        Fixture.Coder.Control.HoldJobs();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => Fixture.Engine.CreateAsync("coder:index:Template", "slow",
            Map(("name", "slow"), ("source", WireValues.FileArchive(folder.FullName))), timeoutSeconds: 2));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the create took {clock.Elapsed}");
        Assert.Contains("did not finish within", error.Status.Detail);
        Assert.Contains("customTimeouts", error.Status.Detail);
        Assert.Equal("canceled", (await TheVersionAsync()).GetProperty("job").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_job_no_daemon_can_take_fails_at_once_naming_its_tags_and_the_daemons_there_are()
    {
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => Fixture.Engine.CreateAsync("coder:index:Template", "eu",
            Map(("name", "eu-only"), ("source", WireValues.FileArchive(folder.FullName)),
                ("provisionerTags", new Dictionary<string, object?> { ["cluster"] = "eu" }))));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the create took {clock.Elapsed}");
        Assert.Contains("cluster=eu", error.Status.Detail);
        Assert.Contains(Fixture.Coder.Control.Provisioners.List().Single().Name, error.Status.Detail);
        Assert.Equal("canceled", (await TheVersionAsync()).GetProperty("job").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_job_whose_only_matching_daemon_is_offline_fails_at_once_saying_when_it_was_last_seen()
    {
        var daemon = Fixture.Coder.Control.Provisioners.List().Single();
        Fixture.Coder.Control.Provisioners.SetOffline(daemon.Name, DateTimeOffset.UtcNow.AddHours(-3));

        var error = await Assert.ThrowsAsync<RpcException>(() => Fixture.Engine.CreateAsync("coder:index:Template", "offline",
            Map(("name", "offline"), ("source", WireValues.FileArchive(folder.FullName)))));

        Assert.Contains("not connected", error.Status.Detail);
        Assert.Contains("last seen", error.Status.Detail);
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace Coder.Double.Tests;

public sealed class RecordingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coder-double-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task EachExchange_IsOneJsonLine_WithCheckerKeys_AndControlCallsAreLeftOut()
    {
        var file = Path.Combine(_directory, "traffic.jsonl");
        await using var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { RecordPath = file });

        await scope.Api.GetAsync("/api/v2/users?q=status:active&limit=5");
        await scope.Api.PostAsync("/api/v2/organizations", new { name = "team-a" });
        await scope.Api.GetAsync("/__double/license");
        var userId = (await scope.CreateUserAsync("to-remove")).Id();
        await scope.Api.DeleteAsync($"/api/v2/organizations/{scope.DefaultOrgId}/members/{userId}");

        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(4, lines.Length);
        var first = JsonNode.Parse(lines[0])!.AsObject();
        Assert.Equal(["method", "path", "status", "requestBody", "responseBody", "receivedAt"], first.Select(p => p.Key));
        var receivedAt = first["receivedAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(receivedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.True(JsonNode.Parse(lines[3])!["receivedAt"]!.GetValue<DateTimeOffset>() >= receivedAt, "exchanges are recorded in the order they arrived");
        Assert.Equal("GET", first["method"]!.GetValue<string>());
        Assert.Equal("/api/v2/users?q=status:active&limit=5", first["path"]!.GetValue<string>());
        Assert.Equal(200, first["status"]!.GetValue<int>());
        Assert.Null(first["requestBody"]);
        Assert.Equal(1, first["responseBody"]!["count"]!.GetValue<int>());

        var create = JsonNode.Parse(lines[1])!;
        Assert.Equal("team-a", create["requestBody"]!["name"]!.GetValue<string>());
        Assert.Equal(201, create["status"]!.GetValue<int>());

        var removal = JsonNode.Parse(lines[3])!;
        Assert.Equal(204, removal["status"]!.GetValue<int>());
        Assert.Null(removal["responseBody"]);

        Assert.Equal(4, scope.Coder.Control.Traffic.Exchanges.Count);
    }

    [Fact]
    public async Task Passwords_AreRedacted_InMemoryAndOnDisk()
    {
        const string password = "Very-Secret-Passw0rd!";
        var file = Path.Combine(_directory, "redacted.jsonl");
        await using var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { RecordPath = file });

        await scope.Api.PostAsync("/api/v2/users", new
        {
            username = "grace", email = "grace@example.com", login_type = "password", password,
            organization_ids = new[] { scope.DefaultOrgId },
        });

        var text = await File.ReadAllTextAsync(file);
        Assert.False(text.Contains(password, StringComparison.Ordinal), "the password reached the recording file");
        Assert.Contains("[redacted]", text);
        Assert.False(scope.Coder.Control.Traffic.Exchanges.Any(e => (e.RequestBody?.ToJsonString() ?? "").Contains(password)),
            "the password reached the in-memory recording");
    }

    [Fact]
    public async Task TemplateVariableValues_AreRedacted_InMemoryAndOnDisk_TheirNamesKept()
    {
        const string apiKey = "Very-Secret-Api-Key-0123";
        var file = Path.Combine(_directory, "variables.jsonl");
        await using var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { RecordPath = file });

        var fileId = await scope.UploadAsync("""{"variables": [{"name": "api_key", "type": "string", "sensitive": true}]}""");
        var created = await scope.PostVersionAsync(fileId, variables: new[] { new { name = "api_key", value = apiKey } });
        Assert.Equal(HttpStatusCode.Created, created.Status);

        var text = await File.ReadAllTextAsync(file);
        Assert.False(text.Contains(apiKey, StringComparison.Ordinal), "the variable's value reached the recording file");
        Assert.Contains("\"name\":\"api_key\",\"value\":\"[redacted]\"", text);
        Assert.False(scope.Coder.Control.Traffic.Exchanges.Any(e => (e.RequestBody?.ToJsonString() ?? "").Contains(apiKey)),
            "the variable's value reached the in-memory recording");
    }

    [Fact]
    public async Task ConcurrentRequests_NeverInterleaveLines()
    {
        var file = Path.Combine(_directory, "concurrent.jsonl");
        await using var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { RecordPath = file });

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? scope.Api.GetAsync("/api/v2/users")
            : scope.Api.PostAsync("/api/v2/organizations", new { name = $"org-{i}" })));

        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(40, lines.Length);
        Assert.All(lines, line => Assert.NotNull(JsonNode.Parse(line)));
    }

    [Fact]
    public async Task TwoDoubles_CanShareOneRecordingFile()
    {
        var file = Path.Combine(_directory, "shared.jsonl");
        var options = new CoderDoubleOptions { RecordPath = file };
        await using var first = await DoubleScope.StartAsync(options);
        await using var second = await DoubleScope.StartAsync(options);

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => (i % 2 == 0 ? first : second).Api.GetAsync("/api/v2/users/me")));

        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(30, lines.Length);
        Assert.All(lines, line => Assert.Equal(200, JsonNode.Parse(line)!["status"]!.GetValue<int>()));
    }

    [Fact]
    public async Task InjectedFaults_AreRecorded_ButDroppedConnectionsAreNot()
    {
        var file = Path.Combine(_directory, "faults.jsonl");
        await using var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { RecordPath = file });
        scope.Coder.Control.Faults.Add(new Control.FaultRule("/api/v2/users/me", Status: 503));
        scope.Coder.Control.Faults.Add(new Control.FaultRule("/api/v2/organizations", Drop: true));

        await scope.Api.GetAsync("/api/v2/users/me");
        await Assert.ThrowsAnyAsync<Exception>(() => scope.Api.GetAsync("/api/v2/organizations"));

        var line = Assert.Single(await File.ReadAllLinesAsync(file));
        Assert.Equal(503, JsonNode.Parse(line)!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task RecordingOfEveryImplementedCall_PassesTheTrafficChecker()
    {
        var script = TrafficChecker.ScriptPath();
        if (script is null) return; // the shared tools folder only exists on the team's machines

        var file = Path.Combine(_directory, "all.jsonl");
        await using (var scope = await Provisioning.StartAsync(file))
        {
            await Scenario.ExerciseEverythingCheckerCleanAsync(scope);
        }

        // Every problem the checker reports must be one of the documented coderd/swagger disagreements, and each
        // documented disagreement must have been exercised.
        var exchanges = (await File.ReadAllLinesAsync(file)).Select((line, i) => (Number: i + 1, Exchange: JsonNode.Parse(line)!)).ToList();
        var known = exchanges
            .Where(e => Scenario.IsKnownDisagreement(e.Exchange["method"]!.GetValue<string>(), e.Exchange["path"]!.GetValue<string>(), e.Exchange["status"]!.GetValue<int>()))
            .ToList();
        foreach (var disagreement in Scenario.KnownDisagreements)
        {
            Assert.Contains(known, e => e.Exchange["method"]!.GetValue<string>() == disagreement.Method &&
                                        System.Text.RegularExpressions.Regex.IsMatch(e.Exchange["path"]!.GetValue<string>().Split('?')[0], disagreement.PathPattern));
        }

        var (_, output) = await TrafficChecker.RunAsync(script, file);
        Assert.Contains(", 0 unmatched", output);
        var flagged = output.Split('\n').Where(l => l.StartsWith("LINE ")).Select(l => int.Parse(l[5..l.IndexOf(':')])).ToHashSet();
        Assert.True(flagged.SetEquals(known.Select(k => k.Number)), output);
    }

    [Fact]
    public async Task KnownSwaggerDisagreements_AreExactlyTheOnesTheCheckerFlags()
    {
        var script = TrafficChecker.ScriptPath();
        if (script is null) return;

        var file = Path.Combine(_directory, "known.jsonl");
        await using (var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { RecordPath = file }))
        {
            // coderd answers codersdk.UserRoles (swagger: codersdk.User) ...
            Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/users/me/roles")).Status);
            // ... and one PaginatedMembersResponse object (swagger: an array of them).
            Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync($"/api/v2/organizations/{scope.DefaultOrgId}/paginated-members")).Status);
            // ... and new users are "dormant", which swagger's User.status enum (active, suspended) leaves out.
            Assert.Equal(HttpStatusCode.Created, (await scope.Api.PostAsync("/api/v2/users",
                new { username = "sleepy", email = "sleepy@example.com", login_type = "github", organization_ids = new[] { scope.DefaultOrgId } })).Status);
        }

        var (exitCode, output) = await TrafficChecker.RunAsync(script, file);
        Assert.Equal(1, exitCode);
        var problemLines = output.Split('\n').Where(l => l.StartsWith("LINE ")).Select(l => l.Split(':')[0]).Distinct().ToList();
        Assert.Equal(["LINE 1", "LINE 2", "LINE 3"], problemLines);
    }
}

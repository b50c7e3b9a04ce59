using System.Text.Json.Nodes;

namespace Coder.Client.Tests.AgainstDouble;

/// <summary>The doubles of these tests feed the swagger traffic check run after the tests.</summary>
[Collection(DoubleCollection.Name)]
public sealed class RecordingTests : IDisposable
{
    private const string RecordVariable = "CODER_DOUBLE_RECORD";

    private readonly string _directory = Directory.CreateTempSubdirectory("coder-client-recording-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_session_appends_its_exchanges_to_the_file_named_by_CODER_DOUBLE_RECORD()
    {
        var file = Path.Combine(_directory, "traffic.jsonl");
        await File.WriteAllTextAsync(file, "{\"earlier\":\"line\"}\n");
        var previous = Environment.GetEnvironmentVariable(RecordVariable);
        // Safe to change for the process: the tests that read it run one at a time in this collection.
        Environment.SetEnvironmentVariable(RecordVariable, file);
        try
        {
            await using var session = await DoubleSession.StartAsync();
            await session.Client.Deployment.GetBuildInfoAsync();
            await session.Client.Users.GetAsync("me");
        }
        finally
        {
            Environment.SetEnvironmentVariable(RecordVariable, previous);
        }

        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(3, lines.Length);
        var exchanges = lines.Skip(1).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(["GET /api/v2/buildinfo 200", "GET /api/v2/users/me 200"],
            exchanges.Select(e => $"{e["method"]} {e["path"]} {e["status"]}"));
    }
}

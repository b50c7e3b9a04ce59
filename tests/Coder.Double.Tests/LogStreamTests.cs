using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Coder.Double.Control;

namespace Coder.Double.Tests;

/// <summary>coderd's follow=true log stream (coderd/provisionerjobs.go logFollower): a WebSocket of JSON text messages,
/// one ProvisionerJobLog each, closed with 1000 once the job has completed.</summary>
public sealed class LogStreamTests
{
    private static async Task<ClientWebSocket> ConnectAsync(DoubleScope scope, string path)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Coder-Session-Token", scope.Coder.SessionToken);
        var uri = new UriBuilder(new Uri(scope.Coder.BaseAddress, path)) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return socket;
    }

    private static async Task<List<JsonNode>> ReadToCloseAsync(ClientWebSocket socket)
    {
        var messages = new List<JsonNode>();
        var buffer = new byte[16 * 1024];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, deadline.Token);
            if (received.MessageType == WebSocketMessageType.Close) return messages;
            Assert.True(received.EndOfMessage);
            Assert.Equal(WebSocketMessageType.Text, received.MessageType);
            messages.Add(JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count))!);
        }
    }

    [Fact]
    public async Task Follow_StreamsEveryLineAfterTheGivenId_AsTheJobWritesThem_ThenClosesNormallyWhenItCompletes()
    {
        await using var scope = await DoubleScope.StartOnLoopbackAsync(new CoderDoubleOptions { JobTiming = new JobTiming(30, 600, 40), FilesRateLimit = 0 });
        var fileId = await scope.UploadAsync("""{"import": {"logs": ["resolving modules", "planning"]}}""");
        var versionId = (await scope.PostVersionAsync(fileId)).Body!.Id();
        var path = $"/api/v2/templateversions/{versionId}";

        using var socket = await ConnectAsync(scope, $"{path}/logs?follow=true");
        var streamed = await ReadToCloseAsync(socket);

        Assert.Equal((WebSocketCloseStatus.NormalClosure, "done"), (socket.CloseStatus, socket.CloseStatusDescription));
        // The close comes once the job has completed, with every line sent.
        Assert.Equal("succeeded", (await scope.Api.GetAsync(path)).Body!["job"]!.S("status"));
        var all = (await scope.Api.GetAsync($"{path}/logs")).Body!.AsArray();
        Assert.Equal(all.Select(l => l!.ToJsonString()), streamed.Select(l => l.ToJsonString()));

        // A completed job's stream sends the lines after ?after and closes at once.
        var after = all[1]!["id"]!.GetValue<long>();
        using var again = await ConnectAsync(scope, $"{path}/logs?follow=true&after={after}");
        Assert.Equal(all.Skip(2).Select(l => l!.ToJsonString()), (await ReadToCloseAsync(again)).Select(l => l.ToJsonString()));

        // The exchange is recorded as a 101 whose body is the messages sent (once the connection has ended).
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!scope.Coder.Control.Traffic.Exchanges.Any(e => e.Path == $"{path}/logs?follow=true") && DateTime.UtcNow < until) await Task.Delay(10);
        var recorded = scope.Coder.Control.Traffic.Exchanges.First(e => e.Path == $"{path}/logs?follow=true");
        Assert.Equal(101, recorded.Status);
        Assert.Equal(all.Count, recorded.ResponseBody!.AsArray().Count);
    }

    [Fact]
    public async Task Follow_WithoutAnUpgrade_IsRefusedAsCoderdsWebsocketAcceptDoes()
    {
        await using var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { FilesRateLimit = 0 });
        var version = await scope.ImportAsync();

        var reply = await scope.Api.GetAsync($"/api/v2/templateversions/{version.Id()}/logs?follow=true");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("Failed to accept websocket.", reply.Body!.S("message"));
    }

    [Fact]
    public async Task AWebSocketFault_RefusesTheUpgrade_AndLeavesPlainCallsAlone()
    {
        await using var scope = await DoubleScope.StartOnLoopbackAsync(new CoderDoubleOptions { FilesRateLimit = 0 });
        var version = await scope.ImportAsync();
        var path = $"/api/v2/templateversions/{version.Id()}/logs";
        scope.Coder.Control.Faults.Add(new FaultRule("/api/v2/**", Times: 0, Status: 502, WebSocket: true));

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(scope, $"{path}?follow=true"));

        Assert.Contains("502", refused.Message);
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync(path)).Status);
    }
}

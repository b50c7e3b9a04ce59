using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coder.Double.Control;
using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>
/// coderd's logFollower (coderd/provisionerjobs.go): accepts the WebSocket, sends the job's log lines with an id above
/// <c>after</c> as JSON text messages (one codersdk.ProvisionerJobLog each), then every new line as the job writes it,
/// and closes with 1000 "done" once the job has completed (for a job already complete, right after its lines).
/// </summary>
public sealed class LogFollower(Guid jobId, long after) : IResult
{
    /// <summary>Where the messages sent are kept for the traffic recording (HttpContext.Items).</summary>
    public const string SentMessagesItem = "coder.double.websocket.sent";

    public async Task ExecuteAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<DoubleState>();
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var recorder = context.RequestServices.GetRequiredService<TrafficRecorder>();
        var path = context.Request.Path + context.Request.QueryString;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var sent = new JsonArray();
        context.Items[SentMessagesItem] = sent;
        recorder.StreamOpened(path);

        // The client never sends anything; reading notices its close or disappearance.
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var reading = DrainAsync(socket, gone);
        var last = after;
        var closed = false;
        try
        {
            while (true)
            {
                Task changed;
                List<JobLogRow> lines;
                bool complete;
                lock (state.Sync)
                {
                    var job = state.JobById(jobId);
                    changed = state.WhenJobChanges(jobId);
                    lines = job?.Logs.Where(l => l.Id > last).ToList() ?? [];
                    complete = job is null || job.CompletedAt is not null;
                }

                foreach (var line in lines)
                {
                    var json = JsonSerializer.SerializeToUtf8Bytes(ProvisioningViews.Log(line), CoderJson.Options);
                    await socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, gone.Token);
                    sent.Add(JsonNode.Parse(json));
                    last = line.Id;
                }

                if (complete) break;
                await changed.WaitAsync(gone.Token);
            }
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", gone.Token);
            closed = true;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away or the double stops: nothing more to say.
        }
        finally
        {
            // Give the client the moment it needs to answer the close, so that the connection ends cleanly.
            if (closed) await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(2), stopping));
            await gone.CancelAsync();
            await reading;
            recorder.StreamClosed(path);
        }
    }

    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource gone)
    {
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, gone.Token);
                if (received.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        await gone.CancelAsync();
    }
}

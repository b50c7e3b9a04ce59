using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Coder.Client.Models;
using Coder.Client.Serialization;

namespace Coder.Client.Jobs;

/// <summary>
/// coderd's live log stream of one provisioner job (<c>GET …/logs?follow=true&amp;after=N</c>, upgraded to a
/// WebSocket): one JSON text message per <see cref="ProvisionerJobLog"/>, the lines after <c>N</c> first, then each
/// new line as the provisioner writes it; coderd closes it with 1000 once the job has completed. This is how coder's
/// CLI and terraform-provider-coderd follow jobs: no request at all while the job runs.
/// </summary>
public sealed class ProvisionerJobLogStream : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly ArrayBufferWriter<byte> _message = new(4096);

    private ProvisionerJobLogStream(WebSocket socket) => _socket = socket;

    /// <summary>Whether the stream ended with coderd's normal close (the job completed and every line was sent), as
    /// opposed to a broken connection or an unreadable message.</summary>
    public bool EndedNormally { get; private set; }

    /// <summary>
    /// Opens the stream; null when it cannot be had — the upgrade is answered with anything but 101 (a proxy that does
    /// not pass WebSockets, or coderd's own error, which the polling fallback then reports as usual), or the connection
    /// fails or takes longer than <paramref name="connectTimeout"/>. Only the caller's cancellation throws.
    /// </summary>
    internal static async Task<ProvisionerJobLogStream?> ConnectAsync(
        Uri uri, HttpMessageInvoker invoker, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            await socket.ConnectAsync(uri, invoker, timeout.Token).ConfigureAwait(false);
            return new ProvisionerJobLogStream(socket);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException or IOException)
        {
            socket.Dispose();
            // The caller giving up wins over whatever the refusal was.
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }

    /// <summary>
    /// The next log line, or null once the stream has ended (see <see cref="EndedNormally"/>). Cancelling aborts the
    /// connection (a WebSocket cannot stop a read half way).
    /// </summary>
    public async Task<ProvisionerJobLog?> ReadAsync(CancellationToken cancellationToken)
    {
        _message.ResetWrittenCount();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(_message.GetMemory(4096), cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    EndedNormally = _socket.CloseStatus == WebSocketCloseStatus.NormalClosure;
                    await AnswerCloseAsync().ConfigureAwait(false);
                    return null;
                }

                _message.Advance(received.Count);
                if (received.EndOfMessage) break;
            }
        }
        catch (WebSocketException)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(_message.WrittenSpan, CoderJsonContext.Default.ProvisionerJobLog);
        }
        catch (JsonException)
        {
            // Not a line coderd would send: end here; the waiter reads the job and its logs over REST instead.
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AnswerCloseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }
    }
}

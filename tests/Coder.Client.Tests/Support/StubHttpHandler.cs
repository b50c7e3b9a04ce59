using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Coder.Client.Tests.Support;

/// <summary>A request as the transport saw it, copied so it outlives the request message.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// The innermost handler of a client under test: answers each request with the next queued responder (the last one
/// repeats) and records what it received.
/// </summary>
public sealed class StubHttpHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _responders = new();
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _last;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Count => Requests.Count;

    public StubHttpHandler Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _responders.Enqueue(responder);
        return this;
    }

    public StubHttpHandler Then(Func<HttpRequestMessage, HttpResponseMessage> responder) =>
        Then((request, _) => Task.FromResult(responder(request)));

    public StubHttpHandler ThenJson(HttpStatusCode status, string json, Action<HttpResponseMessage>? configure = null) =>
        Then(request =>
        {
            var response = Json(status, json);
            response.RequestMessage = request;
            configure?.Invoke(response);
            return response;
        });

    public StubHttpHandler ThenStatus(HttpStatusCode status, Action<HttpResponseMessage>? configure = null) =>
        Then(request =>
        {
            var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new ByteArrayContent([]) };
            configure?.Invoke(response);
            return response;
        });

    public StubHttpHandler ThenThrow(Exception exception) => Then((_, _) => Task.FromException<HttpResponseMessage>(exception));

    /// <summary>Never answers; completes only through cancellation.</summary>
    public StubHttpHandler ThenHang() => Then(async (_, token) =>
    {
        await Task.Delay(Timeout.Infinite, token);
        throw new InvalidOperationException("unreachable");
    });

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(
            request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body));

        if (_responders.TryDequeue(out var responder))
        {
            _last = responder;
        }

        if (_last is null)
        {
            throw new InvalidOperationException($"No response queued for {request.Method} {request.RequestUri}.");
        }

        var response = await _last(request, cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }
}

using System.Net.Http.Headers;

namespace Coder.Client.Http;

/// <summary>Puts the session token, the configured extra headers and the user agent on every request.</summary>
internal sealed class CoderHeadersHandler : DelegatingHandler
{
    public const string SessionTokenHeader = "Coder-Session-Token";

    private readonly string? _sessionToken;
    private readonly IReadOnlyDictionary<string, string> _extraHeaders;
    private readonly ProductInfoHeaderValue _userAgent;

    public CoderHeadersHandler(CoderClientOptions options, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _sessionToken = string.IsNullOrEmpty(options.SessionToken) ? null : options.SessionToken;
        _extraHeaders = options.Headers;
        _userAgent = new ProductInfoHeaderValue(options.UserAgentProduct, options.UserAgentVersion);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in _extraHeaders)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.Remove(SessionTokenHeader);
        if (_sessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation(SessionTokenHeader, _sessionToken);
        }

        request.Headers.UserAgent.Clear();
        request.Headers.UserAgent.Add(_userAgent);
        if (request.Headers.Accept.Count == 0)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        return base.SendAsync(request, cancellationToken);
    }
}

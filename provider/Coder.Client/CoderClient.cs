using System.Globalization;
using System.Net;
using Coder.Client.Api;
using Coder.Client.Errors;
using Coder.Client.Http;
using Coder.Client.Jobs;
using Coder.Client.Serialization;
using Refit;

namespace Coder.Client;

/// <summary>The Coder API areas the provider uses; mock this (or single areas) in tests of code that uses it.</summary>
public interface ICoderClient
{
    IDeploymentApi Deployment { get; }

    IUsersApi Users { get; }

    IOrganizationsApi Organizations { get; }

    IGroupsApi Groups { get; }

    ITemplatesApi Templates { get; }

    ITemplateVersionsApi TemplateVersions { get; }

    IFilesApi Files { get; }

    IWorkspacesApi Workspaces { get; }

    IWorkspaceBuildsApi WorkspaceBuilds { get; }

    /// <summary>
    /// Opens coderd's live log stream of a provisioner job at <paramref name="logsPath"/> (e.g.
    /// <c>/api/v2/templateversions/{id}/logs</c>) from the line after <paramref name="after"/>; null when the stream
    /// cannot be had (the caller polls instead). See <see cref="ProvisionerJobLogStream"/>.
    /// </summary>
    Task<ProvisionerJobLogStream?> FollowJobLogsAsync(string logsPath, long after, TimeSpan connectTimeout, CancellationToken cancellationToken);
}

/// <summary>
/// One Coder deployment's typed API. Requests pass through, from the caller outwards: the header handler (session
/// token, extra headers, user agent), the rate-limit pacer (<see cref="RateLimitPacer"/>), the resilience handler
/// (total timeout, retries, attempt timeout), then the transport. Every failure surfaces as a
/// <see cref="CoderApiException"/> built by <see cref="CoderErrorMapper"/>, except the caller's own cancellation.
/// </summary>
public sealed class CoderClient : ICoderClient, IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly HttpMessageInvoker _streams;

    private CoderClient(CoderClientOptions options, HttpMessageHandler transport)
    {
        options.Validate();
        Options = options;
        ErrorMapper = new CoderErrorMapper(options.SessionToken, options.Headers.Values);

        var pipeline = new CoderHeadersHandler(options,
            new RateLimitPacer(options.Resilience, CoderResiliencePipeline.CreateHandler(options.Resilience, transport)));
        // Log streams share the transport (its connections, TLS settings and no redirects) and the headers, but not
        // the resilience handler: a stream lives as long as its job, and a refused one is answered by polling.
        _streams = new HttpMessageInvoker(new CoderHeadersHandler(options, transport), disposeHandler: false);
        _httpClient = new HttpClient(pipeline, disposeHandler: true)
        {
            BaseAddress = options.BaseUrl,
            // The resilience pipeline owns every time limit.
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var settings = new RefitSettings(SystemTextJsonContentSerializer.ForContext(CoderJsonContext.Default))
        {
            // Buffered bodies can be sent again by a retry and carry a Content-Length.
            Buffered = true,
            ExceptionFactory = ErrorMapper.FromResponseAsync,
            DeserializationExceptionFactory = ErrorMapper.FromDeserialization,
            TransportExceptionFactory = ErrorMapper.FromTransport,
        };
        settings.UrlParameterFormatterMap[typeof(bool)] = new LowerCaseBooleanFormatter();

        Deployment = RestService.ForGenerated<IDeploymentApi>(_httpClient, settings);
        Users = RestService.ForGenerated<IUsersApi>(_httpClient, settings);
        Organizations = RestService.ForGenerated<IOrganizationsApi>(_httpClient, settings);
        Groups = RestService.ForGenerated<IGroupsApi>(_httpClient, settings);
        Templates = RestService.ForGenerated<ITemplatesApi>(_httpClient, settings);
        TemplateVersions = RestService.ForGenerated<ITemplateVersionsApi>(_httpClient, settings);
        Files = RestService.ForGenerated<IFilesApi>(_httpClient, settings);
        Workspaces = RestService.ForGenerated<IWorkspacesApi>(_httpClient, settings);
        WorkspaceBuilds = RestService.ForGenerated<IWorkspaceBuildsApi>(_httpClient, settings);
    }

    /// <summary>A client that talks to Coder over the network.</summary>
    public static CoderClient Create(CoderClientOptions options) => new(options, CreateDefaultTransport());

    /// <summary>A client whose requests end in <paramref name="transport"/> (an in-memory server, a test double)
    /// after passing the same headers, resilience and error mapping. The client disposes it. The transport must not
    /// follow redirects itself (a <see cref="SocketsHttpHandler"/> or <see cref="HttpClientHandler"/> given here gets
    /// <c>AllowAutoRedirect</c> turned off): the client answers every 3xx with a
    /// <see cref="CoderErrorKind.Redirected"/> error.</summary>
    public static CoderClient Create(CoderClientOptions options, HttpMessageHandler transport) => new(options, WithoutAutoRedirect(transport));

    public CoderClientOptions Options { get; }

    /// <summary>The mapping that produced this client's exceptions; for calls made on <see cref="HttpClient"/>.</summary>
    public CoderErrorMapper ErrorMapper { get; }

    /// <summary>The configured client for the rare call no interface covers. Its requests get the same headers and
    /// resilience; check responses with <see cref="CoderErrorMapper.EnsureSuccessAsync"/>.</summary>
    public HttpClient HttpClient => _httpClient;

    public IDeploymentApi Deployment { get; }

    public IUsersApi Users { get; }

    public IOrganizationsApi Organizations { get; }

    public IGroupsApi Groups { get; }

    public ITemplatesApi Templates { get; }

    public ITemplateVersionsApi TemplateVersions { get; }

    public IFilesApi Files { get; }

    public IWorkspacesApi Workspaces { get; }

    public IWorkspaceBuildsApi WorkspaceBuilds { get; }

    public void Dispose() => _httpClient.Dispose();

    public Task<ProvisionerJobLogStream?> FollowJobLogsAsync(string logsPath, long after, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        // Appended to the whole base URL, as Refit does: a Coder behind a path prefix keeps it.
        var http = new Uri($"{Options.BaseUrl.AbsoluteUri.TrimEnd('/')}/{logsPath.TrimStart('/')}?follow=true&after={after.ToString(CultureInfo.InvariantCulture)}");
        var uri = new UriBuilder(http) { Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;
        return ProvisionerJobLogStream.ConnectAsync(uri, _streams, connectTimeout, cancellationToken);
    }

    private static HttpMessageHandler WithoutAutoRedirect(HttpMessageHandler transport)
    {
        switch (transport)
        {
            case SocketsHttpHandler { AllowAutoRedirect: true } sockets:
                sockets.AllowAutoRedirect = false;
                break;
            case HttpClientHandler { AllowAutoRedirect: true } handler:
                handler.AllowAutoRedirect = false;
                break;
        }

        return transport;
    }

    private static SocketsHttpHandler CreateDefaultTransport() => new()
    {
        // A redirect would carry the session token and extra headers to another address (a proxy's identity
        // provider, say); the error mapper turns a 3xx into a Redirected error instead.
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        // Pick up DNS changes of long-running providers.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };
}

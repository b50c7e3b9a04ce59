using Coder.Client.Errors;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Hosting;

/// <summary>
/// The gRPC-facing provider: configuration, then dispatch of each request to the resource or function named by its
/// token. Everything resource-specific lives in the resource definitions; everything generic in Framework.
/// </summary>
public sealed class CoderProvider : Pulumi.Experimental.Provider.Provider
{
    private readonly IEngine? engine;
    private readonly ProviderCatalog catalog;
    private readonly ICoderConnector connector;
    private readonly Func<string, string?> environment;
    private readonly PluginShutdown shutdown;
    private readonly TextWriter standardError;
    private CoderSession? session;

    /// <param name="shutdown">The plugin's stop signal; operations in flight are cancelled when it fires.</param>
    /// <param name="standardError">Where an operation ended by the stop signal is reported (the engine reads no
    /// answer then, but shows the plugin's standard error).</param>
    public CoderProvider(IEngine? engine, ProviderCatalog catalog, ICoderConnector connector, Func<string, string?>? environment = null,
        PluginShutdown? shutdown = null, TextWriter? standardError = null)
    {
        this.engine = engine;
        this.catalog = catalog;
        this.connector = connector;
        this.environment = environment ?? Environment.GetEnvironmentVariable;
        this.shutdown = shutdown ?? new PluginShutdown();
        this.standardError = standardError ?? Console.Error;
    }

    public override Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, CancellationToken ct) =>
        Task.FromResult(new GetSchemaResponse { Schema = catalog.Schema });

    public override Task<CheckResponse> CheckConfig(CheckRequest request, CancellationToken ct) =>
        Task.FromResult(ProviderConfiguration.Check(request.NewInputs, environment));

    public override Task<DiffResponse> DiffConfig(DiffRequest request, CancellationToken ct)
    {
        var olds = ProviderConfiguration.Normalize(request.OldInputs.IsEmpty ? request.OldOutputs : request.OldInputs);
        var news = ProviderConfiguration.Normalize(request.NewInputs);
        // A new URL or token reconfigures the provider; it never replaces the resources it manages.
        return Task.FromResult(InputDiffer.Diff(ProviderConfiguration.Shape, olds, news, request.IgnoreChanges));
    }

    public override async Task<ConfigureResponse> Configure(ConfigureRequest request, CancellationToken ct)
    {
        var mapped = PropertyMapper.Read<ProviderConfigArgs>(ProviderConfiguration.Normalize(request.Args));
        var resolution = ProviderConfiguration.Resolve(mapped.Value, mapped.Unknown, environment);
        if (resolution.Failures.Count > 0)
            throw new ProviderException("the coder provider is misconfigured: " + string.Join("; ", resolution.Failures.Select(f => f.Reason)));
        // With configuration not known yet (preview), resources are still checked and previewed; calls that need
        // Coder fail with a clear message.
        session = resolution.Configuration is null ? null : await connector.ConnectAsync(resolution.Configuration, ct);
        return new ConfigureResponse { AcceptSecrets = true, SupportsPreview = true, AcceptResources = false, AcceptOutputs = false };
    }

    public override Task<CheckResponse> Check(CheckRequest request, CancellationToken ct) =>
        UntilStoppedAsync("checking", request.Urn, ct, token => catalog.Resource(request.Type).CheckAsync(request, new CheckContext(session?.Features, request.Type) { Session = session }, token));

    public override async Task<DiffResponse> Diff(DiffRequest request, CancellationToken ct)
    {
        var resource = catalog.Resource(request.Type);
        var diff = resource.Diff(request);
        // Shown in the preview, before anything is deleted.
        if (diff.DeleteBeforeReplace && resource.DeleteBeforeReplaceWarning is { } warning)
        {
            await Context(request.Urn).WarnAsync($"replacing this {resource.Token} because {string.Join(", ", diff.Replaces ?? [])} " +
                $"cannot change in place deletes it first: {warning}");
        }
        return diff;
    }

    public override Task<CreateResponse> Create(CreateRequest request, CancellationToken ct) =>
        UntilStoppedAsync("creating", request.Urn, ct, token => WithinCustomTimeoutAsync("create", request.Timeout, limited =>
            catalog.Resource(request.Type).CreateAsync(request, Context(request.Urn, request.Timeout), limited), token));

    public override Task<ReadResponse> Read(ReadRequest request, CancellationToken ct) =>
        UntilStoppedAsync("reading", request.Urn, ct, token => catalog.Resource(request.Type).ReadAsync(request, Context(request.Urn), token));

    public override Task<UpdateResponse> Update(UpdateRequest request, CancellationToken ct) =>
        UntilStoppedAsync("updating", request.Urn, ct, token => WithinCustomTimeoutAsync("update", request.Timeout, limited =>
            catalog.Resource(request.Type).UpdateAsync(request, Context(request.Urn, request.Timeout), limited), token));

    public override Task Delete(DeleteRequest request, CancellationToken ct) =>
        UntilStoppedAsync("deleting", request.Urn, ct, token => WithinCustomTimeoutAsync("delete", request.Timeout, async limited =>
        {
            await catalog.Resource(request.Type).DeleteAsync(request, Context(request.Urn, request.Timeout), limited);
            return true;
        }, token));

    public override Task<InvokeResponse> Invoke(InvokeRequest request, CancellationToken ct) =>
        UntilStoppedAsync("invoking", request.Tok, ct, token => catalog.Function(request.Tok).InvokeAsync(request, Context(urn: null), token));

    /// <summary>The context of one operation, which also becomes the <see cref="ResourceContext.Current"/> of the
    /// calls it makes.</summary>
    private ResourceContext Context(Urn? urn, TimeSpan timeout = default) =>
        ResourceContext.Current = new(session, engine, urn?.ToString()) { Timeout = timeout, Shutdown = shutdown };

    /// <summary>Runs an operation that the plugin's stop signal cancels too. An operation it ended is reported on
    /// standard error with its error (which names any object left on Coder and the command that adopts it). A 401 on
    /// any call after Configure (the token was revoked or expired mid-run) says what Configure says for a refused
    /// token.</summary>
    private async Task<T> UntilStoppedAsync<T>(string doing, string what, CancellationToken ct, Func<CancellationToken, Task<T>> operation)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, shutdown.Stopping);
        try
        {
            return await operation(linked.Token);
        }
        catch (CoderApiException e) when (e.Kind == CoderErrorKind.Unauthorized && session is not null && !shutdown.IsStopping)
        {
            throw CoderConnector.TokenRejected(session.Configuration.Url, e);
        }
        catch (Exception e) when (shutdown.IsStopping)
        {
            var outcome = e is OperationCanceledException ? "was cancelled" : $"failed: {e.Message}";
            await standardError.WriteLineAsync($"pulumi-resource-coder: stopped by a signal while {doing} {what}, which {outcome}");
            await standardError.FlushAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The engine sends a resource's custom timeout (customTimeouts in the program) with each create, update and
    /// delete, and leaves keeping it to the provider. It bounds the whole operation, not only its provisioner jobs: a
    /// Coder call that hangs would otherwise hold the update for the client's own limits (minutes). When it passes,
    /// the operation is cancelled like a cancelled update (rollbacks and lookups of what a create made still run, on
    /// their own limits), and the error says which limit it was.
    /// </summary>
    private static async Task<T> WithinCustomTimeoutAsync<T>(string operation, TimeSpan timeout, Func<CancellationToken, Task<T>> run, CancellationToken ct)
    {
        if (timeout <= TimeSpan.Zero) return await run(ct);
        using var deadline = new CancellationTokenSource(timeout);
        using var limited = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            return await run(limited.Token);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new ProviderException($"the {operation} did not finish within {timeout.TotalSeconds:0.###} s, the resource's " +
                $"custom timeout, and was stopped. Run the update again to finish it; if it needs longer, raise the resource's " +
                $"customTimeouts ({operation}) in the program.", e);
        }
    }
}

/// <summary>An error meant for the person running Pulumi: its message says what happened and what to do.</summary>
public sealed class ProviderException(string message, Exception? inner = null) : Exception(message, inner);

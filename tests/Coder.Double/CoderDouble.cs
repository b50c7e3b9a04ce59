using System.Net;
using Coder.Double.Api;
using Coder.Double.Control;
using Coder.Double.Infrastructure;
using Coder.Double.Jobs;
using Coder.Double.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;

namespace Coder.Double;

/// <summary>
/// An in-memory server that answers like coderd on the endpoints the Pulumi provider uses. Start it in-process
/// (TestServer: no sockets) or on a loopback port, point a client at <see cref="BaseAddress"/> with
/// <see cref="SessionToken"/>, and steer it through <see cref="Control"/>.
/// </summary>
public sealed class CoderDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestServer? _testServer;

    private CoderDouble(WebApplication app, TestServer? testServer, Uri baseAddress, DoubleControl control)
    {
        _app = app;
        _testServer = testServer;
        BaseAddress = baseAddress;
        Control = control;
    }

    /// <summary>Where the API is: http://localhost/ in-process, http://127.0.0.1:port/ on loopback.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The seeded admin's session token (send it as the Coder-Session-Token header).</summary>
    public string SessionToken => Control.Seed.SessionToken;

    public SeedIdentity Seed => Control.Seed;

    public DoubleControl Control { get; }

    /// <summary>Serves on TestServer: use <see cref="CreateHandler"/> or <see cref="CreateClient"/> to reach it.</summary>
    public static Task<CoderDouble> StartInProcessAsync(CoderDoubleOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new CoderDoubleOptions(), port: null, cancellationToken);

    /// <summary>Serves with Kestrel on 127.0.0.1; port 0 picks a free one.</summary>
    public static Task<CoderDouble> StartOnLoopbackAsync(int port = 0, CoderDoubleOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        return StartAsync(options ?? new CoderDoubleOptions(), port, cancellationToken);
    }

    /// <summary>A handler that reaches this double (TestServer's in-process handler, or sockets to the loopback port).</summary>
    public HttpMessageHandler CreateHandler() =>
        _testServer?.CreateHandler() ?? new SocketsHttpHandler { UseCookies = false };

    /// <summary>An HttpClient for the API; with <paramref name="authenticated"/> it sends the admin's session token.</summary>
    public HttpClient CreateClient(bool authenticated = true)
    {
        var client = new HttpClient(CreateHandler()) { BaseAddress = BaseAddress };
        if (authenticated) client.DefaultRequestHeaders.Add(AuthenticationFilter.SessionTokenHeader, SessionToken);
        return client;
    }

    /// <summary>Completes when the host stops (Ctrl+C or SIGTERM for a standalone double).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Control.StopJobs();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<CoderDouble> StartAsync(CoderDoubleOptions options, int? port, CancellationToken cancellationToken)
    {
        var seed = new SeedIdentity(
            AdminId: Guid.NewGuid(),
            AdminUsername: options.AdminUsername,
            AdminEmail: options.AdminEmail,
            AdminName: options.AdminName,
            AdminPassword: options.AdminPassword,
            DefaultOrganizationId: Guid.NewGuid(),
            SessionToken: options.SessionToken ?? DoubleState.NewSessionToken());
        var state = new DoubleState(seed, options.Time);
        var license = new LicenseSettings(options.Premium);
        var faults = new FaultInjector();
        var jobs = new JobOutcomes(options.JobTiming);
        var traffic = new TrafficRecorder(options.RecordPath);
        var deployment = new DeploymentSettings(options.ApiRateLimit, options.FilesRateLimit) { AllowWorkspaceRenames = options.AllowWorkspaceRenames };
        var engine = new JobEngine(state, options.Time, jobs, license);
        var provisioner = new Provisioner(state, engine, jobs);
        var control = new DoubleControl(state, license, faults, jobs, traffic, deployment, engine, provisioner, options);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CoderDouble).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(license);
        builder.Services.AddSingleton(faults);
        builder.Services.AddSingleton(jobs);
        builder.Services.AddSingleton(traffic);
        builder.Services.AddSingleton(deployment);
        builder.Services.AddSingleton(control);
        builder.Services.AddSingleton(engine);
        engine.BuildSucceeded = build => WorkspaceBuildsApi.RunFollowUp(state, provisioner, build);
        builder.Services.AddSingleton(provisioner);
        builder.Services.AddSingleton(new DoubleIdentity(Guid.NewGuid()));
        builder.Services.AddSingleton<AuthenticationFilter>();
        builder.Services.AddSingleton(options.Time);

        if (port is { } loopbackPort)
        {
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, loopbackPort));
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        }
        else
        {
            builder.WebHost.UseTestServer();
            // A test process's Ctrl+C belongs to the test runner, not to an in-process double.
            builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        }

        var app = builder.Build();
        ConfigurePipeline(app);
        await app.StartAsync(cancellationToken);

        if (port is null)
        {
            var testServer = app.GetTestServer();
            return new CoderDouble(app, testServer, testServer.BaseAddress, control);
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CoderDouble(app, null, new Uri(address.TrimEnd('/') + "/"), control);
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        // coderd's follow=true log streams are WebSockets.
        app.UseWebSockets();
        app.UseMiddleware<RecordingMiddleware>();
        app.UseMiddleware<UnhandledErrorMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.Use((context, next) =>
        {
            // coderd stamps every response with its version.
            context.Response.Headers["X-Coder-Build-Version"] = GeneralApi.Version;
            return next(context);
        });
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseRouting();
        // coderd answers unknown API routes with a JSON 404 (a wrong method on a known route stays a bare 405).
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is null)
            {
                await Reply.RouteNotFound().ExecuteAsync(context);
                return;
            }
            await next(context);
        });

        var api = app.MapGroup("/api/v2");
        GeneralApi.MapPublic(api);
        var authenticated = api.MapGroup("").AddEndpointFilter<AuthenticationFilter>();
        GeneralApi.MapAuthenticated(authenticated);
        UsersApi.Map(authenticated);
        OrganizationsApi.Map(authenticated);
        MembersApi.Map(authenticated);
        GroupsApi.Map(authenticated);
        MapExtensions(authenticated);

        ControlEndpoints.Map(app);
    }

    /// <summary>The provisioning areas: files, templates, template versions, provisioner jobs and daemons, workspaces and builds.</summary>
    private static void MapExtensions(RouteGroupBuilder authenticated)
    {
        FilesApi.Map(authenticated);
        TemplatesApi.Map(authenticated);
        TemplateVersionsApi.Map(authenticated);
        ProvisionerJobsApi.Map(authenticated);
        ProvisionerDaemonsApi.Map(authenticated);
        WorkspacesApi.Map(authenticated);
        WorkspaceBuildsApi.Map(authenticated);
    }

    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

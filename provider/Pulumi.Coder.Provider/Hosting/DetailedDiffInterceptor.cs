using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(Pulumi.Coder.Provider.Hosting.DetailedDiffHostingStartup))]

namespace Pulumi.Coder.Provider.Hosting;

/// <summary>Adds <see cref="DetailedDiffInterceptor"/> to the gRPC services of the host that
/// <c>Provider.Serve</c> builds.</summary>
/// <remarks>
/// Pulumi 3.112.1 builds its ASP.NET Core host inside <c>Provider.Serve</c> and offers no way to configure it; an
/// <see cref="IHostingStartup"/> is ASP.NET Core's own way into such a host. ASP.NET Core searches the application
/// assembly for hosting startups, but Pulumi's <c>webBuilder.Configure(app =&gt; …)</c> makes the Pulumi assembly the
/// application, so <see cref="Enable"/> names the plugin's assembly in <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c>, which
/// the host reads from the environment when <c>Provider.Serve</c> creates it.
/// </remarks>
public sealed class DetailedDiffHostingStartup : IHostingStartup
{
    public const string AssembliesVariable = "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES";

    /// <summary>Call before <c>Provider.Serve</c>; keeps any assemblies the environment already names.</summary>
    public static void Enable()
    {
        var assembly = typeof(DetailedDiffHostingStartup).Assembly.GetName().Name!;
        var listed = (Environment.GetEnvironmentVariable(AssembliesVariable) ?? "")
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (!listed.Contains(assembly, StringComparer.OrdinalIgnoreCase))
            Environment.SetEnvironmentVariable(AssembliesVariable, string.Join(';', [.. listed, assembly]));
    }

    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services =>
            services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<DetailedDiffInterceptor>()));
}

/// <summary>
/// Sets <c>hasDetailedDiff</c> on every <c>DiffResponse</c> (Diff and DiffConfig) the plugin sends.
/// </summary>
/// <remarks>
/// Pulumi's .NET provider framework (Pulumi 3.112.1, <c>ResourceProviderService</c>) copies our
/// <c>DetailedDiff</c> into the response but never sets the flag, and the engine ignores a detailed diff whose flag is
/// false (<c>decodeDetailedDiff</c> in pulumi/pulumi's <c>provider_plugin.go</c>): it would show its own naive diff
/// instead of ours (secret markers, set order, absent versus null, <c>ignoreChanges</c>, replacements per property).
/// The framework offers no hook and its protocol types are internal, so the flag is set through Protobuf's reflection
/// API by its name in pulumi's <c>provider.proto</c>. Our differ (<see cref="Framework.InputDiffer"/>) always produces
/// the detailed diff, so the flag is always true. Remove this file once pulumi-dotnet sets the flag itself.
/// </remarks>
public sealed class DetailedDiffInterceptor : Interceptor
{
    public const string DiffResponseType = "pulumirpc.DiffResponse";
    public const string HasDetailedDiffField = "hasDetailedDiff";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var response = await continuation(request, context);
        if (response is IMessage { Descriptor.FullName: DiffResponseType } diff) MarkDetailed(diff);
        return response;
    }

    /// <summary>Sets the flag on a <c>pulumirpc.DiffResponse</c>; fails loudly should a Pulumi release rename it, rather
    /// than silently letting the engine drop our diffs again.</summary>
    public static void MarkDetailed(IMessage diffResponse)
    {
        var field = diffResponse.Descriptor.FindFieldByName(HasDetailedDiffField)
            ?? throw new InvalidOperationException(
                $"{diffResponse.Descriptor.FullName} has no field {HasDetailedDiffField}: the Pulumi package's protocol changed; " +
                "check whether it now sets the flag itself and remove DetailedDiffInterceptor.");
        field.Accessor.SetValue(diffResponse, true);
    }
}

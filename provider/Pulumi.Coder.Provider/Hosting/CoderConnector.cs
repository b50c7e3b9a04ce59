using Coder.Client;
using Coder.Client.Errors;
using Pulumi.Coder.Provider.Framework;

namespace Pulumi.Coder.Provider.Hosting;

/// <summary>Connects to a Coder deployment over HTTP (or, in tests, through a given transport), and reads its license
/// entitlements once.</summary>
public sealed class CoderConnector(string providerVersion, Func<HttpMessageHandler>? transport = null) : ICoderConnector
{
    /// <summary>The one message for a token Coder refuses, at Configure or on any later call (a token revoked or
    /// expired mid-run): the same cause gets the same fix.</summary>
    public static ProviderException TokenRejected(Uri url, CoderApiException cause) =>
        new($"{url} rejected the configured token (401): it is wrong, has expired or was revoked. Create a new one " +
            "with `coder tokens create` and set it with `pulumi config set --secret coder:token`.", cause);

    /// <summary>A Coder call about to be sent again shows as the progress of the operation it is for: a create queued
    /// behind coderd's rate limit may wait minutes, and should say why.</summary>
    private static void ReportRetry(CoderRetryNotice notice)
    {
        if (ResourceContext.Current is not { } context) return;
        var why = notice switch
        {
            { RateLimit: { } limit } => $"Coder's rate limit ({limit} requests a minute per user on this path) turned it away, " +
                "so requests to it now go one at a time",
            { StatusCode: { } status } => $"Coder answered {(int)status}",
            _ => notice.Failure ?? "it failed",
        };
        var seconds = notice.Delay.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        // Progress is best effort: an engine that went away must not fail the call.
        _ = context.ReportProgressAsync($"{notice.Method} {notice.Path}: {why}; sending it again in {seconds} s (retry {notice.Attempt})")
            .ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public async Task<CoderSession> ConnectAsync(ResolvedConfiguration configuration, CancellationToken ct)
    {
        var options = new CoderClientOptions
        {
            BaseUrl = configuration.Url,
            SessionToken = configuration.Token,
            Headers = configuration.Headers,
            UserAgentVersion = providerVersion,
            Resilience = new CoderResilienceOptions { OnRetry = ReportRetry },
        };
        var client = transport is null ? CoderClient.Create(options) : CoderClient.Create(options, transport());
        try
        {
            var entitlements = await client.Deployment.GetEntitlementsAsync(ct);
            return new CoderSession(configuration, client, DeploymentFeatures.From(entitlements));
        }
        catch (CoderApiException e) when (e.Kind == CoderErrorKind.Unauthorized)
        {
            client.Dispose();
            throw TokenRejected(configuration.Url, e);
        }
        catch (CoderApiException e) when (e.Kind == CoderErrorKind.Redirected)
        {
            client.Dispose();
            var where = e.RedirectTarget is { } target ? $"to {target.Scheme}://{target.Authority}" : "without saying where";
            throw new ProviderException($"coder:url: {configuration.Url} answered with a redirect ({(int?)e.StatusCode}) {where} " +
                "instead of answering as Coder. The provider never follows a redirect, so that the token and coder:headers are " +
                "not sent to another address. Set coder:url (or CODER_URL) to the final address, where Coder itself answers " +
                "(open the URL in a browser to see where it leads), or let the proxy in front of Coder pass API requests through.", e);
        }
        catch (CoderApiException e)
        {
            client.Dispose();
            throw new ProviderException($"could not read the license entitlements of the Coder deployment at {configuration.Url}: {e.Message}", e);
        }
    }
}

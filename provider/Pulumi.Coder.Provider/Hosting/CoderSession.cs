using Coder.Client;
using Coder.Client.Errors;
using Coder.Client.Models;

namespace Pulumi.Coder.Provider.Hosting;

/// <summary>The premium features a deployment's license enables, read once when the provider is configured.</summary>
public sealed record DeploymentFeatures(IReadOnlySet<string> Enabled)
{
    public bool IsEnabled(string feature) => Enabled.Contains(feature);

    public static DeploymentFeatures From(Entitlements entitlements) => new(
        (entitlements.Features ?? new Dictionary<string, Feature>())
            .Where(f => f.Value.Enabled && f.Value.Entitlement != "not_entitled")
            .Select(f => f.Key)
            .ToHashSet());
}

/// <summary>Opens a session with a Coder deployment for a configured provider.</summary>
public interface ICoderConnector
{
    Task<CoderSession> ConnectAsync(ResolvedConfiguration configuration, CancellationToken ct);
}

/// <summary>One configured provider's connection to Coder: the client, the deployment's features and the default
/// organization, each looked up once.</summary>
public sealed class CoderSession(ResolvedConfiguration configuration, ICoderClient client, DeploymentFeatures features)
{
    private readonly Lock defaultOrganizationLock = new();
    private Task<Organization>? defaultOrganization;
    private readonly Dictionary<Guid, Task<IReadOnlyList<TemplateVersionParameter>>> parameterLookups = [];

    public ResolvedConfiguration Configuration { get; } = configuration;

    public ICoderClient Client { get; } = client;

    public DeploymentFeatures Features { get; } = features;

    /// <summary>The organization for resources that name none: <c>coder:organization</c>, else the first
    /// organization of the token's user. Looked up once and shared; a failed lookup is not kept, so the next caller
    /// tries again (one 500 must not fail every later resource of the run).</summary>
    public Task<Organization> DefaultOrganizationAsync(CancellationToken ct)
    {
        Task<Organization> lookup;
        lock (defaultOrganizationLock)
        {
            if (defaultOrganization is null || defaultOrganization.IsFaulted || defaultOrganization.IsCanceled)
            {
                // Not tied to any caller's token: callers share the lookup, and one caller giving up must not fail the
                // others. The client's total time limit still bounds it.
                defaultOrganization = FindDefaultOrganizationAsync(CancellationToken.None);
            }
            lookup = defaultOrganization;
        }
        return lookup.WaitAsync(ct);
    }

    /// <summary>A template version's parameters, read once per version and shared (an imported version's parameters
    /// never change); a failed read is not kept.</summary>
    public Task<IReadOnlyList<TemplateVersionParameter>> TemplateVersionParametersAsync(Guid versionId, CancellationToken ct)
    {
        Task<IReadOnlyList<TemplateVersionParameter>>? lookup;
        lock (parameterLookups)
        {
            if (!parameterLookups.TryGetValue(versionId, out lookup) || lookup.IsFaulted || lookup.IsCanceled)
                parameterLookups[versionId] = lookup = Client.TemplateVersions.GetRichParametersAsync(versionId, CancellationToken.None);
        }
        return lookup.WaitAsync(ct);
    }

    /// <summary>The organization id a resource names, or the default organization's.</summary>
    public async Task<Guid> OrganizationIdAsync(string? organizationId, CancellationToken ct) =>
        organizationId is not null ? Guid.Parse(organizationId) : (await DefaultOrganizationAsync(ct)).Id;

    private async Task<Organization> FindDefaultOrganizationAsync(CancellationToken ct)
    {
        if (Configuration.Organization is { } configured)
        {
            var found = await CoderCalls.OrNullIfGoneAsync(() => Client.Organizations.GetAsync(configured, ct));
            return found ?? throw new ProviderException(
                $"coder:organization is \"{configured}\", but {Configuration.Url} has no organization with that name or id " +
                "that the token's user can see. Set coder:organization to an existing organization's name or id.");
        }
        var mine = await Client.Users.ListOrganizationsAsync("me", ct);
        return mine.OrderBy(o => o.CreatedAt).FirstOrDefault() ?? throw new ProviderException(
            $"the token's user belongs to no organization on {Configuration.Url}, so there is no default organization: " +
            "set coder:organization, or name the organization on each resource.");
    }
}

/// <summary>Calls whose "not found" answer is an expected outcome rather than an error.</summary>
public static class CoderCalls
{
    // coderd's httpmw.ExtractUserContext answers a {user} parameter it cannot resolve with 400 and this message: for an
    // unknown user in releases before coder/coder#22069 (February 2026; since then a 404), and still for a lookup that
    // fails otherwise.
    private const string UnknownUserMessage = "must be an existing uuid or username";

    /// <summary>The call's result, or null when Coder says the object does not exist: a 404, and, where
    /// <paramref name="unknownUserMeansGone"/> (lookups by a {user} parameter), coderd's 400 "\"user\" must be an
    /// existing uuid or username.". Any other 400 (a proxy's, or a real validation error) is an error: reading it as
    /// "gone" would drop a live object from state.</summary>
    public static async Task<T?> OrNullIfGoneAsync<T>(Func<Task<T>> call, bool unknownUserMeansGone = false) where T : class
    {
        try
        {
            return await call();
        }
        catch (CoderApiException e) when (e.IsNotFound || unknownUserMeansGone && IsUnknownUser(e))
        {
            return null;
        }
    }

    private static bool IsUnknownUser(CoderApiException e) =>
        e.StatusCode == System.Net.HttpStatusCode.BadRequest
        && e.CoderMessage?.Contains(UnknownUserMessage, StringComparison.Ordinal) == true;

    /// <summary>Runs a delete; an object already gone counts as deleted.</summary>
    public static async Task DeleteIfPresentAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (CoderApiException e) when (e.IsNotFound)
        {
        }
    }
}

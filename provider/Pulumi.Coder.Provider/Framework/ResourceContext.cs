using Pulumi.Coder.Provider.Hosting;
using Pulumi.Experimental;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>What a resource's or function's code may use while it runs: the configured Coder session and a way
/// to tell the engine how a long operation is going.</summary>
public sealed class ResourceContext(CoderSession? session, IEngine? engine, string? urn)
{
    private static readonly AsyncLocal<ResourceContext?> Ambient = new();

    /// <summary>The operation the running code works for (set by the provider as it starts one), for what is told
    /// from outside the resource's code: the Coder client's retries and rate-limit waits.</summary>
    public static ResourceContext? Current
    {
        get => Ambient.Value;
        internal set => Ambient.Value = value;
    }

    /// <summary>The connection to Coder; absent only during a preview whose configuration is not known yet, when
    /// no resource code runs.</summary>
    public CoderSession Session => session ?? throw new ProviderException(
        "the coder provider has no connection: its url or token was not known when it was configured. " +
        "Set coder:url and coder:token (or CODER_URL and CODER_SESSION_TOKEN) to known values.");

    /// <summary>False only during a preview whose configuration is not known yet.</summary>
    public bool IsConnected => session is not null;

    public string? Urn { get; } = urn;

    /// <summary>How long the engine lets the operation take (a program's customTimeouts); zero when it set none.</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>The plugin's stop signal: clean-up after a cancelled operation takes its time limits from it.</summary>
    public PluginShutdown Shutdown { get; init; } = new();

    /// <summary>The resource's name in the program (the last part of its URN).</summary>
    public string? ResourceName => Urn is null ? null : Urn[(Urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..];

    /// <summary>A progress line the engine shows while the operation runs (not kept in the update's log).</summary>
    public Task ReportProgressAsync(string message) => LogAsync(LogSeverity.Info, message, ephemeral: true);

    /// <summary>A message the engine shows with the resource and keeps in the update's log.</summary>
    public Task InfoAsync(string message) => LogAsync(LogSeverity.Info, message, ephemeral: false);

    public Task WarnAsync(string message) => LogAsync(LogSeverity.Warning, message, ephemeral: false);

    public Task DebugAsync(string message) => LogAsync(LogSeverity.Debug, message, ephemeral: false);

    private Task LogAsync(LogSeverity severity, string message, bool ephemeral) =>
        engine?.LogAsync(new LogRequest(severity, message, Urn is null ? null : new Pulumi.Urn(Urn), 0, ephemeral))
        ?? Task.CompletedTask;
}

/// <summary>What Check may consult: deployment facts read once at Configure, or null where not known (preview with
/// unknown configuration).</summary>
public sealed record CheckContext(DeploymentFeatures? Features, string Owner)
{
    /// <summary>The connection to Coder, for rules that read it (a template version's parameters); null while the
    /// provider's configuration is unknown (preview) and when an import's reported inputs are checked.</summary>
    public CoderSession? Session { get; init; }

    /// <summary>True when this Check leads to a create: the resource does not exist yet (no previous inputs), or a
    /// change replaces it.</summary>
    public bool IsCreate { get; init; }

    /// <summary>The properties whose values differ from the previous inputs (empty for a new resource): what an
    /// update would change.</summary>
    public IReadOnlySet<string> Changes { get; init; } = new HashSet<string>();

    /// <summary>The properties whose change replaces the resource (empty for a new resource). Before the derived
    /// properties are computed it misses a replacement only they show (a template's source, compared by its digest);
    /// the rules of ValidateCheckedAsync see it complete.</summary>
    public IReadOnlySet<string> Replaces { get; init; } = new HashSet<string>();

    /// <summary>The previous inputs, empty for a new resource.</summary>
    public IReadOnlyDictionary<string, PropertyValue> OldInputs { get; init; } = new Dictionary<string, PropertyValue>();

    /// <summary>The previous inputs as <typeparamref name="TArgs"/>, or null for a new resource.</summary>
    public TArgs? Old<TArgs>() where TArgs : class => OldInputs.Count == 0 ? null : PropertyMapper.Read<TArgs>(OldInputs).Value;

    /// <summary>A failure when <paramref name="feature"/> is known to be off; none while the features are unknown.</summary>
    public Pulumi.Experimental.Provider.CheckFailure? RequireFeature(string feature, string property, string what) =>
        Features is null || Features.IsEnabled(feature)
            ? null
            : new Pulumi.Experimental.Provider.CheckFailure(property,
                $"{property}: {what} needs the Coder premium feature '{feature}', which this deployment's license does not " +
                "enable. Add a license that includes it (coder licenses add) or remove the setting.");
}

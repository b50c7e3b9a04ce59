namespace Coder.Double.Control;

/// <summary>
/// Which licensed features the double's deployment is entitled to. Entitled features are enabled, the others are
/// not (coderd disables every feature its license does not entitle). Thread-safe.
/// </summary>
public sealed class LicenseSettings
{
    /// <summary>Every feature coderd reports in /entitlements (codersdk.FeatureNames), in its order.</summary>
    public static readonly IReadOnlyList<string> AllFeatures =
    [
        "user_limit", "audit_log", "connection_log", "browser_only", "scim", "template_rbac", "high_availability",
        "multiple_external_auth", "external_provisioner_daemons", "appearance", "advanced_template_scheduling",
        "workspace_proxy", "user_role_management", "external_token_encryption", "workspace_batch_actions",
        "task_batch_actions", "access_control", "control_shared_ports", "custom_roles", "multiple_organizations",
        "workspace_prebuilds", "managed_agent_limit", "workspace_external_agent", "aibridge", "boundary",
        "service_accounts", "ai_governance_user_limit", "agent_runtime_hours",
    ];

    /// <summary>What a Premium license grants (the AI add-on and usage-metered features are not included).</summary>
    public static readonly IReadOnlyList<string> PremiumFeatures =
    [
        "user_limit", "audit_log", "connection_log", "browser_only", "scim", "template_rbac", "high_availability",
        "multiple_external_auth", "external_provisioner_daemons", "appearance", "advanced_template_scheduling",
        "workspace_proxy", "user_role_management", "external_token_encryption", "workspace_batch_actions",
        "task_batch_actions", "access_control", "control_shared_ports", "custom_roles", "multiple_organizations",
        "workspace_prebuilds", "service_accounts",
    ];

    /// <summary>Seats granted by the simulated Premium license.</summary>
    public const long UserLimit = 1000;

    private readonly Lock _sync = new();
    private readonly HashSet<string> _entitled = new(StringComparer.Ordinal);

    public LicenseSettings(bool premium) => SetPremium(premium);

    /// <summary>Premium on: every Premium feature entitled. Off: no license at all (an unlicensed deployment).</summary>
    public void SetPremium(bool premium)
    {
        lock (_sync)
        {
            _entitled.Clear();
            if (premium) _entitled.UnionWith(PremiumFeatures);
        }
    }

    /// <summary>Entitles (and so enables) or removes a single feature.</summary>
    public void SetFeature(string feature, bool entitled)
    {
        if (!AllFeatures.Contains(feature, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown feature \"{feature}\"; known: {string.Join(", ", AllFeatures)}.", nameof(feature));
        }
        lock (_sync)
        {
            if (entitled) _entitled.Add(feature);
            else _entitled.Remove(feature);
        }
    }

    public bool IsEnabled(string feature)
    {
        lock (_sync) return _entitled.Contains(feature);
    }

    public bool HasLicense
    {
        get { lock (_sync) return _entitled.Count > 0; }
    }

    public IReadOnlySet<string> Entitled
    {
        get { lock (_sync) return new HashSet<string>(_entitled, StringComparer.Ordinal); }
    }

    /// <summary>codersdk.FeatureName.Humanize, used in "… is a Premium feature. Contact sales!".</summary>
    public static string Humanize(string feature) => feature switch
    {
        "template_rbac" => "Template RBAC",
        "scim" => "SCIM",
        "aibridge" => "AI Gateway",
        "ai_governance_user_limit" => "AI Governance User Limit",
        _ => string.Join(' ', feature.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])),
    };
}

using System.Text.Json.Serialization;

namespace Coder.Client.Models;

public sealed record BuildInfoResponse
{
    [JsonPropertyName("agent_api_version")] public string AgentApiVersion { get; set; } = "";
    [JsonPropertyName("dashboard_url")] public string DashboardUrl { get; set; } = "";
    [JsonPropertyName("deployment_id")] public string DeploymentId { get; set; } = "";
    [JsonPropertyName("external_url")] public string ExternalUrl { get; set; } = "";
    [JsonPropertyName("provisioner_api_version")] public string ProvisionerApiVersion { get; set; } = "";
    [JsonPropertyName("telemetry")] public bool Telemetry { get; init; }
    [JsonPropertyName("upgrade_message")] public string UpgradeMessage { get; set; } = "";
    [JsonPropertyName("version")] public string Version { get; set; } = "";
    [JsonPropertyName("webpush_public_key")] public string WebpushPublicKey { get; set; } = "";
    [JsonPropertyName("workspace_proxy")] public bool WorkspaceProxy { get; init; }
}

public sealed record Entitlements
{
    [JsonPropertyName("errors")] public IReadOnlyList<string>? Errors { get; init; }
    [JsonPropertyName("features")] public IReadOnlyDictionary<string, Feature>? Features { get; init; }
    [JsonPropertyName("has_license")] public bool HasLicense { get; init; }
    [JsonPropertyName("refreshed_at")] public DateTimeOffset RefreshedAt { get; init; }
    [JsonPropertyName("require_telemetry")] public bool RequireTelemetry { get; init; }
    [JsonPropertyName("trial")] public bool Trial { get; init; }
    [JsonPropertyName("warnings")] public IReadOnlyList<string>? Warnings { get; init; }
}

public sealed record Feature
{
    [JsonPropertyName("actual")] public long? Actual { get; init; }
    [JsonPropertyName("actual_ms")] public long? ActualMs { get; init; }
    [JsonPropertyName("enabled")] public bool Enabled { get; init; }
    [JsonPropertyName("entitlement")] public string Entitlement { get; set; } = "";
    [JsonPropertyName("hard_limit")] public long? HardLimit { get; init; }
    [JsonPropertyName("limit")] public long? Limit { get; init; }
    [JsonPropertyName("soft_limit")] public long? SoftLimit { get; init; }
    [JsonPropertyName("usage_period")] public UsagePeriod? UsagePeriod { get; init; }
}

public sealed record UsagePeriod
{
    [JsonPropertyName("end")] public DateTimeOffset End { get; init; }
    [JsonPropertyName("issued_at")] public DateTimeOffset IssuedAt { get; init; }
    [JsonPropertyName("start")] public DateTimeOffset Start { get; init; }
}

using Pulumi.Automation;

namespace AutomationService;

/// <summary>What a caller sends to run the platform stack against one Coder deployment.</summary>
public sealed record StackRequest(string CoderUrl, string CoderToken, string[]? Developers = null)
{
    /// <summary>The example's template folders, shipped beside the service (see AutomationService.csproj).</summary>
    public static string TemplatesFolder => Path.Combine(AppContext.BaseDirectory, "templates");

    /// <summary>The stack configuration: the token goes in as a secret, so Pulumi encrypts it in state.</summary>
    public IDictionary<string, ConfigValue> ToConfig()
    {
        if (!Uri.TryCreate(CoderUrl, UriKind.Absolute, out _))
            throw new ArgumentException($"coderUrl \"{CoderUrl}\" is not an absolute URL such as https://coder.example.com", nameof(CoderUrl));
        if (string.IsNullOrWhiteSpace(CoderToken))
            throw new ArgumentException("coderToken is required (create one with `coder tokens create`)", nameof(CoderToken));
        var config = new Dictionary<string, ConfigValue>
        {
            ["coder:url"] = new(CoderUrl),
            ["coder:token"] = new(CoderToken, isSecret: true),
            ["platform:templatesFolder"] = new(TemplatesFolder),
        };
        if (Developers is { Length: > 0 })
            config["platform:developers"] = new(System.Text.Json.JsonSerializer.Serialize(Developers));
        return config;
    }
}

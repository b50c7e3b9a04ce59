using System.Text.RegularExpressions;
using Pulumi.Automation;

namespace AutomationService;

/// <summary>What a caller sends to push a team's templates: the deployment, and the folder (on this service's
/// machine, such as a checkout of the team's repository) holding one folder per template.</summary>
public sealed partial record TeamTemplatesRequest(string CoderUrl, string CoderToken, string Folder, string? Message = null)
{
    /// <summary>The stack configuration for <paramref name="team"/>; the token goes in as a secret.</summary>
    public IDictionary<string, ConfigValue> ToConfig(string team)
    {
        if (!TeamName().IsMatch(team))
            throw new ArgumentException($"team \"{team}\" is not a usable name: 1 to 20 lowercase letters or digits with single hyphens, such as \"data-eng\" (template names are <team>-<folder>)", nameof(team));
        if (!Directory.Exists(Folder))
            throw new ArgumentException($"folder \"{Folder}\" does not exist on the service's machine: give the path of the folder holding the team's template folders", nameof(Folder));
        if (PlatformStack.TeamTemplates.FoldersOf(Folder).Count == 0)
            throw new ArgumentException($"folder \"{Folder}\" holds no template: each template is a folder in it with its .tf files", nameof(Folder));
        var config = new StackRequest(CoderUrl, CoderToken).ToConfig();
        config["teamTemplates:team"] = new(team);
        config["teamTemplates:folder"] = new(Path.GetFullPath(Folder));
        if (!string.IsNullOrWhiteSpace(Message)) config["teamTemplates:message"] = new(Message);
        return config;
    }

    [GeneratedRegex("^(?=.{1,20}$)[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex TeamName();
}

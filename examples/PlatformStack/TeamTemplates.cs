using System.Collections.Immutable;
using Pulumi;
using Pulumi.Coder;

namespace PlatformStack;

/// <summary>
/// A team's own templates, pushed on request (by the Automation API service): every folder under the team's
/// templates folder that holds Terraform files becomes a template named <c>&lt;team&gt;-&lt;folder&gt;</c>. A pushed
/// folder that did not change pushes nothing (the provider compares what would be uploaded); a changed one pushes
/// and promotes a new version; a folder removed since the last push deletes its template (Coder refuses while
/// workspaces use it, naming them).
/// </summary>
public static class TeamTemplates
{
    /// <summary>Configuration: <c>teamTemplates:team</c> and <c>teamTemplates:folder</c> (the folder of the
    /// team's template folders).</summary>
    public static Dictionary<string, object?> Define()
    {
        var config = new Pulumi.Config("teamTemplates");
        var team = config.Require("team");
        var folder = config.Require("folder");

        var templates = FoldersOf(folder).ToDictionary(
            path => $"{team}-{Path.GetFileName(path)}",
            path => new Template($"{team}-{Path.GetFileName(path)}", new TemplateArgs
            {
                Name = $"{team}-{Path.GetFileName(path)}",
                DisplayName = $"{Path.GetFileName(path)} ({team})",
                Description = $"The {team} team's {Path.GetFileName(path)} template.",
                Source = new FileArchive(path),
                VersionMessage = config.Get("message") ?? $"pushed for the {team} team",
            }));

        return new Dictionary<string, object?>
        {
            // Each template's id and active version, for the caller to report.
            ["templates"] = Output.All(templates.Select(t => Output.Tuple(t.Value.Id, t.Value.ActiveVersionId)
                    .Apply(v => KeyValuePair.Create(t.Key, ImmutableDictionary<string, string>.Empty
                        .Add("id", v.Item1).Add("activeVersionId", v.Item2)))))
                .Apply(entries => entries.ToImmutableDictionary()),
        };
    }

    /// <summary>The template folders: the folder's subfolders holding at least one <c>.tf</c> file, in name order.</summary>
    public static IReadOnlyList<string> FoldersOf(string folder) =>
        [.. Directory.EnumerateDirectories(folder)
            .Where(d => !Path.GetFileName(d).StartsWith('.') && Directory.EnumerateFiles(d, "*.tf").Any())
            .Order(StringComparer.Ordinal)];
}

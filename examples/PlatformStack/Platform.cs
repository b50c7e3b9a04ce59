using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pulumi;
using Pulumi.Coder;

namespace PlatformStack;

/// <summary>
/// The platform team's Coder setup: its developers as users (signing in through the identity provider), a
/// developers group holding them with a workspace quota, the Everyone group's base quota, the Docker template pushed
/// from templates/docker (usable by the developers only), a canary version of it from templates/docker-next (pushed,
/// not promoted), a workspace from the template for every developer, and a lookup of the token's own user. Used by the stack program, its unit tests and the Automation API service alike.
/// </summary>
public static class Platform
{
    public static Dictionary<string, object?> Define()
    {
        var config = new Pulumi.Config();
        var developers = config.GetObject<string[]>("developers") ?? ["ada", "grace"];
        var everyoneQuota = config.GetInt32("everyoneQuota") ?? 2;
        // The folder holding the template folders: relative to the project's folder, where `pulumi up` runs.
        var templatesFolder = config.Get("templatesFolder") ?? "./templates";

        var users = developers.Select(username => new User(username, new UserArgs
        {
            Username = username,
            Email = $"{username}@example.com",
            LoginType = "oidc",
        })).ToList();

        var members = new InputList<string>();
        foreach (var user in users) members.Add(user.Id);
        var group = new Group("developers", new GroupArgs
        {
            Name = "developers",
            DisplayName = "Developers",
            QuotaAllowance = 10,
            Members = members,
        });

        // Adopted, never created or deleted: every organization already has its Everyone group.
        var everyone = new Group("everyone", new GroupArgs
        {
            Name = "Everyone",
            QuotaAllowance = everyoneQuota,
        });

        // GitOps for templates: the folder is the template; `pulumi up` pushes a new version only when a file in it
        // changed, and promotes it.
        var docker = new Template("docker", new TemplateArgs
        {
            Name = "docker",
            DisplayName = "Docker",
            Icon = "/emojis/1f40b.png",
            Source = new FileArchive(Path.Combine(templatesFolder, "docker")),
            TfVars = { ["image"] = config.Get("workspaceImage") ?? "codercom/enterprise-base:ubuntu" },
            DefaultTtlMs = 8 * 3600 * 1000,
            Acl = new Pulumi.Coder.Inputs.TemplateAclArgs
            {
                Groups = { new Pulumi.Coder.Inputs.TemplateAclEntryArgs { Id = group.Id, Role = "use" } },
            },
            EveryoneAccess = "none",
        });

        // The canary: templates/docker-next pushed as a version of the docker template that is not promoted, for a
        // tester to try (a workspace with TemplateVersionId = canary.Id) before its files replace templates/docker.
        // Named after the folder's content, so an unchanged folder declares exactly the same version (no new one),
        // and an edited one a version with a new name: versions are immutable, so a new source replaces the version,
        // the new one made before the old one is archived, and names are unique in a template.
        var canaryFolder = Path.Combine(templatesFolder, "docker-next");
        var canary = new TemplateVersion("docker-canary", new TemplateVersionArgs
        {
            TemplateId = docker.Id,
            Source = new FileArchive(canaryFolder),
            Name = CanaryName(canaryFolder),
            Message = "canary of templates/docker-next",
            Active = false,   // promoting is a deliberate step: copy the files to templates/docker, or set true
        });

        // A workspace for every developer, from the Docker template, in the same loop as the people: adding a name to
        // `developers` onboards that person with a workspace ready to use; removing it deletes both.
        //
        // Rolling forward: a workspace stays on the template version it was built on, so pushing a new version of
        // templates/docker rebuilds nothing by itself (the workspace shows `outdated`). AutomaticUpdates = "always"
        // moves each workspace to the active version the next time it starts (the weekday autostart below, or a start by
        // hand), unless that version adds a required parameter (one without a default): Coder then skips the autostart
        // rather than guess the value. To roll out on your own schedule, or a version with a new required parameter
        // (set it in Parameters alongside), pin TemplateVersionId (say to docker.ActiveVersionId, or a canary
        // TemplateVersion) in place of TemplateId: changing it rebuilds every workspace on that version, one build
        // each, at the next `pulumi up`.
        var memoryGb = config.GetInt32("workspaceMemoryGb") ?? 4;
        var workspaceState = config.Get("workspaceState") ?? "running";
        var workspaces = new Dictionary<string, Workspace>();
        foreach (var (username, user) in developers.Zip(users))
        {
            workspaces[username] = new Workspace($"{username}-dev", new WorkspaceArgs
            {
                Owner = user.Id,   // the id, not the username: renaming the user does not replace the workspace
                Name = "dev",
                TemplateId = docker.Id,
                Parameters = { ["memory"] = memoryGb.ToString(CultureInfo.InvariantCulture) },
                State = workspaceState,   // "stopped" parks the whole team's workspaces (a training room overnight)
                AutomaticUpdates = "always",
                AutostartSchedule = "CRON_TZ=Europe/Berlin 30 8 * * 1-5",
            });
        }

        var me = GetUser.Invoke(new GetUserInvokeArgs { Username = "me" });

        return new Dictionary<string, object?>
        {
            ["developersGroupId"] = group.Id,
            ["everyoneGroupId"] = everyone.Id,
            ["dockerTemplateVersionId"] = docker.ActiveVersionId,
            ["canaryVersionId"] = canary.Id,
            ["canaryVersionName"] = canary.Name,
            ["userIds"] = Output.All(users.Select(u => u.Id)),
            // Each developer's workspace: its id, state, and whether it lags the template's active version.
            ["workspaces"] = Output.All(workspaces.Select(w => Output.Tuple(w.Value.Id, w.Value.State, w.Value.Outdated)
                    .Apply(v => KeyValuePair.Create(w.Key, ImmutableDictionary<string, object>.Empty
                        .Add("id", v.Item1).Add("state", v.Item2).Add("outdated", v.Item3)))))
                .Apply(entries => entries.ToImmutableDictionary()),
            ["managedBy"] = me.Apply(m => m.Username),
        };
    }

    /// <summary>The canary version's name: <c>canary-</c> and the start of a SHA-256 digest of the folder's files (their
    /// paths and contents, hidden files and folders left out as the provider leaves them out of the upload).</summary>
    public static string CanaryName(string folder)
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            digest.AppendData(Encoding.UTF8.GetBytes(path + "\0"));
            digest.AppendData(File.ReadAllBytes(Path.Combine(folder, path)));
            digest.AppendData("\0"u8);
        }
        return $"canary-{Convert.ToHexStringLower(digest.GetHashAndReset())[..12]}";
    }
}

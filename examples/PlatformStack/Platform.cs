using Pulumi;
using Pulumi.Coder;

namespace PlatformStack;

/// <summary>
/// The platform team's Coder setup: its developers as users (signing in through the identity provider), a
/// developers group holding them with a workspace quota, the Everyone group's base quota, the Docker template pushed
/// from templates/docker (usable by the developers only), and a lookup of the token's own user. Used by the stack program, its unit tests and the Automation API service alike.
/// </summary>
public static class Platform
{
    public static Dictionary<string, object?> Define()
    {
        var config = new Pulumi.Config();
        var developers = config.GetObject<string[]>("developers") ?? ["ada", "grace"];
        var everyoneQuota = config.GetInt32("everyoneQuota") ?? 2;

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
            Source = new FileArchive("./templates/docker"),
            TfVars = { ["image"] = config.Get("workspaceImage") ?? "codercom/enterprise-base:ubuntu" },
            DefaultTtlMs = 8 * 3600 * 1000,
            Acl = new Pulumi.Coder.Inputs.TemplateAclArgs
            {
                Groups = { new Pulumi.Coder.Inputs.TemplateAclEntryArgs { Id = group.Id, Role = "use" } },
            },
            EveryoneAccess = "none",
        });

        var me = GetUser.Invoke(new GetUserInvokeArgs { Username = "me" });

        return new Dictionary<string, object?>
        {
            ["developersGroupId"] = group.Id,
            ["everyoneGroupId"] = everyone.Id,
            ["dockerTemplateVersionId"] = docker.ActiveVersionId,
            ["userIds"] = Output.All(users.Select(u => u.Id)),
            ["managedBy"] = me.Apply(m => m.Username),
        };
    }
}

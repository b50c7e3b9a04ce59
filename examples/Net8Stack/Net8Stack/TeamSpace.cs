using Pulumi;
using Pulumi.Coder;

namespace Net8Stack;

/// <summary>
/// A team's own organization in Coder: a group of its members with a quota, a template pushed from templates/dev that
/// only the group may use, and a workspace for each member. The members are the stack's <c>members</c> (usernames of
/// existing users) and the organization's name is <c>team</c>.
/// </summary>
public static class TeamSpace
{
    public static Dictionary<string, object?> Define()
    {
        var config = new Pulumi.Config();
        var team = config.Get("team") ?? "apollo";
        var members = config.GetObject<string[]>("members") ?? ["ada", "grace"];

        var organization = new Organization(team, new OrganizationArgs
        {
            Name = team,
            DisplayName = $"Team {team}",
        });

        var group = new Group($"{team}-members", new GroupArgs
        {
            Name = "members",
            OrganizationId = organization.Id,
            QuotaAllowance = 5,
            Members = members,
        });

        var template = new Template($"{team}-dev", new TemplateArgs
        {
            Name = "dev",
            OrganizationId = organization.Id,
            Source = new FileArchive("./templates/dev"),
            TfVars = { ["greeting"] = $"hello from {team}" },
            Acl = new Pulumi.Coder.Inputs.TemplateAclArgs
            {
                Groups = { new Pulumi.Coder.Inputs.TemplateAclEntryArgs { Id = group.Id, Role = "use" } },
            },
            EveryoneAccess = "none",
        });

        var workspaces = members.ToDictionary(member => member, member => new Workspace($"{member}-dev", new WorkspaceArgs
        {
            Name = "dev",
            Owner = member,
            TemplateId = template.Id,
        }));

        return new Dictionary<string, object?>
        {
            ["organizationId"] = organization.Id,
            ["templateVersionId"] = template.ActiveVersionId,
            ["workspaceStates"] = Output.All(workspaces.Select(w => w.Value.State.Apply(state => $"{w.Key}: {state}"))),
        };
    }
}

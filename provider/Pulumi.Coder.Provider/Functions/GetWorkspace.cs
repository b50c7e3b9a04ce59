using System.ComponentModel;
using Workspace = Coder.Client.Models.Workspace;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Resources;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Functions;

public sealed record GetWorkspaceArgs
{
    [Description("The workspace's id.")]
    [Uuid]
    public string? Id { get; init; }

    [Description("The workspace's owner, with `name`: a user's id or username; the token's user when unset.")]
    [UserReference]
    public string? Owner { get; init; }

    [Description("The workspace's name, with `owner` (names are unique among an owner's workspaces).")]
    public string? Name { get; init; }
}

/// <summary>The Workspace resource's outputs, without what only the program's inputs mean (the version Check
/// validates against, the immutable parameters), plus the latest build's status: drawn from
/// <see cref="WorkspaceResource.DescribeAsync"/>, property by property name.</summary>
[Description("A workspace of the Coder deployment: its latest build and status, every parameter value, whether it is " +
    "outdated, the resources it runs and its schedule.")]
public sealed record GetWorkspaceResult
{
    [Description("The workspace's id.")]
    public string Id { get; init; } = "";

    [Description("The workspace's name.")]
    public string Name { get; init; } = "";

    [Description("The owner's username.")]
    public string Owner { get; init; } = "";

    [Description("The owner's user id.")]
    public string OwnerId { get; init; } = "";

    [Description("The id of the workspace's organization (its template's).")]
    public string OrganizationId { get; init; } = "";

    [Description("The id of the workspace's template.")]
    public string TemplateId { get; init; } = "";

    [Description("The template version the latest build used.")]
    public string TemplateVersionId { get; init; } = "";

    [Description("`running` or `stopped` once the latest start or stop build is under way or done; else that " +
        "build's status (`failed`, `canceled`, `deleting`, …).")]
    public string State { get; init; } = "";

    [Description("The latest build's status: `pending`, `starting`, `running`, `stopping`, `stopped`, `failed`, " +
        "`canceling`, `canceled`, `deleting` or `deleted`.")]
    public string Status { get; init; } = "";

    [Description("The latest build.")]
    public WorkspaceBuildState LatestBuild { get; init; } = new();

    [Description("Every parameter value of the latest build, by name (defaults included), as Coder keeps them.")]
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    [Description("Whether the template's active version is newer than the one the workspace was built on.")]
    public bool Outdated { get; init; }

    [Description("The Terraform resources the latest build made, with their agents.")]
    public IReadOnlyList<WorkspaceResourceState> Resources { get; init; } = [];

    [Description("How long the workspace runs after it starts before Coder stops it, in milliseconds (0: no autostop).")]
    public long TtlMs { get; init; }

    [Description("When Coder starts the workspace (`CRON_TZ=<zone> m h * * dow`); empty when autostart is off.")]
    public string AutostartSchedule { get; init; } = "";

    [Description("`always` (the workspace moves to the template's active version whenever it starts) or `never`.")]
    public string AutomaticUpdates { get; init; } = "";

    [Description("Whether the workspace is dormant.")]
    public bool Dormant { get; init; }

    [Description("When Coder stops the running workspace (RFC 3339); empty when it does not.")]
    public string Deadline { get; init; } = "";

    [Description("When Coder next starts the workspace by its schedule (RFC 3339); empty when it does not.")]
    public string NextStartAt { get; init; } = "";

    [Description("The workspace's daily cost in the template's quota units.")]
    public long DailyCost { get; init; }
}

[PulumiType("getWorkspace")]
[Description("Looks up a workspace by id, or by owner and name (the token's own user when `owner` is unset): its " +
    "status and latest build, every parameter value, whether it is outdated, its resources and its schedule.")]
public sealed class GetWorkspaceFunction : Function<GetWorkspaceArgs, GetWorkspaceResult>
{
    protected override IEnumerable<CheckFailure> Validate(GetWorkspaceArgs arguments)
    {
        if (arguments.Id is not null)
        {
            if (arguments.Owner is not null || arguments.Name is not null)
                yield return new CheckFailure("id", "give either id, or name (with owner, the token's user when unset), not both.");
        }
        else if (arguments.Name is null)
        {
            yield return new CheckFailure(arguments.Owner is null ? "id" : "name",
                "give either id, or name (with owner, the token's user when unset): a workspace's name is unique only among its owner's workspaces.");
        }
    }

    protected override async Task<GetWorkspaceResult> InvokeAsync(GetWorkspaceArgs arguments, ResourceContext context, CancellationToken ct)
    {
        var client = context.Session.Client;
        Workspace? workspace;
        if (arguments.Id is { } id)
        {
            workspace = await CoderCalls.OrNullIfGoneAsync(() => client.Workspaces.GetAsync(Guid.Parse(id), cancellationToken: ct));
            if (workspace is null || WorkspaceResource.IsDeleted(workspace))
                throw new ProviderException($"getWorkspace: no workspace with id \"{id}\" on {context.Session.Configuration.Url}.");
        }
        else
        {
            var owner = arguments.Owner ?? "me";
            workspace = await CoderCalls.OrNullIfGoneAsync(() => client.Workspaces.GetByOwnerAndNameAsync(owner, arguments.Name!, cancellationToken: ct),
                unknownUserMeansGone: true);
            if (workspace is null || WorkspaceResource.IsDeleted(workspace))
            {
                var user = await CoderCalls.OrNullIfGoneAsync(() => client.Users.GetAsync(owner, ct), unknownUserMeansGone: true);
                throw new ProviderException(user is null
                    ? $"getWorkspace: no user \"{owner}\" on {context.Session.Configuration.Url}, so no workspace \"{arguments.Name}\" of theirs."
                    : $"getWorkspace: user \"{user.Username}\"{(arguments.Owner is null ? " (the token's user)" : "")} has no workspace named \"{arguments.Name}\".");
            }
        }
        var described = await WorkspaceResource.DescribeAsync(context, workspace, ownerAsGiven: null, ct);
        return PropertyMapper.Project<GetWorkspaceResult>(described, setByCaller: ["id", "status"])
            with { Id = workspace.Id.ToString(), Status = described.LatestBuild.Status };
    }
}

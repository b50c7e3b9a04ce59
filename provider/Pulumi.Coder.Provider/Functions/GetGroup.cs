using System.ComponentModel;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Functions;

public sealed record GetGroupArgs
{
    [Description("The group's id.")]
    [Uuid]
    public string? Id { get; init; }

    [Description("The id of the group's organization, with `name`; the provider's default organization when unset.")]
    [Uuid]
    public string? OrganizationId { get; init; }

    [Description("The group's name, with `organizationId`.")]
    public string? Name { get; init; }
}

[PulumiType("GroupMember")]
[Description("A member of a group.")]
public sealed record GroupMember
{
    [Description("The user's id.")]
    public string Id { get; init; } = "";

    [Description("The user's username.")]
    public string Username { get; init; } = "";

    [Description("The user's email address.")]
    public string Email { get; init; } = "";
}

[Description("A group of the Coder deployment.")]
public sealed record GetGroupResult
{
    [Description("The group's id.")]
    public string Id { get; init; } = "";

    [Description("The id of the group's organization.")]
    public string OrganizationId { get; init; } = "";

    [Description("The group's name.")]
    public string Name { get; init; } = "";

    [Description("The name shown in Coder's interface.")]
    public string DisplayName { get; init; } = "";

    [Description("The URL of the group's avatar.")]
    public string AvatarUrl { get; init; } = "";

    [Description("Workspace-quota credits each member gets.")]
    public int QuotaAllowance { get; init; }

    [Description("`user` or `oidc`.")]
    public string Source { get; init; } = "";

    [Description("The group's members.")]
    public IReadOnlyList<GroupMember> Members { get; init; } = [];
}

[PulumiType("getGroup")]
[Description("Looks up a group by id, or by name in an organization (the provider's default organization unless " +
    "`organizationId` is given).")]
public sealed class GetGroupFunction : Function<GetGroupArgs, GetGroupResult>
{
    protected override IEnumerable<CheckFailure> Validate(GetGroupArgs arguments)
    {
        if (arguments.Id is null == arguments.Name is null)
            yield return new CheckFailure("id", "give either id, or name (with organizationId or the provider's default organization).");
    }

    protected override async Task<GetGroupResult> InvokeAsync(GetGroupArgs arguments, ResourceContext context, CancellationToken ct)
    {
        var groups = context.Session.Client.Groups;
        Group group;
        if (arguments.Id is { } id)
        {
            group = await CoderCalls.OrNullIfGoneAsync(() => groups.GetAsync(Guid.Parse(id), cancellationToken: ct))
                ?? throw new ProviderException($"getGroup: no group with id \"{id}\" on {context.Session.Configuration.Url}.");
        }
        else
        {
            var organizationId = await context.Session.OrganizationIdAsync(arguments.OrganizationId, ct);
            group = await CoderCalls.OrNullIfGoneAsync(() => groups.GetByNameAsync(organizationId.ToString(), arguments.Name!, ct))
                ?? throw new ProviderException($"getGroup: no group named \"{arguments.Name}\" in organization {organizationId}.");
        }
        return new GetGroupResult
        {
            Id = group.Id.ToString(),
            OrganizationId = group.OrganizationId.ToString(),
            Name = group.Name,
            DisplayName = group.DisplayName,
            AvatarUrl = group.AvatarUrl,
            QuotaAllowance = checked((int)group.QuotaAllowance),
            Source = group.Source,
            Members = [.. (group.Members ?? []).Select(m => new GroupMember { Id = m.Id.ToString(), Username = m.Username, Email = m.Email })],
        };
    }
}

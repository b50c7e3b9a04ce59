using System.Collections.Immutable;
using System.ComponentModel;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Resources;

public record GroupArgs
{
    [Description("The id of the organization the group belongs to; the provider's default organization when unset. " +
        "Changing it replaces the group.")]
    [AlwaysOutput, ReplaceOnChanges, Uuid]
    public string? OrganizationId { get; init; }

    [Description("The group's name, unique in its organization: 1 to 36 letters or digits with single hyphens. The " +
        "name `Everyone` adopts the organization's Everyone group instead of creating one.")]
    [CoderName(maxLength: 36)]
    public string Name { get; init; } = "";

    [Description("The name shown in Coder's interface.")]
    [AlwaysOutput, CoderDisplayName]
    public string? DisplayName { get; init; }

    [Description("The group's avatar: an http(s) URL, or one of Coder's own images such as `/emojis/1f465.png` or " +
        "`/icon/git.svg`.")]
    [AlwaysOutput, ImageAddress]
    public string? AvatarUrl { get; init; }

    [Description("Workspace-quota credits each member of the group gets.")]
    [DefaultValue(0), AtLeast(0)]
    public int QuotaAllowance { get; init; }

    [Description("The ids of the group's members, in any order. Leave unset to leave membership unmanaged (for " +
        "example when an identity provider's group sync owns it); an empty list removes every member.")]
    [AlwaysOutput, AppliedAfterCreate, Uuid]
    public ImmutableSortedSet<string>? Members { get; init; }
}

public sealed record GroupState : GroupArgs
{
    [Description("Who made the group: `user` (created in Coder) or `oidc` (created by OIDC group sync).")]
    public string Source { get; init; } = "";
}

[PulumiType("Group")]
[Description("A group of users in an organization, with its workspace-quota allowance. Groups need the premium " +
    "`template_rbac` feature.\n\n" +
    "The organization's Everyone group (whose id is the organization's id) can be adopted, by importing it or by " +
    "declaring a group named `Everyone`, to manage its quota; it is never deleted, and its members, name and display " +
    "name cannot be set (an import leaves its members out of the inputs). No other group can be renamed `Everyone`.\n\n" +
    "Import with the group's id or `<organization-name>/<group-name>`: " +
    "`pulumi import coder:index:Group developers acme/developers`. Groups made by OIDC group sync can be imported too; " +
    "leave their `members` unset so the sync keeps owning them.")]
public sealed class GroupResource : CustomResource<GroupArgs, GroupState>
{
    private const string Feature = "template_rbac";
    private const string EveryoneName = "Everyone";

    protected override IEnumerable<CheckFailure> Validate(Mapped<GroupArgs> inputs, CheckContext context)
    {
        if (context.RequireFeature(Feature, "name", "a group") is { } failure) yield return failure;
        if (inputs.Value.Name == EveryoneName && inputs.Value.Members is not null)
        {
            yield return new CheckFailure("members", "members: the Everyone group holds every member of its organization " +
                "and its membership cannot be set; remove `members` (manage organization membership on the users instead).");
        }
        // coderd's patchGroup (enterprise/coderd/groups.go) refuses a display name on the Everyone group, renaming
        // it, and renaming another group to Everyone.
        if (inputs.Value.Name == EveryoneName && inputs.Value.DisplayName is { Length: > 0 })
        {
            yield return new CheckFailure("displayName", "displayName: Coder does not allow a display name on the Everyone " +
                "group; remove `displayName`.");
        }
        if (!context.IsCreate && context.Old<GroupArgs>() is { } old && old.Name != inputs.Value.Name
            && (old.Name == EveryoneName || inputs.Value.Name == EveryoneName))
        {
            yield return new CheckFailure("name", old.Name == EveryoneName
                ? "name: Coder cannot rename the Everyone group; keep the name `Everyone` (declare other groups as resources of their own)."
                : $"name: Coder reserves the name `Everyone` for each organization's own Everyone group, so group \"{old.Name}\" " +
                  "cannot be renamed to it; keep its name, and declare a separate group named `Everyone` to manage that one.");
        }
    }

    protected override async Task<ResourceResult<GroupState>> CreateAsync(GroupArgs inputs, ResourceContext context, CancellationToken ct)
    {
        var groups = context.Session.Client.Groups;
        var organizationId = await context.Session.OrganizationIdAsync(inputs.OrganizationId, ct);
        if (inputs.Name == EveryoneName)
        {
            await context.ReportProgressAsync($"adopting the Everyone group of organization {organizationId}");
            return Result(await groups.UpdateAsync(organizationId, Patch(inputs, previous: null, current: null), ct));
        }

        var created = await groups.CreateAsync(organizationId.ToString(), new CreateGroupRequest
        {
            Name = inputs.Name,
            DisplayName = inputs.DisplayName,
            AvatarUrl = inputs.AvatarUrl,
            QuotaAllowance = inputs.QuotaAllowance,
        }, ct);
        if (inputs.Members is not { Count: > 0 } members) return Result(created);

        return await PartialCreate.FinishOrRollBackAsync(context, "coder:index:Group", $"group \"{inputs.Name}\"", created.Id.ToString(),
            async () => Result(await groups.UpdateAsync(created.Id, new PatchGroupRequest { AddUsers = [.. members] }, ct)),
            rollbackCt => CoderCalls.DeleteIfPresentAsync(() => groups.DeleteAsync(created.Id, rollbackCt)));
    }

    protected override async Task<ResourceResult<GroupState>?> FindExistingAsync(GroupArgs inputs, ResourceContext context, CancellationToken ct)
    {
        // Adopting the Everyone group is an update, safe to run again.
        if (inputs.Name == EveryoneName) return null;
        var organizationId = await context.Session.OrganizationIdAsync(inputs.OrganizationId, ct);
        var found = await CoderCalls.OrNullIfGoneAsync(
            () => context.Session.Client.Groups.GetByNameAsync(organizationId.ToString(), inputs.Name, ct));
        return found is null ? null : Result(found);
    }

    protected override async Task<ResourceResult<GroupState>?> ReadAsync(string id, GroupState? current, ResourceContext context, CancellationToken ct)
    {
        var groups = context.Session.Client.Groups;
        var found = await new ImportIds("group", "<organization-name>/<group-name>, such as acme/developers").ReadAsync(id,
            groupId => CoderCalls.OrNullIfGoneAsync(() => groups.GetAsync(groupId, cancellationToken: ct)),
            (organization, name) => CoderCalls.OrNullIfGoneAsync(() => groups.GetByNameAsync(organization, name, ct)),
            (organization, name) => $"there is no group \"{name}\" in organization \"{organization}\" to import.");
        return found is null ? null : Result(found);
    }

    protected override async Task<GroupState> UpdateAsync(string id, Change<GroupArgs, GroupState> change, ResourceContext context, CancellationToken ct)
    {
        var groups = context.Session.Client.Groups;
        var groupId = Guid.Parse(id);
        // Membership is compared with Coder's current members, so that only the difference is sent.
        var current = change.NewInputs.Members is null ? null : await groups.GetAsync(groupId, cancellationToken: ct);
        var patch = Patch(change.NewInputs, change.OldInputs, current) with
        {
            Name = change.NewInputs.Name != change.Old.Name ? change.NewInputs.Name : null,
        };
        return Result(await groups.UpdateAsync(groupId, patch, ct)).State;
    }

    protected override async Task DeleteAsync(string id, GroupState state, ResourceContext context, CancellationToken ct)
    {
        if (id == state.OrganizationId || state.Name == EveryoneName)
        {
            await context.WarnAsync($"the Everyone group of organization {state.OrganizationId} stays in Coder: it belongs to " +
                "the organization and is never deleted; it is no longer managed by this stack.");
            return;
        }
        await CoderCalls.DeleteIfPresentAsync(() => context.Session.Client.Groups.DeleteAsync(Guid.Parse(id), ct));
    }

    /// <summary>The settings the program gives; a value it stopped giving is cleared; membership as the difference
    /// between the desired members and Coder's <paramref name="current"/> ones.</summary>
    private static PatchGroupRequest Patch(GroupArgs inputs, GroupArgs? previous, Group? current)
    {
        var desired = inputs.Members?.Select(m => Guid.Parse(m).ToString()).ToHashSet() ?? [];
        var existing = current?.Members?.Select(m => m.Id.ToString()).ToHashSet() ?? [];
        return new PatchGroupRequest
        {
            DisplayName = inputs.DisplayName ?? (previous?.DisplayName is null ? null : ""),
            AvatarUrl = inputs.AvatarUrl ?? (previous?.AvatarUrl is null ? null : ""),
            QuotaAllowance = inputs.QuotaAllowance,
            AddUsers = inputs.Members is null ? null : [.. desired.Where(m => !existing.Contains(m)).Order(StringComparer.Ordinal)],
            RemoveUsers = inputs.Members is null ? null : [.. existing.Where(m => !desired.Contains(m)).Order(StringComparer.Ordinal)],
        };
    }

    private static ResourceResult<GroupState> Result(Group group) =>
        new(group.Id.ToString(), new GroupState
        {
            OrganizationId = group.OrganizationId.ToString(),
            Name = group.Name,
            DisplayName = group.DisplayName,
            AvatarUrl = group.AvatarUrl,
            QuotaAllowance = checked((int)group.QuotaAllowance),
            Members = [.. (group.Members ?? []).Select(m => m.Id.ToString())],
            Source = group.Source,
        });
}

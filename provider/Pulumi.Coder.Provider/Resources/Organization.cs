using System.ComponentModel;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Resources;

public record OrganizationArgs
{
    [Description("The organization's name: unique on the deployment, 1 to 32 letters or digits with single hyphens. " +
        "Renaming is an update, not a replacement.")]
    [CoderName]
    public string Name { get; init; } = "";

    [Description("The name shown in Coder's interface. Coder uses the name when it is empty.")]
    [AlwaysOutput, CoderDisplayName]
    public string? DisplayName { get; init; }

    [Description("A description of the organization.")]
    [AlwaysOutput]
    public string? Description { get; init; }

    [Description("The organization's icon: an http(s) URL, or one of Coder's own images such as `/emojis/1f3e2.png` " +
        "or `/icon/git.svg`.")]
    [AlwaysOutput, ImageAddress]
    public string? Icon { get; init; }
}

public sealed record OrganizationState : OrganizationArgs
{
    [Description("Whether this is the deployment's default organization, which every user belongs to and which " +
        "cannot be deleted.")]
    public bool IsDefault { get; init; }
}

[PulumiType("Organization")]
[Description("An organization on the Coder deployment: a boundary for users, groups, templates and workspaces. " +
    "Creating or changing organizations needs the premium `multiple_organizations` feature; the default organization " +
    "can be imported (and, with that feature, changed), but never deleted.\n\n" +
    "Import with the organization's id or name: `pulumi import coder:index:Organization acme acme`.")]
public sealed class OrganizationResource : CustomResource<OrganizationArgs, OrganizationState>
{
    private const string Feature = "multiple_organizations";

    protected override IEnumerable<CheckFailure> Validate(Mapped<OrganizationArgs> inputs, CheckContext context)
    {
        // coderd serves POST, PATCH and DELETE of organizations only with the feature (enterprise/coderd/coderd.go),
        // so without it even the default organization cannot be changed.
        if (context.IsCreate)
        {
            if (context.RequireFeature(Feature, "name", "creating an organization") is { } create) yield return create;
            yield break;
        }
        foreach (var changed in context.Changes.Order(StringComparer.Ordinal))
        {
            if (context.RequireFeature(Feature, changed, $"changing an organization's {changed}") is { } update)
                yield return update;
        }
    }

    protected override async Task<ResourceResult<OrganizationState>> CreateAsync(OrganizationArgs inputs, ResourceContext context, CancellationToken ct)
    {
        var created = await context.Session.Client.Organizations.CreateAsync(new CreateOrganizationRequest
        {
            Name = inputs.Name,
            DisplayName = inputs.DisplayName,
            Description = inputs.Description,
            Icon = inputs.Icon,
        }, ct);
        return Result(created);
    }

    protected override async Task<ResourceResult<OrganizationState>?> FindExistingAsync(OrganizationArgs inputs, ResourceContext context, CancellationToken ct)
    {
        var found = await CoderCalls.OrNullIfGoneAsync(() => context.Session.Client.Organizations.GetAsync(inputs.Name, ct));
        return found is null ? null : Result(found);
    }

    protected override async Task<ResourceResult<OrganizationState>?> ReadAsync(string id, OrganizationState? current, ResourceContext context, CancellationToken ct)
    {
        var organizations = context.Session.Client.Organizations;
        var found = await CoderCalls.OrNullIfGoneAsync(() => organizations.GetAsync(id, ct));
        if (found is null) return null;
        // coderd still finds a deleted organization by id; by name it finds only live ones.
        var live = await CoderCalls.OrNullIfGoneAsync(() => organizations.GetAsync(found.Name, ct));
        return live?.Id == found.Id ? Result(live) : null;
    }

    protected override async Task<OrganizationState> UpdateAsync(string id, Change<OrganizationArgs, OrganizationState> change, ResourceContext context, CancellationToken ct)
    {
        var (old, news) = (change.Old, change.NewInputs);
        var updated = await context.Session.Client.Organizations.UpdateAsync(id, new UpdateOrganizationRequest
        {
            Name = news.Name != old.Name ? news.Name : null,
            // An emptied optional value is sent as empty so that Coder clears it.
            DisplayName = news.DisplayName ?? (change.OldInputs.DisplayName is null ? null : ""),
            Description = news.Description ?? (change.OldInputs.Description is null ? null : ""),
            Icon = news.Icon ?? (change.OldInputs.Icon is null ? null : ""),
        }, ct);
        return Result(updated).State;
    }

    protected override async Task DeleteAsync(string id, OrganizationState state, ResourceContext context, CancellationToken ct)
    {
        if (state.IsDefault)
        {
            throw new ProviderException($"organization \"{state.Name}\" is the deployment's default organization, which " +
                "Coder never deletes. To stop managing it without deleting it, run `pulumi state delete <urn>` " +
                "(or mark the resource `retainOnDelete`).");
        }
        await CoderCalls.DeleteIfPresentAsync(() => context.Session.Client.Organizations.DeleteAsync(id, ct));
    }

    private static ResourceResult<OrganizationState> Result(Organization organization) =>
        new(organization.Id.ToString(), new OrganizationState
        {
            Name = organization.Name,
            DisplayName = organization.DisplayName,
            Description = organization.Description,
            Icon = organization.Icon,
            IsDefault = organization.IsDefault,
        });
}

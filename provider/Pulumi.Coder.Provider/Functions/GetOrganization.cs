using System.ComponentModel;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Functions;

public sealed record GetOrganizationArgs
{
    [Description("The organization's id.")]
    [Uuid]
    public string? Id { get; init; }

    [Description("The organization's name.")]
    public string? Name { get; init; }

    [Description("True for the deployment's default organization (the one every user belongs to).")]
    public bool? IsDefault { get; init; }
}

[Description("An organization of the Coder deployment.")]
public sealed record GetOrganizationResult
{
    [Description("The organization's id.")]
    public string Id { get; init; } = "";

    [Description("The organization's name.")]
    public string Name { get; init; } = "";

    [Description("The name shown in Coder's interface.")]
    public string DisplayName { get; init; } = "";

    [Description("The organization's description.")]
    public string Description { get; init; } = "";

    [Description("The organization's icon.")]
    public string Icon { get; init; } = "";

    [Description("Whether this is the deployment's default organization.")]
    public bool IsDefault { get; init; }

    [Description("The ids of the organization's members.")]
    public IReadOnlyList<string> MemberIds { get; init; } = [];
}

[PulumiType("getOrganization")]
[Description("Looks up an organization by id or by name; with `isDefault: true`, the deployment's default " +
    "organization; with no arguments, the provider's default organization (`coder:organization`, else the token " +
    "user's first organization).")]
public sealed class GetOrganizationFunction : Function<GetOrganizationArgs, GetOrganizationResult>
{
    protected override IEnumerable<CheckFailure> Validate(GetOrganizationArgs arguments)
    {
        if (new object?[] { arguments.Id, arguments.Name, arguments.IsDefault == true ? true : null }.Count(a => a is not null) > 1)
            yield return new CheckFailure("id", "give at most one of id, name and isDefault: true.");
    }

    protected override async Task<GetOrganizationResult> InvokeAsync(GetOrganizationArgs arguments, ResourceContext context, CancellationToken ct)
    {
        var organizations = context.Session.Client.Organizations;
        Organization organization;
        if ((arguments.Id ?? arguments.Name) is { } idOrName)
        {
            organization = await CoderCalls.OrNullIfGoneAsync(() => organizations.GetAsync(idOrName, ct))
                ?? throw new ProviderException($"getOrganization: no organization with {(arguments.Id is null ? "name" : "id")} \"{idOrName}\" on {context.Session.Configuration.Url} (or the token's user cannot see it).");
        }
        else if (arguments.IsDefault == true)
        {
            organization = (await organizations.ListAsync(ct)).FirstOrDefault(o => o.IsDefault)
                ?? throw new ProviderException($"getOrganization: {context.Session.Configuration.Url} shows the token's user no default organization.");
        }
        else
        {
            organization = await context.Session.DefaultOrganizationAsync(ct);
        }
        var members = await organizations.ListMembersAsync(organization.Id.ToString(), ct);
        return new GetOrganizationResult
        {
            Id = organization.Id.ToString(),
            Name = organization.Name,
            DisplayName = organization.DisplayName,
            Description = organization.Description,
            Icon = organization.Icon,
            IsDefault = organization.IsDefault,
            MemberIds = [.. members.Select(m => m.UserId.ToString()).Order(StringComparer.Ordinal)],
        };
    }
}

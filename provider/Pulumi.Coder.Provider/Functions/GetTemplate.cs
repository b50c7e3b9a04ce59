using System.ComponentModel;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Resources;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Functions;

public sealed record GetTemplateArgs
{
    [Description("The template's id.")]
    [Uuid]
    public string? Id { get; init; }

    [Description("The id of the template's organization, with `name`; the provider's default organization when unset.")]
    [Uuid]
    public string? OrganizationId { get; init; }

    [Description("The template's name, with `organizationId`.")]
    public string? Name { get; init; }
}

/// <summary>The Template resource's outputs, without what only the program knows (source, variables, tags, version
/// name and message): drawn from <see cref="TemplateResource.Describe"/>, property by property name.</summary>
[Description("A template of the Coder deployment: its settings, its active version and, when the license has " +
    "`template_rbac`, who may use it.")]
public sealed record GetTemplateResult
{
    [Description("The template's id.")]
    public string Id { get; init; } = "";

    [Description("The id of the template's organization.")]
    public string OrganizationId { get; init; } = "";

    [Description("The template's name.")]
    public string Name { get; init; } = "";

    [Description("The name shown in Coder's interface.")]
    public string DisplayName { get; init; } = "";

    [Description("The template's description.")]
    public string Description { get; init; } = "";

    [Description("The URL or emoji path of the template's icon.")]
    public string Icon { get; init; } = "";

    [Description("How long a workspace runs after it starts, in milliseconds (0: until stopped).")]
    public long DefaultTtlMs { get; init; }

    [Description("How long activity extends a running workspace's deadline, in milliseconds.")]
    public long ActivityBumpMs { get; init; }

    [Description("When workspaces must stop.")]
    public TemplateAutostopRequirementArgs AutostopRequirement { get; init; } = new();

    [Description("When workspaces may start automatically.")]
    public TemplateAutostartRequirementArgs AutostartRequirement { get; init; } = new();

    [Description("Whether users may set their workspaces to start automatically.")]
    public bool AllowUserAutostart { get; init; }

    [Description("Whether users may change when their workspaces stop.")]
    public bool AllowUserAutostop { get; init; }

    [Description("Whether users may cancel their workspaces' running builds.")]
    public bool AllowUserCancelWorkspaceJobs { get; init; }

    [Description("How long a failed workspace stays before it is stopped, in milliseconds (0: never).")]
    public long FailureTtlMs { get; init; }

    [Description("How long a workspace may be unused before it turns dormant, in milliseconds (0: never).")]
    public long TimeTilDormantMs { get; init; }

    [Description("How long a dormant workspace stays before it is deleted, in milliseconds (0: never).")]
    public long TimeTilDormantAutodeleteMs { get; init; }

    [Description("Whether workspaces must be updated to the active version before they start.")]
    public bool RequireActiveVersion { get; init; }

    [Description("The deprecation message; empty when the template is not deprecated.")]
    public string DeprecationMessage { get; init; } = "";

    [Description("The widest audience a workspace's ports may be shared with: `owner`, `authenticated`, " +
        "`organization` or `public`.")]
    public string MaxPortShareLevel { get; init; } = "";

    [Description("How workspace apps answer cross-origin requests: `simple` or `passthru`.")]
    public string CorsBehavior { get; init; } = "";

    [Description("Whether workspaces use the classic parameter form rather than dynamic parameters.")]
    public bool UseClassicParameterFlow { get; init; }

    [Description("Users' and groups' roles on the template, besides the Everyone group; unset when the deployment's " +
        "license lacks `template_rbac` (Coder then shows no ACL).")]
    public TemplateAclArgs? Acl { get; init; }

    [Description("The role of the organization's Everyone group: `use`, `admin` or `none`; unset when the " +
        "deployment's license lacks `template_rbac`.")]
    public string? EveryoneAccess { get; init; }

    [Description("The id of the version new workspaces use.")]
    public string ActiveVersionId { get; init; } = "";

    [Description("How many users used the template's workspaces recently.")]
    public long ActiveUserCount { get; init; }

    [Description("Whether the template is deprecated.")]
    public bool Deprecated { get; init; }

    [Description("When the template was created (RFC 3339).")]
    public string CreatedAt { get; init; } = "";

    [Description("When the template was last changed (RFC 3339).")]
    public string UpdatedAt { get; init; } = "";
}

[PulumiType("getTemplate")]
[Description("Looks up a template by id, or by name in an organization (the provider's default organization unless " +
    "`organizationId` is given): every setting, the active version and, when the deployment's license has " +
    "`template_rbac`, the ACL.")]
public sealed class GetTemplateFunction : Function<GetTemplateArgs, GetTemplateResult>
{
    protected override IEnumerable<CheckFailure> Validate(GetTemplateArgs arguments)
    {
        if (arguments.Id is null == arguments.Name is null)
            yield return new CheckFailure("id", "give either id, or name (with organizationId or the provider's default organization).");
        else if (arguments.Id is not null && arguments.OrganizationId is not null)
            yield return new CheckFailure("organizationId", "organizationId goes with name: a template's id alone finds it; leave organizationId out.");
    }

    protected override async Task<GetTemplateResult> InvokeAsync(GetTemplateArgs arguments, ResourceContext context, CancellationToken ct)
    {
        var templates = context.Session.Client.Templates;
        Template template;
        if (arguments.Id is { } id)
        {
            template = await CoderCalls.OrNullIfGoneAsync(() => templates.GetAsync(Guid.Parse(id), ct))
                ?? throw new ProviderException($"getTemplate: no template with id \"{id}\" on {context.Session.Configuration.Url}.");
        }
        else
        {
            var organizationId = await context.Session.OrganizationIdAsync(arguments.OrganizationId, ct);
            template = await CoderCalls.OrNullIfGoneAsync(() => templates.GetByNameAsync(organizationId.ToString(), arguments.Name!, ct))
                ?? throw new ProviderException($"getTemplate: no template named \"{arguments.Name}\" in organization {organizationId}.");
        }
        var acl = await TemplateResource.ReadAclIfLicensedAsync(context, template, ct);
        return PropertyMapper.Project<GetTemplateResult>(TemplateResource.Describe(template, acl), setByCaller: "id")
            with { Id = template.Id.ToString() };
    }
}

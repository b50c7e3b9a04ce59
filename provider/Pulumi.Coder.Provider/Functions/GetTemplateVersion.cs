using System.ComponentModel;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Resources;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Functions;

public sealed record GetTemplateVersionArgs
{
    [Description("The version's id.")]
    [Uuid]
    public string? Id { get; init; }

    [Description("The id of the version's template, with `name`.")]
    [Uuid]
    public string? TemplateId { get; init; }

    [Description("The version's name, with `templateId` (names are unique within a template).")]
    public string? Name { get; init; }
}

/// <summary>The TemplateVersion resource's outputs, without what only the program knows (source, variables, tags):
/// drawn from <see cref="TemplateVersionResource.DescribeAsync"/>, property by property name.</summary>
[Description("A version of a Coder template: its import job's status, parameters and variables.")]
public sealed record GetTemplateVersionResult
{
    [Description("The version's id.")]
    public string Id { get; init; } = "";

    [Description("The id of the version's template (empty for a version that belongs to no template yet).")]
    public string TemplateId { get; init; } = "";

    [Description("The version's name.")]
    public string Name { get; init; } = "";

    [Description("The version's message.")]
    public string Message { get; init; } = "";

    [Description("The import job's status: `succeeded` once the version can be used; `pending`, `running`, " +
        "`canceling`, `canceled` or `failed` otherwise.")]
    public string JobStatus { get; init; } = "";

    [Description("When the version was created (RFC 3339).")]
    public string CreatedAt { get; init; } = "";

    [Description("Whether this is its template's active version, the one new workspaces use.")]
    public bool Active { get; init; }

    [Description("The parameters workspaces of this version are built with.")]
    public IReadOnlyList<TemplateVersionParameterState> Parameters { get; init; } = [];

    [Description("The Terraform variables the template declares (a sensitive variable's default is never returned).")]
    public IReadOnlyList<TemplateVersionVariableState> Variables { get; init; } = [];
}

[PulumiType("getTemplateVersion")]
[Description("Looks up a template version by id, or by name in a template: its import job's status, whether it is " +
    "active, its parameters and its variables.")]
public sealed class GetTemplateVersionFunction : Function<GetTemplateVersionArgs, GetTemplateVersionResult>
{
    protected override IEnumerable<CheckFailure> Validate(GetTemplateVersionArgs arguments)
    {
        if (arguments.Id is not null)
        {
            if (arguments.TemplateId is not null || arguments.Name is not null)
                yield return new CheckFailure("id", "give either id, or templateId and name, not both.");
        }
        else if (arguments.TemplateId is null || arguments.Name is null)
        {
            yield return new CheckFailure(arguments.TemplateId is null ? "templateId" : "name",
                "give either id, or templateId and name (a version's name is unique only within its template).");
        }
    }

    protected override async Task<GetTemplateVersionResult> InvokeAsync(GetTemplateVersionArgs arguments, ResourceContext context, CancellationToken ct)
    {
        var client = context.Session.Client;
        TemplateVersion version;
        if (arguments.Id is { } id)
        {
            version = await CoderCalls.OrNullIfGoneAsync(() => client.TemplateVersions.GetAsync(Guid.Parse(id), ct))
                ?? throw new ProviderException($"getTemplateVersion: no template version with id \"{id}\" on {context.Session.Configuration.Url}.");
        }
        else
        {
            var templateId = Guid.Parse(arguments.TemplateId!);
            version = await CoderCalls.OrNullIfGoneAsync(() => client.TemplateVersions.GetByTemplateAndNameAsync(templateId, arguments.Name!, ct))
                ?? throw new ProviderException(await CoderCalls.OrNullIfGoneAsync(() => client.Templates.GetAsync(templateId, ct)) is { } template
                    ? $"getTemplateVersion: template \"{template.Name}\" ({templateId}) has no version named \"{arguments.Name}\"."
                    : $"getTemplateVersion: no template with id \"{templateId}\" on {context.Session.Configuration.Url}, so no version \"{arguments.Name}\" of it.");
        }
        var described = await TemplateVersionResource.DescribeAsync(context, version, version.TemplateId, ct);
        return PropertyMapper.Project<GetTemplateVersionResult>(described, setByCaller: "id") with { Id = version.Id.ToString() };
    }
}

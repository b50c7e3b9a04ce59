using System.ComponentModel;
using Coder.Client.Errors;
using Coder.Client.Jobs;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Provisioning;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Resources;

[PulumiType("TemplateVersionParameterOption")]
[Description("One of a parameter's allowed values.")]
public sealed record TemplateVersionParameterOptionState
{
    [Description("The option's label.")] public string Name { get; init; } = "";
    [Description("The value it stands for.")] public string Value { get; init; } = "";
    [Description("What it means.")] public string Description { get; init; } = "";
}

[PulumiType("TemplateVersionParameter")]
[Description("A parameter workspaces of this version are built with (a `coder_parameter` of the template).")]
public sealed record TemplateVersionParameterState
{
    [Description("The parameter's name.")] public string Name { get; init; } = "";
    [Description("`string`, `number`, `bool` or `list(string)`.")] public string Type { get; init; } = "";
    [Description("The value used when a workspace gives none; empty when required.")] public string DefaultValue { get; init; } = "";
    [Description("Whether a workspace must give a value.")] public bool Required { get; init; }
    [Description("Whether the value may change after the first build.")] public bool Mutable { get; init; }
    [Description("Whether the value applies to one build only.")] public bool Ephemeral { get; init; }
    [Description("The allowed values, when the parameter is a choice.")] public IReadOnlyList<TemplateVersionParameterOptionState> Options { get; init; } = [];
    [Description("A regular expression string values must match.")] public string ValidationRegex { get; init; } = "";
    [Description("The error shown when a value fails validation.")] public string ValidationError { get; init; } = "";
    [Description("The smallest number allowed.")] public long? ValidationMin { get; init; }
    [Description("The largest number allowed.")] public long? ValidationMax { get; init; }
    [Description("`increasing` or `decreasing` when a number may only move one way.")] public string ValidationMonotonic { get; init; } = "";
}

[PulumiType("TemplateVersionVariable")]
[Description("A Terraform variable the template declares.")]
public sealed record TemplateVersionVariableState
{
    [Description("The variable's name.")] public string Name { get; init; } = "";
    [Description("Its Terraform type.")] public string Type { get; init; } = "";
    [Description("Whether it has no default, so a value must be given.")] public bool Required { get; init; }
    [Description("Whether the template declares it sensitive; its value is never returned.")] public bool Sensitive { get; init; }
    [Description("Its default value (empty for sensitive variables).")] public string DefaultValue { get; init; } = "";
}

public record TemplateVersionArgs
{
    [Description("The id of the template the version belongs to (a Template's `id`). Changing it replaces the version.")]
    [ReplaceOnChanges, Uuid]
    public string TemplateId { get; init; } = "";

    [Description("The version's Terraform source, as for Template's `source`: a FileArchive of a folder or archive " +
        "file, or an AssetArchive. Versions are immutable in Coder, so a change of what it sends replaces the version.")]
    [WriteOnly, ComparedBy(nameof(SourceHash)), ReplaceOnChanges]
    public Archive? Source { get; init; }

    [Description("A digest of exactly what the source sends, computed by the provider.")]
    [Derived]
    public string? SourceHash { get; init; }

    [Description("Values for the template's Terraform variables, over those of the source's variable files. Stored as " +
        "a secret; a change replaces the version.")]
    [Secret, ReplaceOnChanges]
    public IReadOnlyDictionary<string, string>? TfVars { get; init; }

    [Description("Tags a provisioner daemon must have to import the version; a change replaces the version.")]
    [ReplaceOnChanges]
    public IReadOnlyDictionary<string, string>? ProvisionerTags { get; init; }

    [Description("The version's name, unique in its template; Coder names it when unset. Renaming is an update.")]
    [AlwaysOutput, TemplateVersionName]
    public string? Name { get; init; }

    [Description("The version's message.")]
    [AlwaysOutput, MaxTextLength(1048576)]
    public string? Message { get; init; }

    [Description("Whether this is the template's active version, the one new workspaces use. `true` promotes it; " +
        "setting it back to `false` does not demote it (promote another version instead).")]
    [DefaultValue(false)]
    public bool Active { get; init; }
}

public sealed record TemplateVersionState : TemplateVersionArgs
{
    [Description("The import job's status: `succeeded` once the version can be used.")]
    public string JobStatus { get; init; } = "";

    [Description("When the version was created (RFC 3339).")]
    public string CreatedAt { get; init; } = "";

    [Description("The parameters workspaces of this version are built with.")]
    public IReadOnlyList<TemplateVersionParameterState> Parameters { get; init; } = [];

    [Description("The Terraform variables the template declares.")]
    public IReadOnlyList<TemplateVersionVariableState> Variables { get; init; } = [];
}

[PulumiType("TemplateVersion")]
[Description("A version of an existing template, for canaries and pinned versions: pushed and imported, and promoted " +
    "only when `active` is true. A Template's own pushes are not affected by it, and it is not undone by them.\n\n" +
    "Deleting it archives the version in Coder (the active version cannot be archived: promote another first).\n\n" +
    "Import with the version's id or `<template-id>/<version-name>`.")]
public sealed class TemplateVersionResource : CustomResource<TemplateVersionArgs, TemplateVersionState>
{
    protected override async Task<TemplateVersionArgs> DeriveAsync(Mapped<TemplateVersionArgs> inputs, CheckContext context, CancellationToken ct) =>
        inputs.Value with { SourceHash = await TemplatePush.DeriveSourceHashAsync(inputs, inputs.Value.Source, inputs.Value.SourceHash, ct) };

    protected override IEnumerable<CheckFailure> Validate(Mapped<TemplateVersionArgs> inputs, CheckContext context)
    {
        if (TemplatePush.RequireSource(inputs, inputs.Value.Source, inputs.Value.SourceHash) is { } missing) yield return missing;
    }

    protected override Task<IEnumerable<CheckFailure>> ValidateCheckedAsync(Mapped<TemplateVersionArgs> inputs, CheckContext context, CancellationToken ct) =>
        Task.FromResult(context.Old<TemplateVersionArgs>() is { } old ? ChangeRules(old, inputs.Value, context) : []);

    private static IEnumerable<CheckFailure> ChangeRules(TemplateVersionArgs old, TemplateVersionArgs @new, CheckContext context)
    {
        // The replacement would be refused by Coder (409) or, worse, find the old version by its name and take it for
        // its own lost create, which the engine then archives: Coder keeps an archived version's name taken.
        if (@new.Name is { } name && name == old.Name && @new.TemplateId == old.TemplateId && context.Replaces.Count > 0)
        {
            var changed = string.Join(", ", context.Replaces.Order(StringComparer.Ordinal));
            yield return new CheckFailure("name", $"name: the change of {changed} makes a new version, but version names are " +
                $"unique in a template and \"{name}\" stays taken by the current one, even once it is archived. Give the new " +
                "version another name along with the change (for example one derived from sourceHash), or leave name unset " +
                "and Coder names it.");
        }
    }

    protected override async Task<ResourceResult<TemplateVersionState>> CreateAsync(TemplateVersionArgs inputs, ResourceContext context, CancellationToken ct)
    {
        var client = context.Session.Client;
        var template = await client.Templates.GetAsync(Guid.Parse(inputs.TemplateId), ct);
        var pushed = await TemplatePush.PushAsync(context, template.OrganizationId, template.Id,
            new TemplatePushSpec(inputs.Source ?? throw new ProviderException("source is required to push a template version."),
                inputs.TfVars, inputs.ProvisionerTags, inputs.Name, inputs.Message), "source", ct);
        if (inputs.Active)
        {
            await PartialCreate.FinishOrRollBackAsync(context, "coder:index:TemplateVersion", $"template version \"{pushed.Version.Name}\"",
                pushed.Version.Id.ToString(),
                async () => { await PromoteAsync(context, template.Id, pushed.Version, ct); return true; },
                rollbackCt => client.TemplateVersions.ArchiveAsync(pushed.Version.Id, rollbackCt));
        }
        return await ResultAsync(context, pushed.Version, inputs, pushed.SourceHash, ct);
    }

    protected override async Task<ResourceResult<TemplateVersionState>?> FindExistingAsync(TemplateVersionArgs inputs, ResourceContext context, CancellationToken ct)
    {
        // Only a named version can be found again; an unnamed one got a name from Coder that the program never knew.
        if (inputs.Name is null) return null;
        var found = await CoderCalls.OrNullIfGoneAsync(() =>
            context.Session.Client.TemplateVersions.GetByTemplateAndNameAsync(Guid.Parse(inputs.TemplateId), inputs.Name, ct));
        // An archived version keeps its name but is no create of ours: adopting it would leave the stack holding
        // what Read reports gone.
        return found is null || found.Archived ? null
            : await ResultAsync(context, found, inputs, await TemplatePush.SourceHashOfAsync(context, found.Id, ct), ct);
    }

    protected override async Task<ResourceResult<TemplateVersionState>?> ReadAsync(string id, TemplateVersionState? current, ResourceContext context, CancellationToken ct)
    {
        var versions = context.Session.Client.TemplateVersions;
        var found = await new ImportIds("template version", "<template-id>/<version-name>", ValidScope: scope => Guid.TryParse(scope, out _)).ReadAsync(id,
            versionId => CoderCalls.OrNullIfGoneAsync(() => versions.GetAsync(versionId, ct)),
            (template, name) => CoderCalls.OrNullIfGoneAsync(() => versions.GetByTemplateAndNameAsync(Guid.Parse(template), name, ct)),
            (template, name) => $"template {template} has no version \"{name}\" to import.");
        // An archived version is what deleting one leaves: gone as far as the stack is concerned.
        if (found is null || found.Archived) return null;
        var sourceHash = current?.SourceHash ?? await TemplatePush.SourceHashOfAsync(context, found.Id, ct);
        return await ResultAsync(context, found, current, sourceHash, ct);
    }

    protected override async Task<TemplateVersionState> UpdateAsync(string id, Change<TemplateVersionArgs, TemplateVersionState> change, ResourceContext context, CancellationToken ct)
    {
        var client = context.Session.Client;
        var inputs = change.NewInputs;
        var version = await client.TemplateVersions.GetAsync(Guid.Parse(id), ct);
        if (!ProvisionerJobStatus.IsCompleted(version.Job.Status))
        {
            // Adopted after a lost create answer, its import may still run: the version is usable once it finished.
            await ProvisionerJobs.WaitAsync(context, ProvisionerJobSource.TemplateVersionImport(client, version.Id), context.Timeout, ct);
            version = await client.TemplateVersions.GetAsync(version.Id, ct);
        }
        if (inputs.Name is not null && inputs.Name != version.Name || inputs.Message is not null && inputs.Message != version.Message)
        {
            version = await client.TemplateVersions.UpdateAsync(version.Id,
                new PatchTemplateVersionRequest { Name = inputs.Name, Message = inputs.Message }, ct);
        }
        if (inputs.Active && !change.Old.Active) await PromoteAsync(context, Guid.Parse(inputs.TemplateId), version, ct);
        if (!inputs.Active && change.Old.Active)
        {
            await context.WarnAsync($"template version \"{version.Name}\" stays the template's active version: Coder has " +
                "no way to demote a version. Promote another one (set `active` on another TemplateVersion, or push the Template).");
        }
        return (await ResultAsync(context, version, inputs, change.Old.SourceHash, ct)).State;
    }

    protected override async Task DeleteAsync(string id, TemplateVersionState state, ResourceContext context, CancellationToken ct)
    {
        var client = context.Session.Client;
        var template = await CoderCalls.OrNullIfGoneAsync(() => client.Templates.GetAsync(Guid.Parse(state.TemplateId), ct));
        if (template is null) return; // the template, and its versions with it, is gone
        if (template.ActiveVersionId.ToString() == id)
        {
            throw new ProviderException($"template version \"{state.Name}\" ({id}) is the active version of template " +
                $"\"{template.Name}\", and Coder cannot archive an active version. Promote another version first (set " +
                "`active: true` on another TemplateVersion, or push the Template), then run the update again.");
        }
        try
        {
            await CoderCalls.DeleteIfPresentAsync(() => client.TemplateVersions.ArchiveAsync(Guid.Parse(id), ct));
        }
        catch (CoderApiException e) when (e.Kind == CoderErrorKind.Validation && e.CoderMessage?.Contains("already archived", StringComparison.OrdinalIgnoreCase) == true)
        {
        }
    }

    private static async Task PromoteAsync(ResourceContext context, Guid templateId, TemplateVersion version, CancellationToken ct)
    {
        await context.ReportProgressAsync($"promoting template version {version.Name}");
        await context.Session.Client.Templates.SetActiveVersionAsync(templateId, new UpdateActiveTemplateVersion { Id = version.Id }, ct);
    }

    private static async Task<ResourceResult<TemplateVersionState>> ResultAsync(
        ResourceContext context, TemplateVersion version, TemplateVersionArgs? inputs, string? sourceHash, CancellationToken ct)
    {
        var templateId = version.TemplateId ?? Guid.Parse(inputs?.TemplateId ?? throw new ProviderException($"template version {version.Id} belongs to no template."));
        var described = await DescribeAsync(context, version, templateId, ct);
        return new(version.Id.ToString(), described with
        {
            SourceHash = sourceHash,
            TfVars = inputs?.TfVars,
            ProvisionerTags = inputs?.ProvisionerTags,
        });
    }

    /// <summary>Everything Coder says of the version, as the resource's outputs: whether it is
    /// <paramref name="templateId"/>'s active version (false for a version of no template), its import job's status,
    /// its parameters and variables (a sensitive variable's default never). The one mapping from Coder's version to
    /// these properties, for the resource and for getTemplateVersion.</summary>
    internal static async Task<TemplateVersionState> DescribeAsync(ResourceContext context, TemplateVersion version, Guid? templateId, CancellationToken ct)
    {
        var client = context.Session.Client;
        // Three independent reads, sent together: a create returns one round trip after its import ends, not three.
        var activeVersionRead = ActiveVersionIdAsync();
        // coderd answers 425 for both until the import finished; a version still importing has none yet.
        var imported = version.Job.Status == ProvisionerJobStatus.Succeeded;
        var parametersRead = imported ? client.TemplateVersions.GetRichParametersAsync(version.Id, ct) : Task.FromResult<IReadOnlyList<TemplateVersionParameter>>([]);
        var variablesRead = imported ? client.TemplateVersions.GetVariablesAsync(version.Id, ct) : Task.FromResult<IReadOnlyList<TemplateVersionVariable>>([]);
        await Task.WhenAll(activeVersionRead, parametersRead, variablesRead);
        var activeVersionId = await activeVersionRead;
        var parameters = await parametersRead;
        var variables = await variablesRead;
        async Task<Guid?> ActiveVersionIdAsync() => templateId is { } id ? (await client.Templates.GetAsync(id, ct)).ActiveVersionId : null;
        return new TemplateVersionState
        {
            TemplateId = templateId?.ToString() ?? "",
            Name = version.Name,
            Message = version.Message,
            Active = activeVersionId == version.Id,
            JobStatus = version.Job.Status,
            CreatedAt = version.CreatedAt.ToString("O"),
            Parameters = [.. parameters.Select(p => new TemplateVersionParameterState
            {
                Name = p.Name,
                Type = p.Type,
                DefaultValue = p.DefaultValue,
                Required = p.Required,
                Mutable = p.Mutable,
                Ephemeral = p.Ephemeral,
                Options = [.. (p.Options ?? []).Select(o => new TemplateVersionParameterOptionState { Name = o.Name, Value = o.Value, Description = o.Description })],
                ValidationRegex = p.ValidationRegex,
                ValidationError = p.ValidationError,
                ValidationMin = p.ValidationMin,
                ValidationMax = p.ValidationMax,
                ValidationMonotonic = p.ValidationMonotonic,
            })],
            Variables = [.. variables.Select(v => new TemplateVersionVariableState
            {
                Name = v.Name,
                Type = v.Type,
                Required = v.Required,
                Sensitive = v.Sensitive,
                DefaultValue = v.Sensitive ? "" : v.DefaultValue,
            })],
        };
    }
}

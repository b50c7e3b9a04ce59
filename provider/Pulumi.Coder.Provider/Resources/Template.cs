using System.Collections.Immutable;
using System.ComponentModel;
using Coder.Client.Errors;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Provisioning;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Resources;

[PulumiType("TemplateAutostopRequirement")]
[Description("When workspaces of the template must stop: on the given days, every so many weeks.")]
public sealed record TemplateAutostopRequirementArgs
{
    [Description("Days on which workspaces must stop (in their owner's quiet hours): `monday` … `sunday`.")]
    [Weekdays]
    public ImmutableSortedSet<string>? DaysOfWeek { get; init; }

    [Description("Every how many weeks the requirement applies, from 1 to 16 (1: every week).")]
    [Between(1, 16)]
    public long? Weeks { get; init; }
}

[PulumiType("TemplateAutostartRequirement")]
[Description("The days on which workspaces of the template may start automatically.")]
public sealed record TemplateAutostartRequirementArgs
{
    [Description("Days on which autostart is allowed: `monday` … `sunday`.")]
    [Weekdays]
    public ImmutableSortedSet<string>? DaysOfWeek { get; init; }
}

[PulumiType("TemplateAclEntry")]
[Description("A user's or group's role on the template.")]
public sealed record TemplateAclEntry : IComparable<TemplateAclEntry>
{
    [Description("The user's or group's id (for example `ada.Id` or `developers.Id`).")]
    [Uuid]
    public string Id { get; init; } = "";

    [Description("`use` (create workspaces from the template) or `admin` (also edit it).")]
    [OneOf("use", "admin")]
    public string Role { get; init; } = "";

    public int CompareTo(TemplateAclEntry? other) =>
        other is null ? 1 : string.CompareOrdinal(Id + "\n" + Role, other.Id + "\n" + other.Role);
}

[PulumiType("TemplateAcl")]
[Description("Who may use or administer the template, besides the organization's Everyone group (see " +
    "`everyoneAccess`). Order never matters.")]
public sealed record TemplateAclArgs
{
    [Description("Users and their roles.")]
    public ImmutableSortedSet<TemplateAclEntry>? Users { get; init; }

    [Description("Groups and their roles.")]
    public ImmutableSortedSet<TemplateAclEntry>? Groups { get; init; }
}

public record TemplateArgs
{
    [Description("The id of the organization the template belongs to; the provider's default organization when unset. " +
        "Changing it replaces the template.")]
    [AlwaysOutput, ReplaceOnChanges, Uuid]
    public string? OrganizationId { get; init; }

    [Description("The template's name, unique in its organization: 1 to 32 letters or digits with single hyphens. " +
        "Renaming is an update.")]
    [CoderName]
    public string Name { get; init; } = "";

    [Description("The name shown in Coder's interface.")]
    [AlwaysOutput, CoderDisplayName]
    public string? DisplayName { get; init; }

    [Description("A description of the template, up to 128 characters.")]
    [AlwaysOutput, MaxTextLength(128)]
    public string? Description { get; init; }

    [Description("The URL or emoji path (such as `/emojis/1f40b.png`) of the template's icon.")]
    [AlwaysOutput, ImageAddress]
    public string? Icon { get; init; }

    [Description("The template's Terraform source: `new FileArchive(\"./templates/docker\")` for a folder (relative to " +
        "the project's directory) or a .tar/.tar.gz/.zip file, or an `AssetArchive` of `StringAsset`s, `FileAsset`s and " +
        "nested archives built in the program. Files are sent as `coder templates push` sends them (hidden files, " +
        "`.terraform/` and state files left out); `terraform.tfvars` and `*.auto.tfvars` at its top become variable " +
        "values. A new version is pushed and promoted only when what would be sent changes.")]
    [WriteOnly, ComparedBy(nameof(SourceHash))]
    public Archive? Source { get; init; }

    [Description("A digest of exactly what the source sends (files and variable files), computed by the provider: " +
        "a new version is pushed when it changes.")]
    [Derived]
    public string? SourceHash { get; init; }

    [Description("Values for the template's Terraform variables, over those of the source's variable files. Stored " +
        "as a secret. Changing them pushes a new version.")]
    [Secret]
    public IReadOnlyDictionary<string, string>? TfVars { get; init; }

    [Description("Tags a provisioner daemon must have to import the template's versions (for example " +
        "`{ \"cluster\": \"eu\" }`). Changing them pushes a new version.")]
    public IReadOnlyDictionary<string, string>? ProvisionerTags { get; init; }

    [Description("The name of each version this resource pushes; Coder names them when unset. Names are unique in a " +
        "template, so a change of source, variables or tags needs a new name too.")]
    [TemplateVersionName]
    public string? VersionName { get; init; }

    [Description("The message of each version this resource pushes.")]
    [MaxTextLength(1048576)]
    public string? VersionMessage { get; init; }

    [Description("How long a workspace runs after it starts, in milliseconds (0: until stopped).")]
    [AlwaysOutput, AtLeast(0)]
    public long? DefaultTtlMs { get; init; }

    [Description("How long activity extends a running workspace's deadline, in milliseconds.")]
    [AlwaysOutput, AtLeast(0)]
    public long? ActivityBumpMs { get; init; }

    [Description("When workspaces must stop (premium `advanced_template_scheduling`).")]
    public TemplateAutostopRequirementArgs? AutostopRequirement { get; init; }

    [Description("When workspaces may start automatically (premium `advanced_template_scheduling`).")]
    public TemplateAutostartRequirementArgs? AutostartRequirement { get; init; }

    [Description("Whether users may set their workspaces to start automatically (premium " +
        "`advanced_template_scheduling` to turn off).")]
    [AlwaysOutput]
    public bool? AllowUserAutostart { get; init; }

    [Description("Whether users may change when their workspaces stop (premium `advanced_template_scheduling` to " +
        "turn off).")]
    [AlwaysOutput]
    public bool? AllowUserAutostop { get; init; }

    [Description("Whether users may cancel their workspaces' running builds.")]
    [AlwaysOutput]
    public bool? AllowUserCancelWorkspaceJobs { get; init; }

    [Description("How long a failed workspace stays before it is stopped, in milliseconds: 0 (never) or at least " +
        "60000 (premium `advanced_template_scheduling`).")]
    [AlwaysOutput, OffOrAtLeastOneMinute]
    public long? FailureTtlMs { get; init; }

    [Description("How long a workspace may be unused before it turns dormant, in milliseconds: 0 (never) or at least " +
        "60000 (premium `advanced_template_scheduling`).")]
    [AlwaysOutput, OffOrAtLeastOneMinute]
    public long? TimeTilDormantMs { get; init; }

    [Description("How long a dormant workspace stays before it is deleted, in milliseconds: 0 (never) or at least " +
        "60000 (premium `advanced_template_scheduling`).")]
    [AlwaysOutput, OffOrAtLeastOneMinute]
    public long? TimeTilDormantAutodeleteMs { get; init; }

    [Description("Whether workspaces must be updated to the active version before they start (premium " +
        "`access_control`).")]
    [AlwaysOutput]
    public bool? RequireActiveVersion { get; init; }

    [Description("Marks the template deprecated with this message, so no new workspaces are made from it; empty to " +
        "undo (premium `access_control`).")]
    [AlwaysOutput]
    public string? DeprecationMessage { get; init; }

    [Description("The widest audience a workspace's ports may be shared with: `owner`, `authenticated`, " +
        "`organization` or `public` (anything but `public` needs premium `control_shared_ports`).")]
    [AlwaysOutput, OneOf("owner", "authenticated", "organization", "public")]
    public string? MaxPortShareLevel { get; init; }

    [Description("How workspace apps answer cross-origin requests: `simple` or `passthru`.")]
    [AlwaysOutput, OneOf("simple", "passthru")]
    public string? CorsBehavior { get; init; }

    [Description("Whether workspaces use the classic parameter form rather than dynamic parameters.")]
    [AlwaysOutput]
    public bool? UseClassicParameterFlow { get; init; }

    [Description("Users' and groups' roles on the template (premium `template_rbac`). Unset: unmanaged; set: exactly " +
        "these, besides the Everyone group.")]
    [AppliedAfterCreate]
    public TemplateAclArgs? Acl { get; init; }

    [Description("The role of the organization's Everyone group: `use` (everyone may create workspaces from it, " +
        "Coder's default), `admin`, or `none` (only those in `acl`). Changing it after creation needs premium " +
        "`template_rbac`.")]
    [DefaultValue("use"), OneOf("use", "admin", "none")]
    public string? EveryoneAccess { get; init; }
}

public sealed record TemplateState : TemplateArgs
{
    [Description("The id of the version new workspaces use. A version promoted outside this resource (by a " +
        "TemplateVersion, or `coder templates push`) is left alone until this resource's own source, variables or " +
        "tags change.")]
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

[PulumiType("Template")]
[Description("A Coder template, pushed from the stack: its Terraform source, its settings and who may use it. A new " +
    "version is pushed and promoted only when the files that would be sent, the variables or the provisioner tags " +
    "change; a version promoted elsewhere is left alone until then.\n\n" +
    "Import with the template's id or `<organization-name>/<template-name>`: " +
    "`pulumi import coder:index:Template docker acme/docker`. The next `pulumi up` pushes a version only if the " +
    "program's source differs from the active version's.")]
public sealed class TemplateResource : CustomResource<TemplateArgs, TemplateState>
{
    private const string NoAccess = "none";

    protected override async Task<TemplateArgs> DeriveAsync(Mapped<TemplateArgs> inputs, CheckContext context, CancellationToken ct) =>
        inputs.Value with { SourceHash = await TemplatePush.DeriveSourceHashAsync(inputs, inputs.Value.Source, inputs.Value.SourceHash, ct) };

    protected override IEnumerable<CheckFailure> Validate(Mapped<TemplateArgs> inputs, CheckContext context)
    {
        var args = inputs.Value;
        if (TemplatePush.RequireSource(inputs, args.Source, args.SourceHash) is { } missing) yield return missing;
        const string scheduling = "advanced_template_scheduling";
        if (args.AutostopRequirement is not null && context.RequireFeature(scheduling, "autostopRequirement", "an autostop requirement") is { } a) yield return a;
        if (args.AutostartRequirement is not null && context.RequireFeature(scheduling, "autostartRequirement", "an autostart requirement") is { } b) yield return b;
        if (args.AllowUserAutostart == false && context.RequireFeature(scheduling, "allowUserAutostart", "turning user autostart off") is { } c) yield return c;
        if (args.AllowUserAutostop == false && context.RequireFeature(scheduling, "allowUserAutostop", "turning user autostop off") is { } d) yield return d;
        if (args.FailureTtlMs > 0 && context.RequireFeature(scheduling, "failureTtlMs", "a failure TTL") is { } e) yield return e;
        if (args.TimeTilDormantMs > 0 && context.RequireFeature(scheduling, "timeTilDormantMs", "dormancy") is { } f) yield return f;
        if (args.TimeTilDormantAutodeleteMs > 0 && context.RequireFeature(scheduling, "timeTilDormantAutodeleteMs", "deleting dormant workspaces") is { } g) yield return g;
        if (args.RequireActiveVersion == true && context.RequireFeature("access_control", "requireActiveVersion", "requiring the active version") is { } h) yield return h;
        if (!string.IsNullOrEmpty(args.DeprecationMessage) && context.RequireFeature("access_control", "deprecationMessage", "deprecating a template") is { } i) yield return i;
        if (args.Acl is not null && context.RequireFeature("template_rbac", "acl", "a template ACL") is { } j) yield return j;
        if (args.MaxPortShareLevel is not null and not "public" && context.RequireFeature("control_shared_ports", "maxPortShareLevel", $"port share level \"{args.MaxPortShareLevel}\"") is { } k) yield return k;
    }

    protected override Task<IEnumerable<CheckFailure>> ValidateCheckedAsync(Mapped<TemplateArgs> inputs, CheckContext context, CancellationToken ct) =>
        Task.FromResult(context.Old<TemplateArgs>() is { } old ? ChangeRules(old, inputs.Value, context) : []);

    private static IEnumerable<CheckFailure> ChangeRules(TemplateArgs old, TemplateArgs @new, CheckContext context)
    {
        if (@new.VersionName is { } name && name == old.VersionName && PushesVersion(old, @new))
        {
            yield return new CheckFailure("versionName", $"versionName: the source, tfVars or provisionerTags changed, so a " +
                $"new version is pushed, but version names are unique in a template and \"{name}\" is taken by the current " +
                "one. Give the new version another name, or leave versionName unset and Coder names it.");
        }
        if (@new.EveryoneAccess != old.EveryoneAccess && old.EveryoneAccess is not null
            && context.RequireFeature("template_rbac", "everyoneAccess", "changing the Everyone group's access") is { } failure)
        {
            yield return failure;
        }
    }

    protected override async Task<ResourceResult<TemplateState>> CreateAsync(TemplateArgs inputs, ResourceContext context, CancellationToken ct)
    {
        var client = context.Session.Client;
        var organizationId = await context.Session.OrganizationIdAsync(inputs.OrganizationId, ct);
        var pushed = await TemplatePush.PushAsync(context, organizationId, templateId: null, Spec(inputs), "source", ct);
        var created = await client.Templates.CreateAsync(organizationId.ToString(), new CreateTemplateRequest
        {
            Name = inputs.Name,
            TemplateVersionId = pushed.Version.Id,
            DisplayName = inputs.DisplayName,
            Description = inputs.Description,
            Icon = inputs.Icon,
            DefaultTtlMs = inputs.DefaultTtlMs,
            ActivityBumpMs = inputs.ActivityBumpMs,
            AutostopRequirement = Autostop(inputs.AutostopRequirement),
            AutostartRequirement = Autostart(inputs.AutostartRequirement),
            AllowUserAutostart = inputs.AllowUserAutostart,
            AllowUserAutostop = inputs.AllowUserAutostop,
            AllowUserCancelWorkspaceJobs = inputs.AllowUserCancelWorkspaceJobs,
            FailureTtlMs = inputs.FailureTtlMs,
            DormantTtlMs = inputs.TimeTilDormantMs,
            DeleteTtlMs = inputs.TimeTilDormantAutodeleteMs,
            RequireActiveVersion = inputs.RequireActiveVersion,
            MaxPortShareLevel = inputs.MaxPortShareLevel,
            CorsBehavior = inputs.CorsBehavior,
            TemplateUseClassicParameterFlow = inputs.UseClassicParameterFlow,
            DisableEveryoneGroupAccess = inputs.EveryoneAccess == NoAccess,
        }, ct);
        return await PartialCreate.FinishOrRollBackAsync(context, "coder:index:Template", $"template \"{inputs.Name}\"", created.Id.ToString(),
            async () =>
            {
                var template = string.IsNullOrEmpty(inputs.DeprecationMessage) ? created
                    : await UpdateSettingsAsync(context, created, inputs, ct);
                EnsureStored(inputs, template);
                await ApplyAclAsync(context, template, inputs, ct);
                return await ResultAsync(context, template, inputs, pushed.SourceHash, ct);
            },
            rollbackCt => CoderCalls.DeleteIfPresentAsync(() => client.Templates.DeleteAsync(created.Id, rollbackCt)));
    }

    protected override async Task<ResourceResult<TemplateState>?> FindExistingAsync(TemplateArgs inputs, ResourceContext context, CancellationToken ct)
    {
        var organizationId = await context.Session.OrganizationIdAsync(inputs.OrganizationId, ct);
        var found = await CoderCalls.OrNullIfGoneAsync(
            () => context.Session.Client.Templates.GetByNameAsync(organizationId.ToString(), inputs.Name, ct));
        // The digest of what the found template was made from lets an adoption tell whether the program's source
        // still needs a version of its own (after a lost answer it was already pushed).
        return found is null ? null
            : await ResultAsync(context, found, inputs, await TemplatePush.SourceHashOfAsync(context, found.ActiveVersionId, ct), ct);
    }

    protected override async Task<ResourceResult<TemplateState>?> ReadAsync(string id, TemplateState? current, ResourceContext context, CancellationToken ct)
    {
        var templates = context.Session.Client.Templates;
        var found = await new ImportIds("template", "<organization-name>/<template-name>, such as acme/docker").ReadAsync(id,
            templateId => CoderCalls.OrNullIfGoneAsync(() => templates.GetAsync(templateId, ct)),
            (organization, name) => CoderCalls.OrNullIfGoneAsync(() => templates.GetByNameAsync(organization, name, ct)),
            (organization, name) => $"there is no template \"{name}\" in organization \"{organization}\" to import.");
        if (found is null) return null;
        // On import nothing is known of the program's source: hash what the active version was made from, so that the
        // next update pushes a version only when the program's source differs.
        var sourceHash = current?.SourceHash ?? await TemplatePush.SourceHashOfAsync(context, found.ActiveVersionId, ct);
        return await ResultAsync(context, found, current, sourceHash, ct);
    }

    protected override async Task<TemplateState> UpdateAsync(string id, Change<TemplateArgs, TemplateState> change, ResourceContext context, CancellationToken ct)
    {
        var client = context.Session.Client;
        var template = await client.Templates.GetAsync(Guid.Parse(id), ct);
        var inputs = change.NewInputs;
        var sourceHash = change.Old.SourceHash;
        if (PushesVersion(change.OldInputs with { SourceHash = change.Old.SourceHash }, inputs))
        {
            var pushed = await TemplatePush.PushAsync(context, template.OrganizationId, template.Id, Spec(inputs), "source", ct);
            await context.ReportProgressAsync($"promoting template version {pushed.Version.Name}");
            await client.Templates.SetActiveVersionAsync(template.Id, new UpdateActiveTemplateVersion { Id = pushed.Version.Id }, ct);
            sourceHash = pushed.SourceHash;
        }
        template = await UpdateSettingsAsync(context, template, inputs, ct);
        EnsureStored(inputs, template);
        await ApplyAclAsync(context, template, inputs, ct);
        return (await ResultAsync(context, template, inputs, sourceHash, ct)).State;
    }

    protected override async Task DeleteAsync(string id, TemplateState state, ResourceContext context, CancellationToken ct)
    {
        var client = context.Session.Client;
        var templateId = Guid.Parse(id);
        try
        {
            await CoderCalls.DeleteIfPresentAsync(() => client.Templates.DeleteAsync(templateId, ct));
        }
        catch (CoderApiException e) when (e.Kind == CoderErrorKind.Validation)
        {
            var workspaces = await client.Workspaces.ListAsync($"template:{state.Name}", cancellationToken: ct);
            var users = (workspaces.Workspaces ?? []).Where(w => w.TemplateId == templateId)
                .Select(w => $"{w.OwnerName}/{w.Name}").Order(StringComparer.Ordinal).ToList();
            throw new ProviderException($"template \"{state.Name}\" was not deleted: {users.Count} workspace" +
                $"{(users.Count == 1 ? "" : "s")} still use{(users.Count == 1 ? "s" : "")} it ({string.Join(", ", users.Take(20))}" +
                $"{(users.Count > 20 ? ", …" : "")}). Delete or move those workspaces first (coder delete <owner>/<name>), " +
                "then run the update again.", e);
        }
    }

    private static bool PushesVersion(TemplateArgs old, TemplateArgs @new) =>
        old.SourceHash != @new.SourceHash
        || !SameMap(old.TfVars, @new.TfVars)
        || !SameMap(old.ProvisionerTags, @new.ProvisionerTags);

    private static bool SameMap(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        (a ?? ImmutableDictionary<string, string>.Empty).OrderBy(e => e.Key, StringComparer.Ordinal)
            .SequenceEqual((b ?? ImmutableDictionary<string, string>.Empty).OrderBy(e => e.Key, StringComparer.Ordinal));

    private static TemplatePushSpec Spec(TemplateArgs inputs) =>
        new(inputs.Source ?? throw new ProviderException("source is required to push a template version: give its Terraform folder."), inputs.TfVars, inputs.ProvisionerTags, inputs.VersionName, inputs.VersionMessage);

    /// <summary>Every setting, as the program gives it or as Coder has it: coderd before May 2026 reset a field the
    /// request left out, so nothing is left out.</summary>
    private static async Task<Template> UpdateSettingsAsync(ResourceContext context, Template current, TemplateArgs inputs, CancellationToken ct)
    {
        var request = new UpdateTemplateMeta
        {
            Name = inputs.Name,
            DisplayName = inputs.DisplayName ?? current.DisplayName,
            Description = inputs.Description ?? current.Description,
            Icon = inputs.Icon ?? current.Icon,
            DefaultTtlMs = inputs.DefaultTtlMs ?? current.DefaultTtlMs,
            ActivityBumpMs = inputs.ActivityBumpMs ?? current.ActivityBumpMs,
            AutostopRequirement = Autostop(inputs.AutostopRequirement) ?? current.AutostopRequirement,
            AutostartRequirement = Autostart(inputs.AutostartRequirement) ?? current.AutostartRequirement,
            AllowUserAutostart = inputs.AllowUserAutostart ?? current.AllowUserAutostart,
            AllowUserAutostop = inputs.AllowUserAutostop ?? current.AllowUserAutostop,
            AllowUserCancelWorkspaceJobs = inputs.AllowUserCancelWorkspaceJobs ?? current.AllowUserCancelWorkspaceJobs,
            FailureTtlMs = inputs.FailureTtlMs ?? current.FailureTtlMs,
            TimeTilDormantMs = inputs.TimeTilDormantMs ?? current.TimeTilDormantMs,
            TimeTilDormantAutodeleteMs = inputs.TimeTilDormantAutodeleteMs ?? current.TimeTilDormantAutodeleteMs,
            TimeTilAutostopNotifyMs = current.TimeTilAutostopNotifyMs,
            RequireActiveVersion = inputs.RequireActiveVersion ?? current.RequireActiveVersion,
            DeprecationMessage = inputs.DeprecationMessage ?? current.DeprecationMessage,
            MaxPortShareLevel = inputs.MaxPortShareLevel ?? current.MaxPortShareLevel,
            CorsBehavior = inputs.CorsBehavior ?? current.CorsBehavior,
            UseClassicParameterFlow = inputs.UseClassicParameterFlow ?? current.UseClassicParameterFlow,
            AgentsAllowed = current.AgentsAllowed,
            DisableModuleCache = current.DisableModuleCache,
        };
        // A PATCH that changes nothing is answered 304 without a body by older coderd.
        var updated = await context.Session.Client.Templates.UpdateAsync(current.Id, request, ct);
        return updated ?? await context.Session.Client.Templates.GetAsync(current.Id, ct);
    }

    /// <summary>coderd keeps its defaults, without an error, for settings the license does not cover (and a license can
    /// change after preview): every setting the program gives must be what Coder now has, or the update fails naming
    /// it rather than reporting it applied.</summary>
    private static void EnsureStored(TemplateArgs inputs, Template stored)
    {
        var unapplied = new List<string>();
        void Compare<T>(string property, T? wanted, T actual) where T : struct
        {
            if (wanted is { } value && !EqualityComparer<T>.Default.Equals(value, actual)) unapplied.Add($"{property} (asked {value}, Coder has {actual})");
        }
        void CompareText(string property, string? wanted, string actual)
        {
            if (wanted is not null && wanted != actual) unapplied.Add($"{property} (asked \"{wanted}\", Coder has \"{actual}\")");
        }
        CompareText("displayName", inputs.DisplayName, stored.DisplayName);
        CompareText("description", inputs.Description, stored.Description);
        CompareText("icon", inputs.Icon, stored.Icon);
        Compare("defaultTtlMs", inputs.DefaultTtlMs, stored.DefaultTtlMs);
        Compare("activityBumpMs", inputs.ActivityBumpMs, stored.ActivityBumpMs);
        Compare("allowUserAutostart", inputs.AllowUserAutostart, stored.AllowUserAutostart);
        Compare("allowUserAutostop", inputs.AllowUserAutostop, stored.AllowUserAutostop);
        Compare("allowUserCancelWorkspaceJobs", inputs.AllowUserCancelWorkspaceJobs, stored.AllowUserCancelWorkspaceJobs);
        Compare("failureTtlMs", inputs.FailureTtlMs, stored.FailureTtlMs);
        Compare("timeTilDormantMs", inputs.TimeTilDormantMs, stored.TimeTilDormantMs);
        Compare("timeTilDormantAutodeleteMs", inputs.TimeTilDormantAutodeleteMs, stored.TimeTilDormantAutodeleteMs);
        Compare("requireActiveVersion", inputs.RequireActiveVersion, stored.RequireActiveVersion);
        CompareText("deprecationMessage", inputs.DeprecationMessage, stored.DeprecationMessage);
        CompareText("maxPortShareLevel", inputs.MaxPortShareLevel, stored.MaxPortShareLevel);
        CompareText("corsBehavior", inputs.CorsBehavior, stored.CorsBehavior);
        Compare("useClassicParameterFlow", inputs.UseClassicParameterFlow, stored.UseClassicParameterFlow);
        if (inputs.AutostopRequirement is { } stop)
        {
            CompareText("autostopRequirement.daysOfWeek", Days(stop.DaysOfWeek), Days(stored.AutostopRequirement.DaysOfWeek)!);
            Compare("autostopRequirement.weeks", stop.Weeks ?? 1, stored.AutostopRequirement.Weeks);
        }
        if (inputs.AutostartRequirement is { } start)
            CompareText("autostartRequirement.daysOfWeek", Days(start.DaysOfWeek), Days(stored.AutostartRequirement.DaysOfWeek)!);
        if (unapplied.Count == 0) return;
        throw new ProviderException($"Coder did not store {string.Join(", ", unapplied)} for template \"{stored.Name}\". coderd " +
            "keeps its defaults without an error when the deployment's license lacks the feature a setting needs " +
            "(advanced_template_scheduling, access_control, control_shared_ports): check `coder licenses list`, or remove " +
            "the setting from the program.");
    }

    private static string? Days(IEnumerable<string>? days) => days is null ? null : string.Join(",", days.Order(StringComparer.Ordinal));

    /// <summary>Makes the ACL exactly what the program says: the listed users and groups, and the Everyone group's
    /// role; entries Coder has beyond those are removed (an empty role removes an entry).</summary>
    private static async Task ApplyAclAsync(ResourceContext context, Template template, TemplateArgs inputs, CancellationToken ct)
    {
        var templates = context.Session.Client.Templates;
        var everyoneId = template.OrganizationId.ToString();
        var current = await ReadAclIfLicensedAsync(context, template, ct);
        var currentGroups = (current?.Group ?? []).ToDictionary(g => g.Id.ToString(), g => g.Role);
        var currentUsers = (current?.Users ?? []).ToDictionary(u => u.Id.ToString(), u => u.Role);
        var wantedEveryone = inputs.EveryoneAccess is null or NoAccess ? "" : inputs.EveryoneAccess;
        var groups = new Dictionary<string, string>();
        var users = new Dictionary<string, string>();
        if (inputs.Acl is { } acl)
        {
            Reconcile(currentUsers, acl.Users, users);
            Reconcile(currentGroups.Where(g => g.Key != everyoneId), acl.Groups, groups);
        }
        if (current is not null && (currentGroups.GetValueOrDefault(everyoneId) ?? "") != wantedEveryone) groups[everyoneId] = wantedEveryone;
        if (current is null && inputs.EveryoneAccess == "admin") groups[everyoneId] = "admin";
        if (groups.Count == 0 && users.Count == 0) return;
        await templates.UpdateAclAsync(template.Id, new UpdateTemplateACL { GroupPerms = groups, UserPerms = users }, ct);
    }

    private static void Reconcile(IEnumerable<KeyValuePair<string, string>> current, ImmutableSortedSet<TemplateAclEntry>? wanted, Dictionary<string, string> changes)
    {
        var desired = (wanted ?? []).ToDictionary(e => Guid.Parse(e.Id).ToString(), e => e.Role);
        var existing = current.ToDictionary();
        foreach (var id in existing.Keys)
            if (!desired.ContainsKey(id)) changes[id] = "";
        foreach (var (id, role) in desired)
            if (existing.GetValueOrDefault(id) != role) changes[id] = role;
    }

    private static async Task<ResourceResult<TemplateState>> ResultAsync(
        ResourceContext context, Template template, TemplateArgs? inputs, string? sourceHash, CancellationToken ct)
    {
        var acl = inputs?.Acl is not null ? await ReadAclIfLicensedAsync(context, template, ct) : null;
        var described = Describe(template, acl);
        return new(template.Id.ToString(), described with
        {
            SourceHash = sourceHash,
            TfVars = inputs?.TfVars,
            ProvisionerTags = inputs?.ProvisionerTags,
            VersionName = inputs?.VersionName,
            VersionMessage = inputs?.VersionMessage,
            // The requirements and the ACL are outputs only where the program manages them: unset means unmanaged.
            AutostopRequirement = inputs?.AutostopRequirement is null ? null : described.AutostopRequirement,
            AutostartRequirement = inputs?.AutostartRequirement is null ? null : described.AutostartRequirement,
            Acl = acl is null ? inputs?.Acl : described.Acl,
            EveryoneAccess = acl is null ? inputs?.EveryoneAccess : described.EveryoneAccess,
        });
    }

    /// <summary>The template's ACL, or null when the license lacks <c>template_rbac</c> (coderd then answers 403).</summary>
    internal static async Task<TemplateACL?> ReadAclIfLicensedAsync(ResourceContext context, Template template, CancellationToken ct) =>
        context.Session.Features.IsEnabled("template_rbac") ? await context.Session.Client.Templates.GetAclAsync(template.Id, ct) : null;

    /// <summary>Everything Coder says of the template, as the resource's outputs: its settings, both requirements, and
    /// the ACL and Everyone group's role when <paramref name="acl"/> is given. The one mapping from Coder's template
    /// to these properties, for the resource and for getTemplate.</summary>
    internal static TemplateState Describe(Template template, TemplateACL? acl) => new()
    {
        OrganizationId = template.OrganizationId.ToString(),
        Name = template.Name,
        DisplayName = template.DisplayName,
        Description = template.Description,
        Icon = template.Icon,
        DefaultTtlMs = template.DefaultTtlMs,
        ActivityBumpMs = template.ActivityBumpMs,
        AutostopRequirement = new TemplateAutostopRequirementArgs
        {
            DaysOfWeek = [.. template.AutostopRequirement.DaysOfWeek ?? []],
            Weeks = template.AutostopRequirement.Weeks,
        },
        AutostartRequirement = new TemplateAutostartRequirementArgs
        {
            DaysOfWeek = [.. template.AutostartRequirement.DaysOfWeek ?? []],
        },
        AllowUserAutostart = template.AllowUserAutostart,
        AllowUserAutostop = template.AllowUserAutostop,
        AllowUserCancelWorkspaceJobs = template.AllowUserCancelWorkspaceJobs,
        FailureTtlMs = template.FailureTtlMs,
        TimeTilDormantMs = template.TimeTilDormantMs,
        TimeTilDormantAutodeleteMs = template.TimeTilDormantAutodeleteMs,
        RequireActiveVersion = template.RequireActiveVersion,
        DeprecationMessage = template.DeprecationMessage,
        MaxPortShareLevel = template.MaxPortShareLevel,
        CorsBehavior = template.CorsBehavior,
        UseClassicParameterFlow = template.UseClassicParameterFlow,
        Acl = acl is null ? null : new TemplateAclArgs
        {
            Users = [.. (acl.Users ?? []).Select(u => new TemplateAclEntry { Id = u.Id.ToString(), Role = u.Role })],
            Groups = [.. (acl.Group ?? []).Where(g => g.Id != template.OrganizationId)
                .Select(g => new TemplateAclEntry { Id = g.Id.ToString(), Role = g.Role })],
        },
        EveryoneAccess = acl is null ? null : acl.Group?.FirstOrDefault(g => g.Id == template.OrganizationId)?.Role ?? NoAccess,
        ActiveVersionId = template.ActiveVersionId.ToString(),
        ActiveUserCount = template.ActiveUserCount,
        Deprecated = template.Deprecated,
        CreatedAt = template.CreatedAt.ToString("O"),
        UpdatedAt = template.UpdatedAt.ToString("O"),
    };

    private static TemplateAutostopRequirement? Autostop(TemplateAutostopRequirementArgs? value) => value is null ? null
        : new TemplateAutostopRequirement { DaysOfWeek = [.. value.DaysOfWeek ?? []], Weeks = value.Weeks ?? 1 };

    private static TemplateAutostartRequirement? Autostart(TemplateAutostartRequirementArgs? value) => value is null ? null
        : new TemplateAutostartRequirement { DaysOfWeek = [.. value.DaysOfWeek ?? []] };
}

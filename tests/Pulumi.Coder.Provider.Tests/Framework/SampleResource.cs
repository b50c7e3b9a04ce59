using System.Collections.Immutable;
using System.ComponentModel;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Tests.Framework;

// A resource declared the way the provider's own resources are, with one property of every kind the framework
// supports, so that Check, Diff, mapping and schema can be tested apart from any Coder API.

[PulumiType("SampleSettings")]
[Description("Nested settings.")]
public sealed record SampleSettings
{
    [Description("A required nested number.")]
    [AtLeast(1)]
    public int Level { get; init; }

    [Description("An optional nested flag.")]
    public bool? Enabled { get; init; }

    [Description("An optional nested secret.")]
    [Secret]
    public string? ApiKey { get; init; }
}

public record SampleArgs
{
    [Description("The sample's name.")]
    [CoderName, UniqueKey]
    public string Name { get; init; } = "";

    [Description("Where the sample lives; changing it replaces the sample.")]
    [ReplaceOnChanges, Uuid]
    public string? OrganizationId { get; init; }

    [Description("How many there may be.")]
    [DefaultValue(0), AtLeast(0)]
    public int QuotaAllowance { get; init; }

    [Description("Members, in any order.")]
    [AppliedAfterCreate]
    public ImmutableSortedSet<string>? Members { get; init; }

    [Description("An ordered list.")]
    public IReadOnlyList<string>? Tags { get; init; }

    [Description("Free-form labels.")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [Description("A password Coder never returns.")]
    [Secret, WriteOnly]
    public string? Password { get; init; }

    [Description("Nested settings.")]
    public SampleSettings? Settings { get; init; }
}

public sealed record SampleState : SampleArgs
{
    [Description("Computed by Coder.")]
    public string Source { get; init; } = "";
}

[PulumiType("Sample")]
[Description("A sample resource for framework tests.")]
public sealed class SampleResource : CustomResource<SampleArgs, SampleState>
{
    public Func<SampleArgs, SampleState> OnCreate { get; set; } = args => Copy(args, "created");
    public Func<string, SampleState?> OnRead { get; set; } = _ => null;
    public Func<SampleArgs, ResourceResult<SampleState>?> OnFindExisting { get; set; } = _ => null;
    public List<Change<SampleArgs, SampleState>> Updates { get; } = [];

    public override string DeleteBeforeReplaceWarning => "the sample's name is unique.";

    protected override Task<ResourceResult<SampleState>?> FindExistingAsync(SampleArgs inputs, ResourceContext context, CancellationToken ct) =>
        Task.FromResult(OnFindExisting(inputs));

    protected override Task<ResourceResult<SampleState>> CreateAsync(SampleArgs inputs, ResourceContext context, CancellationToken ct) =>
        Task.FromResult(new ResourceResult<SampleState>("sample-1", OnCreate(inputs)));

    protected override Task<ResourceResult<SampleState>?> ReadAsync(string id, SampleState? current, ResourceContext context, CancellationToken ct) =>
        Task.FromResult(OnRead(id) is { } state ? new ResourceResult<SampleState>(id, state) : null);

    protected override Task<SampleState> UpdateAsync(string id, Change<SampleArgs, SampleState> change, ResourceContext context, CancellationToken ct)
    {
        Updates.Add(change);
        return Task.FromResult(Copy(change.NewInputs, change.Old.Source));
    }

    protected override Task DeleteAsync(string id, SampleState state, ResourceContext context, CancellationToken ct) => Task.CompletedTask;

    protected override IEnumerable<CheckFailure> Validate(Mapped<SampleArgs> inputs, CheckContext context)
    {
        if (inputs.Value.Members is { Count: > 0 } && !inputs.Unknown.Contains("members"))
        {
            if (context.RequireFeature("template_rbac", "members", "managing members") is { } failure) yield return failure;
        }
    }

    public static SampleState Copy(SampleArgs args, string source) => new()
    {
        Name = args.Name,
        OrganizationId = args.OrganizationId,
        QuotaAllowance = args.QuotaAllowance,
        Members = args.Members,
        Tags = args.Tags,
        Labels = args.Labels,
        Password = null, // Coder never returns it
        Settings = args.Settings,
        Source = source,
    };
}

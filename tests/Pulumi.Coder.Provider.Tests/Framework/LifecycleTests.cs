using System.Collections.Immutable;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Framework;

/// <summary>What every resource gets from the framework around its CRUD: preview outputs, secrets in outputs,
/// write-only values, and the inputs a refresh or an import reports.</summary>
public class LifecycleTests
{
    private static readonly Urn SampleUrn = new("urn:pulumi:test::coder::coder:index:Sample::s");
    private static readonly ResourceContext Context = new(session: null, engine: null, SampleUrn.ToString());
    private static readonly ImmutableDictionary<string, PropertyValue> None = ImmutableDictionary<string, PropertyValue>.Empty;

    [Fact]
    public async Task A_preview_create_shows_the_inputs_and_leaves_what_Coder_decides_unknown()
    {
        var response = await new SampleResource().CreateAsync(
            new CreateRequest(SampleUrn, Map(("name", "a"), ("quotaAllowance", 0)), TimeSpan.Zero, preview: true), Context, default);

        Assert.Equal("", response.Id);
        Assert.Equal(Of("a"), response.Outputs!["name"]);
        Assert.True(response.Outputs["source"].IsComputed);
        Assert.True(response.Outputs["members"].IsComputed);
    }

    [Fact]
    public async Task Create_outputs_are_secret_where_declared_or_where_the_program_passed_a_secret()
    {
        var response = await new SampleResource().CreateAsync(
            new CreateRequest(SampleUrn, Map(("name", Secret("a")), ("password", Secret("hunter2")), ("quotaAllowance", 0)), TimeSpan.Zero, preview: false),
            Context, default);

        Assert.Equal("sample-1", response.Id);
        Assert.True(response.Outputs!["name"].IsSecret);
        Assert.False(response.Outputs.ContainsKey("password"), "a write-only value is never an output");
        Assert.False(response.Outputs["source"].IsSecret);
        Assert.Equal(Of("created"), response.Outputs["source"]);
    }

    [Fact]
    public async Task Refresh_reports_Coder_values_for_managed_inputs_and_the_programs_write_only_ones()
    {
        var resource = new SampleResource
        {
            OnRead = _ => new SampleState { Name = "renamed-out-of-band", Members = ["u9"], QuotaAllowance = 0, Source = "created" },
        };
        var oldInputs = Map(("name", "a"), ("password", Secret("hunter2")), ("quotaAllowance", 0));
        var oldOutputs = oldInputs.Add("source", Of("created"));

        var response = await resource.ReadAsync(new ReadRequest(SampleUrn, "sample-1", oldOutputs, oldInputs), Context, default);

        Assert.Equal("sample-1", response.Id);
        Assert.Equal(Of("renamed-out-of-band"), response.Inputs!["name"]);
        Assert.False(response.Inputs.ContainsKey("members"), "members were not managed by the program");
        Assert.Equal(Of(new[] { "u9" }), response.Outputs!["members"]);
        Assert.Equal(Secret("hunter2"), response.Inputs["password"]);
        Assert.False(response.Outputs.ContainsKey("password"));
    }

    [Fact]
    public async Task Refresh_of_a_resource_deleted_out_of_band_reports_an_empty_id()
    {
        var response = await new SampleResource().ReadAsync(
            new ReadRequest(SampleUrn, "sample-1", Map(("name", "a"), ("source", "created")), Map(("name", "a"))), Context, default);
        Assert.Equal("", response.Id);
    }

    [Fact]
    public async Task Import_reports_every_input_Coder_knows_but_never_a_write_only_one()
    {
        var resource = new SampleResource
        {
            OnRead = id => new SampleState { Name = "imported", QuotaAllowance = 5, Tags = ["t"], Source = "oidc" },
        };
        var response = await resource.ReadAsync(new ReadRequest(SampleUrn, "org/imported", None, None), Context, default);

        Assert.Equal(Of("imported"), response.Inputs!["name"]);
        Assert.Equal(Of(5), response.Inputs["quotaAllowance"]);
        Assert.Equal(Of(new[] { "t" }), response.Inputs["tags"]);
        Assert.False(response.Inputs.ContainsKey("source"));
        Assert.False(response.Inputs.ContainsKey("password"));
    }

    [Fact]
    public async Task A_preview_update_keeps_known_outputs_and_shows_new_inputs()
    {
        var olds = Map(("name", "a"), ("quotaAllowance", 0), ("source", "created"));
        var response = await new SampleResource().UpdateAsync(
            new UpdateRequest(SampleUrn, "sample-1", olds, Map(("name", PropertyValue.Computed), ("quotaAllowance", 2)), TimeSpan.Zero, [], preview: true, Map(("name", "a"))),
            Context, default);

        Assert.True(response.Outputs!["name"].IsComputed);
        Assert.Equal(Of(2), response.Outputs["quotaAllowance"]);
        Assert.Equal(Of("created"), response.Outputs["source"]);
    }
}

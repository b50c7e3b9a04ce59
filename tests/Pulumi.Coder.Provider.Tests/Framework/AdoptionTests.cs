using System.Collections.Immutable;
using System.Net;
using Coder.Client.Errors;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Framework;

/// <summary>A create whose outcome is unknown (answer lost, timed out, cancelled, or 409 because the object exists):
/// the object found by its unique name is adopted when it matches the program, and otherwise named with its import
/// command; a create that provably failed is reported as it is.</summary>
public class AdoptionTests
{
    private static readonly Urn SampleUrn = new("urn:pulumi:test::coder::coder:index:Sample::s");
    private static readonly ResourceContext Context = new(session: null, engine: null, SampleUrn.ToString());

    private static CoderApiException Lost => new(CoderErrorKind.Transport, null, "the connection was reset");

    private static Task<CreateResponse> CreateAsync(SampleResource resource, ImmutableDictionary<string, PropertyValue> inputs, CancellationToken ct = default) =>
        resource.CreateAsync(new CreateRequest(SampleUrn, inputs, TimeSpan.Zero, preview: false), Context, ct);

    private static ResourceResult<SampleState> Existing(string name, int quota = 0, params string[] members) =>
        new("sample-9", new SampleState { Name = name, QuotaAllowance = quota, Members = [.. members], Source = "found" });

    [Theory]
    [InlineData(CoderErrorKind.Transport)]
    [InlineData(CoderErrorKind.Timeout)]
    [InlineData(CoderErrorKind.Conflict)]
    public async Task An_object_found_after_an_unknown_outcome_that_matches_the_program_is_adopted(CoderErrorKind kind)
    {
        var resource = new SampleResource
        {
            OnCreate = _ => throw new CoderApiException(kind, kind == CoderErrorKind.Conflict ? HttpStatusCode.Conflict : null, "lost"),
            OnFindExisting = args => args.Name == "a" ? Existing("a", quota: 3) : null,
        };

        var response = await CreateAsync(resource, Map(("name", "a"), ("quotaAllowance", 3)));

        Assert.Equal("sample-9", response.Id);
        Assert.Equal(Of("found"), response.Outputs!["source"]);
        Assert.Empty(resource.Updates);
    }

    [Fact]
    public async Task An_adopted_object_is_finished_with_an_update_for_what_Coder_sets_after_the_create_and_write_only_values()
    {
        var resource = new SampleResource { OnCreate = _ => throw Lost, OnFindExisting = _ => Existing("a") };

        var response = await CreateAsync(resource, Map(("name", "a"), ("quotaAllowance", 0), ("members", new[] { "m1" }), ("password", Secret("pw"))));

        Assert.Equal("sample-9", response.Id);
        var update = Assert.Single(resource.Updates);
        Assert.Empty(update.OldInputs.Members!);
        Assert.Equal(["m1"], update.NewInputs.Members!);
        Assert.Equal("pw", update.NewInputs.Password);
        Assert.Equal(Of(new[] { "m1" }), response.Outputs!["members"]);
    }

    [Fact]
    public async Task An_object_found_that_differs_from_the_program_is_named_with_its_import_command_and_left_alone()
    {
        var resource = new SampleResource { OnCreate = _ => throw Lost, OnFindExisting = _ => Existing("a", quota: 5) };

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateAsync(resource, Map(("name", "a"), ("quotaAllowance", 3))));

        Assert.Contains("sample-9", error.Message);
        Assert.Contains("quotaAllowance", error.Message);
        Assert.Contains("`pulumi import coder:index:Sample s sample-9`", error.Message);
        Assert.Empty(resource.Updates);
    }

    [Fact]
    public async Task When_nothing_was_made_the_creates_own_error_is_reported()
    {
        var lost = Lost;
        var resource = new SampleResource { OnCreate = _ => throw lost, OnFindExisting = _ => null };

        var error = await Assert.ThrowsAsync<CoderApiException>(() => CreateAsync(resource, Map(("name", "a"), ("quotaAllowance", 0))));

        Assert.Same(lost, error);
    }

    [Fact]
    public async Task A_create_that_coderd_refused_is_not_looked_up()
    {
        var lookedUp = false;
        var resource = new SampleResource
        {
            OnCreate = _ => throw new CoderApiException(CoderErrorKind.Validation, HttpStatusCode.BadRequest, "bad name"),
            OnFindExisting = _ => { lookedUp = true; return Existing("a"); },
        };

        await Assert.ThrowsAsync<CoderApiException>(() => CreateAsync(resource, Map(("name", "a"), ("quotaAllowance", 0))));

        Assert.False(lookedUp);
    }

    [Fact]
    public async Task A_cancelled_create_that_Coder_completed_names_the_object_for_the_next_up_to_adopt()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var resource = new SampleResource { OnCreate = _ => throw new OperationCanceledException(cancelled.Token), OnFindExisting = _ => Existing("a") };

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateAsync(resource, Map(("name", "a"), ("quotaAllowance", 0)), cancelled.Token));

        Assert.Contains("sample-9", error.Message);
        Assert.Contains("next `pulumi up` adopts it", error.Message);
        Assert.Empty(resource.Updates);
    }
}

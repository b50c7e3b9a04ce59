using System.Collections.Immutable;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Framework;

public class DiffTests
{
    private static readonly SampleResource Sample = new();
    private static readonly string OrgA = Guid.NewGuid().ToString();
    private static readonly string OrgB = Guid.NewGuid().ToString();

    private static DiffResponse Diff(
        ImmutableDictionary<string, PropertyValue> oldInputs,
        ImmutableDictionary<string, PropertyValue> newInputs,
        params string[] ignoreChanges) =>
        Sample.Diff(new DiffRequest(new Urn("urn:pulumi:test::coder::coder:index:Sample::s"), "id",
            oldInputs.Add("source", Of("created")), newInputs, [.. ignoreChanges], oldInputs));

    [Fact]
    public void Identical_inputs_have_no_changes()
    {
        var inputs = Map(("name", "a"), ("organizationId", OrgA));
        var diff = Diff(inputs, inputs);
        Assert.False(diff.Changes);
        Assert.Empty(diff.Diffs!);
    }

    [Fact]
    public void An_ordinary_property_change_is_an_update()
    {
        var diff = Diff(Map(("name", "a")), Map(("name", "b")));
        Assert.True(diff.Changes);
        Assert.Equal(["name"], diff.Diffs!);
        Assert.Empty(diff.Replaces!);
        Assert.Equal(PropertyDiffKind.Update, diff.DetailedDiff!["name"].Kind);
        Assert.True(diff.DetailedDiff["name"].InputDiff);
    }

    [Fact]
    public void A_replace_on_changes_property_replaces_and_honours_delete_before_replace()
    {
        var diff = Diff(Map(("name", "a"), ("organizationId", OrgA)), Map(("name", "a"), ("organizationId", OrgB)));
        Assert.Equal(["organizationId"], diff.Replaces!);
        Assert.Equal(PropertyDiffKind.UpdateReplace, diff.DetailedDiff!["organizationId"].Kind);
        Assert.True(diff.DeleteBeforeReplace);
    }

    [Fact]
    public void Spelling_out_the_value_Coder_already_has_for_an_optional_input_changes_nothing()
    {
        // A group made in the default organization, whose program now names that organization's id: no replacement.
        var group = new Pulumi.Coder.Provider.Resources.GroupResource();
        var urn = new Urn("urn:pulumi:test::coder::coder:index:Group::g");
        var oldInputs = Map(("name", "devs"), ("quotaAllowance", 0));
        var oldOutputs = oldInputs.Add("organizationId", Of(OrgA)).Add("source", Of("user"));

        var same = group.Diff(new DiffRequest(urn, "id", oldOutputs, oldInputs.Add("organizationId", Of(OrgA)), [], oldInputs));
        Assert.False(same.Changes);

        var moved = group.Diff(new DiffRequest(urn, "id", oldOutputs, oldInputs.Add("organizationId", Of(OrgB)), [], oldInputs));
        Assert.Equal(["organizationId"], moved.Replaces!);
        Assert.False(moved.DeleteBeforeReplace, "a group moving to another organization is created there before the old one is deleted");
    }

    [Fact]
    public void Adding_and_removing_optional_values_are_reported_as_such()
    {
        var added = Diff(Map(("name", "a")), Map(("name", "a"), ("tags", new[] { "x" })));
        Assert.Equal(PropertyDiffKind.Add, added.DetailedDiff!["tags"].Kind);
        var removed = Diff(Map(("name", "a"), ("organizationId", OrgA)), Map(("name", "a")));
        Assert.Equal(PropertyDiffKind.DeleteReplace, removed.DetailedDiff!["organizationId"].Kind);
    }

    [Fact]
    public void A_reordered_set_is_no_change_but_a_reordered_list_is()
    {
        Assert.False(Diff(Map(("name", "a"), ("members", new[] { "u1", "u2" })), Map(("name", "a"), ("members", new[] { "u2", "u1" }))).Changes);
        Assert.True(Diff(Map(("name", "a"), ("tags", new[] { "t1", "t2" })), Map(("name", "a"), ("tags", new[] { "t2", "t1" }))).Changes);
    }

    [Fact]
    public void An_empty_set_is_not_the_same_as_an_unmanaged_one()
    {
        var diff = Diff(Map(("name", "a")), Map(("name", "a"), ("members", Array.Empty<string>())));
        Assert.Equal(["members"], diff.Diffs!);
    }

    [Fact]
    public void Making_a_value_secret_without_changing_it_is_no_change()
    {
        Assert.False(Diff(Map(("name", "a"), ("password", "p")), Map(("name", "a"), ("password", Secret("p")))).Changes);
        Assert.True(Diff(Map(("name", "a"), ("password", Secret("p"))), Map(("name", "a"), ("password", Secret("q")))).Changes);
    }

    [Fact]
    public void A_value_not_known_yet_is_a_change()
    {
        var diff = Diff(Map(("name", "a"), ("organizationId", OrgA)), Map(("name", "a"), ("organizationId", PropertyValue.Computed)));
        Assert.Equal(["organizationId"], diff.Replaces!);
    }

    [Fact]
    public void Ignored_properties_never_diff()
    {
        var diff = Diff(Map(("name", "a"), ("organizationId", OrgA)), Map(("name", "b"), ("organizationId", OrgB)), "organizationId");
        Assert.Equal(["name"], diff.Diffs!);
        Assert.Empty(diff.Replaces!);
    }

    [Fact]
    public void Computed_outputs_that_differ_from_inputs_never_diff()
    {
        // The old outputs carry Coder's computed "source"; only inputs are compared.
        Assert.False(Diff(Map(("name", "a")), Map(("name", "a"))).Changes);
    }
}

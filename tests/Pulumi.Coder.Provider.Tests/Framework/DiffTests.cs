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
    public void A_replacement_that_also_changes_the_unique_key_creates_the_new_object_first()
    {
        var diff = Diff(Map(("name", "a"), ("organizationId", OrgA)), Map(("name", "b"), ("organizationId", OrgB)));
        Assert.Equal(["organizationId"], diff.Replaces!);
        Assert.False(diff.DeleteBeforeReplace);
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
    private static readonly string TemplateId = Guid.NewGuid().ToString();

    /// <summary>A workspace's diff: its parameters are a partial map whose immutable keys (derived at Check) replace.</summary>
    private static DiffResponse WorkspaceDiff(Dictionary<string, object?> oldParameters, Dictionary<string, object?> newParameters,
        Dictionary<string, object?>? coderHas = null)
    {
        var resource = new Pulumi.Coder.Provider.Resources.WorkspaceResource();
        var immutable = ("immutableParameters", (object?)new[] { "region", "my-zone" });
        var olds = Map(("name", "dev"), ("templateId", TemplateId), ("parameters", oldParameters), immutable);
        var news = Map(("name", "dev"), ("templateId", TemplateId), ("parameters", newParameters), immutable);
        var outputs = coderHas is null ? olds : olds.SetItem("parameters", Of(coderHas));
        return resource.Diff(new DiffRequest(new Urn("urn:pulumi:test::coder::coder:index:Workspace::dev"), "id", outputs, news, [], olds));
    }

    [Fact]
    public void A_changed_map_entry_is_diffed_under_its_own_key_and_updates()
    {
        var diff = WorkspaceDiff(new() { ["region"] = "eu", ["cpus"] = "2" }, new() { ["region"] = "eu", ["cpus"] = "4" });

        Assert.Equal(["parameters"], diff.Diffs!);
        Assert.Empty(diff.Replaces!);
        Assert.Equal(PropertyDiffKind.Update, Assert.Single(diff.DetailedDiff!, d => d.Key == "parameters.cpus").Value.Kind);
    }

    [Fact]
    public void A_changed_entry_under_a_key_listed_as_replacing_replaces_and_is_named_in_the_diff()
    {
        var diff = WorkspaceDiff(new() { ["region"] = "eu", ["my-zone"] = "a" }, new() { ["region"] = "us", ["my-zone"] = "b" });

        Assert.Equal(["parameters"], diff.Replaces!);
        Assert.Equal(PropertyDiffKind.UpdateReplace, diff.DetailedDiff!["parameters.region"].Kind);
        Assert.Equal(PropertyDiffKind.UpdateReplace, diff.DetailedDiff["parameters[\"my-zone\"]"].Kind);
    }

    [Fact]
    public void A_key_the_program_stops_setting_is_no_longer_managed_and_changes_nothing()
    {
        var diff = WorkspaceDiff(new() { ["region"] = "eu", ["cpus"] = "2" }, new() { ["region"] = "eu" });

        Assert.False(diff.Changes);
    }

    [Fact]
    public void A_key_the_program_starts_to_set_is_an_addition_and_replaces_only_when_listed()
    {
        var added = WorkspaceDiff(new() { ["cpus"] = "2" }, new() { ["cpus"] = "2", ["dotfiles"] = "git@x" });
        var immutableAdded = WorkspaceDiff(new() { ["cpus"] = "2" }, new() { ["cpus"] = "2", ["region"] = "us" });

        Assert.Equal(PropertyDiffKind.Add, added.DetailedDiff!["parameters.dotfiles"].Kind);
        Assert.Empty(added.Replaces!);
        Assert.Equal(PropertyDiffKind.AddReplace, immutableAdded.DetailedDiff!["parameters.region"].Kind);
    }

    [Fact]
    public void Starting_to_set_a_key_to_the_value_Coder_already_has_changes_nothing()
    {
        var coderHas = new Dictionary<string, object?> { ["cpus"] = "2", ["region"] = "eu" };

        var same = WorkspaceDiff(new() { ["cpus"] = "2" }, new() { ["cpus"] = "2", ["region"] = "eu" }, coderHas);
        var other = WorkspaceDiff(new() { ["cpus"] = "2" }, new() { ["cpus"] = "2", ["region"] = "us" }, coderHas);

        Assert.False(same.Changes);
        Assert.Equal(PropertyDiffKind.UpdateReplace, other.DetailedDiff!["parameters.region"].Kind);
    }
}

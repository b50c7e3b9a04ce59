using System.Collections.Immutable;
using System.ComponentModel;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Framework;

public class PropertyMapperTests
{
    [Fact]
    public void Reads_nested_objects_lists_sets_and_maps_into_typed_records()
    {
        var values = Map(
            ("name", "alpha"),
            ("quotaAllowance", 3.0),
            ("members", new[] { "b", "a" }),
            ("tags", new[] { "z", "y" }),
            ("labels", new Dictionary<string, object?> { ["team"] = "platform" }),
            ("settings", new Dictionary<string, object?> { ["level"] = 2.0, ["enabled"] = true }));

        var args = PropertyMapper.ReadKnown<SampleArgs>(values);

        Assert.Equal("alpha", args.Name);
        Assert.Equal(3, args.QuotaAllowance);
        Assert.Equal(["a", "b"], args.Members!);
        Assert.Equal(["z", "y"], args.Tags!);
        Assert.Equal("platform", args.Labels!["team"]);
        Assert.Equal(new SampleSettings { Level = 2, Enabled = true }, args.Settings);
    }

    [Fact]
    public void Writes_typed_records_back_with_sets_in_a_stable_order()
    {
        var written = PropertyMapper.Write(new SampleArgs
        {
            Name = "alpha",
            Members = ["c", "a", "b"],
            Settings = new SampleSettings { Level = 1 },
        });

        Assert.Equal(Of(new[] { "a", "b", "c" }), written["members"]);
        Assert.Equal(Of(new Dictionary<string, object?> { ["level"] = 1.0 }), written["settings"]);
        Assert.False(written.ContainsKey("password"));
        Assert.False(written.ContainsKey("tags"));
    }

    [Fact]
    public void Secret_values_are_read_as_plain_values_and_remembered_as_secret()
    {
        var mapped = PropertyMapper.Read<SampleArgs>(Map(("name", "alpha"), ("password", Secret("hunter2"))));

        Assert.Equal("hunter2", mapped.Value.Password);
        Assert.Contains("password", mapped.Secret);
        Assert.DoesNotContain("name", mapped.Secret);
    }

    [Fact]
    public void Unknown_values_anywhere_in_a_property_mark_that_property_unknown()
    {
        var mapped = PropertyMapper.Read<SampleArgs>(Map(
            ("name", PropertyValue.Computed),
            ("members", new object[] { "a", PropertyValue.Computed }),
            ("quotaAllowance", 1)));

        Assert.Equal(["members", "name"], mapped.Unknown.Order());
        Assert.Null(mapped.Value.Members);
        Assert.Equal(1, mapped.Value.QuotaAllowance);
        Assert.Throws<InvalidOperationException>(() => PropertyMapper.ReadKnown<SampleArgs>(Map(("name", PropertyValue.Computed))));
    }

    [Theory]
    [InlineData("quotaAllowance", "many", "quotaAllowance: expected a whole number, got a string")]
    [InlineData("quotaAllowance", 1.5, "quotaAllowance: expected a whole number, got a number")]
    [InlineData("members", "a", "members: expected a list, got a string")]
    public void A_value_of_the_wrong_type_names_the_property_and_the_expected_type(string property, object value, string message)
    {
        var error = Assert.Throws<PropertyMappingException>(() => PropertyMapper.ReadKnown<SampleArgs>(Map((property, value))));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_nested_mismatch_names_the_full_path()
    {
        var error = Assert.Throws<PropertyMappingException>(() => PropertyMapper.ReadKnown<SampleArgs>(
            Map(("settings", new Dictionary<string, object?> { ["enabled"] = "maybe" }))));
        Assert.Equal("settings.enabled: expected true or false, got a string", error.Message);
    }

    [Fact]
    public void Round_trip_keeps_every_value()
    {
        var args = new SampleArgs
        {
            Name = "n",
            OrganizationId = Guid.Empty.ToString(),
            QuotaAllowance = 7,
            Members = ImmutableSortedSet.Create("x"),
            Tags = ["t1", "t2"],
            Labels = new Dictionary<string, string> { ["k"] = "v" },
            Password = "p",
            Settings = new SampleSettings { Level = 4, Enabled = false },
        };
        var back = PropertyMapper.ReadKnown<SampleArgs>(PropertyMapper.Write(args));

        Assert.Equal(PropertyMapper.Write(args), PropertyMapper.Write(back));
    }

    /// <summary>What a lookup function returns of a resource: some of its outputs, one of them required here.</summary>
    private sealed record SampleLookup
    {
        [Description("The id, which the resource's state does not hold.")]
        public string Id { get; init; } = "";

        [Description("Same name, same shape.")]
        public string Name { get; init; } = "";

        [Description("Optional in the state, always set here.")]
        public int QuotaAllowance { get; init; }

        [Description("A nested object, the state's own type.")]
        public SampleSettings? Settings { get; init; }

        [Description("A set.")]
        public ImmutableSortedSet<string> Members { get; init; } = [];
    }

    private sealed record MisspeltLookup
    {
        [Description("Not a property of the state.")]
        public string Sourse { get; init; } = "";
    }

    private sealed record RetypedLookup
    {
        [Description("A property of the state, but a list there.")]
        public string Tags { get; init; } = "";
    }

    [Fact]
    public void Project_takes_the_same_named_properties_and_leaves_the_rest_to_the_caller()
    {
        var state = new SampleState
        {
            Name = "alpha",
            QuotaAllowance = 3,
            Members = ["b", "a"],
            Password = "hunter2",
            Settings = new SampleSettings { Level = 2, Enabled = true },
            Source = "oidc",
        };

        var lookup = PropertyMapper.Project<SampleLookup>(state, setByCaller: "id");

        Assert.Equal(new SampleLookup { Name = "alpha", QuotaAllowance = 3, Settings = state.Settings, Members = lookup.Members }, lookup);
        Assert.Equal(["a", "b"], lookup.Members);
        Assert.Equal("", lookup.Id);
    }

    [Fact]
    public void Project_refuses_a_property_the_source_lacks_or_holds_in_another_shape()
    {
        var state = new SampleState { Name = "alpha" };

        var misspelt = Assert.Throws<InvalidOperationException>(() => PropertyMapper.Project<MisspeltLookup>(state));
        Assert.Contains("sourse is not among its properties", misspelt.Message);
        var retyped = Assert.Throws<InvalidOperationException>(() => PropertyMapper.Project<RetypedLookup>(state));
        Assert.Contains("tags is not among its properties with the same shape", retyped.Message);
        // The id is set by the caller, so it need not be the source's.
        Assert.Throws<InvalidOperationException>(() => PropertyMapper.Project<SampleLookup>(state));
    }
}

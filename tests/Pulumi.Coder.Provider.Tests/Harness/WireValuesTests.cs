using System.Collections.Immutable;
using Google.Protobuf.WellKnownTypes;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Harness;

/// <summary>The harness's reading and writing of Pulumi's wire values, which every end-to-end test relies on.</summary>
public class WireValuesTests
{
    [Fact]
    public void Secrets_travel_as_signed_objects_and_come_back_secret()
    {
        var wire = WireValues.ToValue(Secret("hunter2"));

        Assert.Equal(WireValues.SecretSignature, wire.StructValue.Fields[WireValues.SignatureKey].StringValue);
        Assert.Equal("hunter2", wire.StructValue.Fields["value"].StringValue);
        Assert.Equal(Secret("hunter2"), WireValues.FromValue(wire));
    }

    [Fact]
    public void Unknowns_travel_as_the_sentinel_string()
    {
        Assert.Equal(WireValues.UnknownSentinel, WireValues.ToValue(PropertyValue.Computed).StringValue);
        Assert.True(WireValues.FromValue(Value.ForString(WireValues.UnknownSentinel)).IsComputed);
    }

    [Fact]
    public void Nested_maps_arrays_and_scalars_round_trip()
    {
        var values = Map(
            ("text", "a"), ("number", 4.5), ("flag", true), ("nothing", null),
            ("list", new object?[] { "x", 1.0, Secret("s"), PropertyValue.Computed }),
            ("map", new Dictionary<string, object?> { ["inner"] = new Dictionary<string, object?> { ["deep"] = Secret(new[] { "y" }) } }));

        var back = WireValues.FromStruct(WireValues.ToStruct(values));

        Assert.Equal(values, back);
    }

    [Fact]
    public void A_missing_struct_reads_as_no_values()
    {
        Assert.Equal(ImmutableDictionary<string, PropertyValue>.Empty, WireValues.FromStruct(null));
    }
}

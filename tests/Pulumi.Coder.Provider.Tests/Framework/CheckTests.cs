using System.Collections.Immutable;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Resources;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Framework;

public class CheckTests
{
    private static readonly SampleResource Sample = new();
    private static readonly CheckContext NoFacts = new(Features: null, Owner: "coder:index:Sample");

    private static CheckResponse Check(ImmutableDictionary<string, PropertyValue> news, CheckContext? context = null) =>
        Sample.Check(new CheckRequest(new Urn("urn:pulumi:test::coder::coder:index:Sample::s"),
            ImmutableDictionary<string, PropertyValue>.Empty, news, []), context ?? NoFacts);

    [Fact]
    public void Valid_inputs_pass_and_declared_defaults_are_filled_in()
    {
        var response = Check(Map(("name", "platform-team")));

        Assert.Empty(response.Failures!);
        Assert.Equal(Of(0), response.Inputs!["quotaAllowance"]);
        Assert.Equal(Of("platform-team"), response.Inputs["name"]);
    }

    [Fact]
    public void A_missing_required_input_is_named_with_its_description()
    {
        var failure = Assert.Single(Check(Map()).Failures!);
        Assert.Equal("name", failure.Property);
        Assert.Equal("name is required: The sample's name.", failure.Reason);
    }

    [Theory]
    [InlineData("name", "Platform Team", "name: must be 1 to 32 letters or digits with single hyphens between them, such as \"platform-team\" (got \"Platform Team\")")]
    [InlineData("name", "new", "name: \"new\" is reserved by Coder's routes; choose another name (got \"new\")")]
    [InlineData("organizationId", "acme", "organizationId: must be a Coder id (a UUID such as \"0b7e7d6c-3c2e-4d8e-9d57-6a3c1e2f4b5a\") (got \"acme\")")]
    [InlineData("quotaAllowance", -1, "quotaAllowance: must be 0 or more (got -1)")]
    public void A_rule_violation_names_the_property_what_is_wrong_and_what_is_allowed(string property, object value, string reason)
    {
        var news = Map(("name", "ok")).SetItem(property, Of(value));
        var failure = Assert.Single(Check(news).Failures!);
        Assert.Equal(property, failure.Property);
        Assert.Equal(reason, failure.Reason);
    }

    [Fact]
    public void A_rule_that_says_what_it_got_is_not_followed_by_the_whole_value()
    {
        var description = new string('d', 129);
        var response = new TemplateResource().Check(new CheckRequest(new Urn("urn:pulumi:test::coder::coder:index:Template::t"),
            ImmutableDictionary<string, PropertyValue>.Empty, Map(("name", "ok"), ("description", description)), []), NoFacts);

        var failure = Assert.Single(response.Failures!, f => f.Property == "description");
        Assert.Equal("description: must be at most 128 characters (got 129)", failure.Reason);
    }

    [Fact]
    public void Nested_rules_and_required_nested_properties_are_checked_with_their_path()
    {
        var failures = Check(Map(("name", "ok"), ("settings", new Dictionary<string, object?> { ["level"] = 0 }))).Failures!;
        var failure = Assert.Single(failures);
        Assert.Equal("settings.level", failure.Property);
        Assert.StartsWith("settings.level: must be 1 or more", failure.Reason);
    }

    [Fact]
    public void An_unknown_property_is_rejected_with_the_list_of_real_ones()
    {
        var failure = Assert.Single(Check(Map(("name", "ok"), ("colour", "red"))).Failures!);
        Assert.Equal("colour", failure.Property);
        Assert.Contains("colour is not a property of coder:index:Sample", failure.Reason);
        Assert.Contains("quotaAllowance", failure.Reason);
    }

    [Fact]
    public void Values_not_known_yet_are_not_judged()
    {
        var response = Check(Map(("name", PropertyValue.Computed), ("organizationId", PropertyValue.Computed)));
        Assert.Empty(response.Failures!);
        Assert.True(response.Inputs!["name"].IsComputed);
    }

    [Fact]
    public void Secret_inputs_stay_secret_and_are_never_echoed_in_failures()
    {
        var secretName = Secret("Not A Valid Name");
        var response = Check(Map(("name", secretName), ("password", Secret("hunter2"))));

        var failure = Assert.Single(response.Failures!);
        Assert.DoesNotContain("Not A Valid Name", failure.Reason);
        Assert.True(response.Inputs!["password"].IsSecret);
    }

    [Fact]
    public void Secret_properties_given_as_plain_values_come_back_secret_at_any_depth()
    {
        // YAML programs and other languages' SDKs send a password as a plain string; state must still hold it encrypted.
        var response = Check(Map(
            ("name", "ok"),
            ("password", "hunter2"),
            ("settings", new Dictionary<string, object?> { ["level"] = 2, ["apiKey"] = "k-123" })));

        Assert.Empty(response.Failures!);
        Assert.True(response.Inputs!["password"].IsSecret);
        Assert.Equal(Secret("hunter2"), response.Inputs["password"]);
        Assert.False(response.Inputs["name"].IsSecret);
        Assert.False(response.Inputs["settings"].IsSecret);
        Assert.True(response.Inputs["settings"].TryGetMap(out var settings));
        Assert.Equal(Secret("k-123"), settings["apiKey"]);
        Assert.Equal(Of(2), settings["level"]);
    }

    [Fact]
    public void A_secret_property_whose_value_is_not_known_yet_stays_unknown()
    {
        var response = Check(Map(("name", "ok"), ("password", PropertyValue.Computed)));
        Assert.Empty(response.Failures!);
        Assert.True(response.Inputs!["password"].IsComputed);
    }

    [Fact]
    public void A_premium_only_input_is_refused_at_check_time_when_the_license_lacks_the_feature()
    {
        var unlicensed = new CheckContext(new DeploymentFeatures(new HashSet<string>()), "coder:index:Sample");
        var failure = Assert.Single(Check(Map(("name", "ok"), ("members", new[] { "u1" })), unlicensed).Failures!);
        Assert.Equal("members", failure.Property);
        Assert.Contains("premium feature 'template_rbac'", failure.Reason);

        var licensed = new CheckContext(new DeploymentFeatures(new HashSet<string> { "template_rbac" }), "coder:index:Sample");
        Assert.Empty(Check(Map(("name", "ok"), ("members", new[] { "u1" })), licensed).Failures!);
        Assert.Empty(Check(Map(("name", "ok"), ("members", new[] { "u1" })), NoFacts).Failures!);
    }
}

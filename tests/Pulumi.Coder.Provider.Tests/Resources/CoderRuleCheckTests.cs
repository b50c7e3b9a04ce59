using System.Collections.Immutable;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Resources;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Resources;

/// <summary>Inputs coderd refuses are refused by Check, before any API call, naming the property.</summary>
public class CoderRuleCheckTests
{
    private static CheckResponse Check(IResourceHandler resource, string type, ImmutableDictionary<string, PropertyValue> news,
        ImmutableDictionary<string, PropertyValue>? olds = null) =>
        resource.Check(new CheckRequest(MockCoder.Urn(type, "r"), olds ?? MockCoder.None, news, []), new CheckContext(null, $"coder:index:{type}"));

    private static CheckFailure SingleFailure(CheckResponse response) => Assert.Single(response.Failures!);

    [Fact]
    public void The_Everyone_group_takes_no_display_name()
    {
        var failure = SingleFailure(Check(new GroupResource(), "Group", Map(("name", "Everyone"), ("displayName", "All of us"))));
        Assert.Equal("displayName", failure.Property);
        Assert.Contains("Everyone", failure.Reason);
        Assert.Empty(Check(new GroupResource(), "Group", Map(("name", "Everyone"), ("quotaAllowance", 3))).Failures!);
    }

    [Fact]
    public void A_group_cannot_be_renamed_to_or_from_Everyone()
    {
        var toEveryone = SingleFailure(Check(new GroupResource(), "Group", Map(("name", "Everyone")), olds: Map(("name", "developers"), ("quotaAllowance", 0))));
        Assert.Equal("name", toEveryone.Property);
        Assert.Contains("reserves the name `Everyone`", toEveryone.Reason);
        var fromEveryone = SingleFailure(Check(new GroupResource(), "Group", Map(("name", "all")), olds: Map(("name", "Everyone"), ("quotaAllowance", 0))));
        Assert.Equal("name", fromEveryone.Property);
        // A new group named Everyone adopts the organization's own; a replacement (another organization) does too.
        Assert.Empty(Check(new GroupResource(), "Group", Map(("name", "Everyone"))).Failures!);
        Assert.Empty(Check(new GroupResource(), "Group", Map(("name", "Everyone"), ("organizationId", Guid.NewGuid().ToString())),
            olds: Map(("name", "developers"), ("organizationId", Guid.NewGuid().ToString()), ("quotaAllowance", 0))).Failures!);
    }

    [Fact]
    public void A_service_account_has_no_email()
    {
        var failure = SingleFailure(Check(new UserResource(), "User", Map(("username", "bot"), ("serviceAccount", true), ("email", "bot@example.com"))));
        Assert.Equal("email", failure.Property);
        Assert.Contains("service account", failure.Reason);
    }

    [Fact]
    public void A_user_needs_at_least_one_organization()
    {
        var failure = SingleFailure(Check(new UserResource(), "User", Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc"),
            ("organizationIds", Array.Empty<string>()))));
        Assert.Equal("organizationIds", failure.Property);
        Assert.Contains("at least one organization", failure.Reason);
    }

    [Theory]
    [InlineData("https://example.com/devs.png")]
    [InlineData("http://intranet.example/logo.svg")]
    [InlineData("/emojis/1f465.png")]
    [InlineData("/icon/git.svg")]
    [InlineData("")]
    public void Avatars_and_icons_are_web_addresses_or_Coders_own_images(string address)
    {
        Assert.Empty(Check(new GroupResource(), "Group", Map(("name", "devs"), ("avatarUrl", address))).Failures!);
        Assert.Empty(Check(new OrganizationResource(), "Organization", Map(("name", "acme"), ("icon", address))).Failures!);
    }

    [Theory]
    [InlineData("emojis/1f465.png")]
    [InlineData("devs.png")]
    [InlineData("/emojis/")]
    [InlineData("ftp://example.com/devs.png")]
    [InlineData("javascript:alert(1)")]
    public void Other_avatars_and_icons_are_refused_naming_the_property(string address)
    {
        var avatar = SingleFailure(Check(new GroupResource(), "Group", Map(("name", "devs"), ("avatarUrl", address))));
        Assert.Equal("avatarUrl", avatar.Property);
        Assert.Contains("/emojis/", avatar.Reason);
        var icon = SingleFailure(Check(new OrganizationResource(), "Organization", Map(("name", "acme"), ("icon", address))));
        Assert.Equal("icon", icon.Property);
    }
}

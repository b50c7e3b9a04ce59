using System.Collections.Immutable;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Hosting;

public class ProviderConfigurationTests
{
    private const string Token = "s3cr3t-token-value";

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void A_complete_configuration_passes_and_the_token_is_kept_as_a_secret()
    {
        var response = ProviderConfiguration.Check(Map(("url", "https://coder.example.com"), ("token", Token)), Env());
        Assert.Empty(response.Failures!);
        Assert.True(response.Inputs!["token"].IsSecret);
    }

    [Theory]
    [InlineData("ftp://coder.example.com")]
    [InlineData("https://")]
    [InlineData("https://coder.example.com/?a=b")]
    [InlineData("http://user:pw@coder.example.com")]
    public void A_malformed_url_is_rejected_with_a_message_naming_the_field_and_the_fix(string url)
    {
        var failure = Assert.Single(ProviderConfiguration.Check(Map(("url", url), ("token", Token)), Env()).Failures!);
        Assert.Equal("url", failure.Property);
        Assert.Contains("is not a valid URL", failure.Reason);
        Assert.Contains("https://coder.example.com", failure.Reason);
    }

    [Fact]
    public void A_missing_token_says_how_to_set_one()
    {
        var failure = Assert.Single(ProviderConfiguration.Check(Map(("url", "https://coder.example.com")), Env()).Failures!);
        Assert.Equal("token", failure.Property);
        Assert.Contains("pulumi config set --secret coder:token", failure.Reason);
        Assert.Contains("CODER_SESSION_TOKEN", failure.Reason);
    }

    [Fact]
    public void A_missing_url_says_how_to_set_one()
    {
        var failure = Assert.Single(ProviderConfiguration.Check(Map(("token", Token)), Env()).Failures!);
        Assert.Equal("url", failure.Property);
        Assert.Contains("CODER_URL", failure.Reason);
    }

    [Fact]
    public void Environment_fallbacks_fill_what_the_configuration_leaves_out_without_landing_in_state()
    {
        var environment = Env(("CODER_URL", "coder.example.com:8443/base"), ("CODER_SESSION_TOKEN", Token), ("CODER_HEADER", "X-Proxy=a, X-Team=b=c"));
        var response = ProviderConfiguration.Check(Map(), environment);
        Assert.Empty(response.Failures!);
        Assert.False(response.Inputs!.ContainsKey("token"), "a token from the environment must not be written to state");

        var resolved = ProviderConfiguration.Resolve(new ProviderConfigArgs(), new HashSet<string>(), environment).Configuration!;
        Assert.Equal(new Uri("https://coder.example.com:8443/base/"), resolved.Url);
        Assert.Equal(Token, resolved.Token);
        Assert.Equal("a", resolved.Headers["X-Proxy"]);
        Assert.Equal("b=c", resolved.Headers["X-Team"]);
    }

    [Fact]
    public void Configuration_wins_over_the_environment()
    {
        var resolved = ProviderConfiguration.Resolve(
            new ProviderConfigArgs { Url = "https://configured.example.com", Token = "configured" },
            new HashSet<string>(),
            Env(("CODER_URL", "https://env.example.com"), ("CODER_SESSION_TOKEN", "env"))).Configuration!;
        Assert.Equal("configured.example.com", resolved.Url.Host);
        Assert.Equal("configured", resolved.Token);
    }

    [Fact]
    public void A_malformed_CODER_HEADER_is_named()
    {
        var failure = Assert.Single(ProviderConfiguration.Check(Map(("url", "https://c.example.com"), ("token", Token)), Env(("CODER_HEADER", "novalue"))).Failures!);
        Assert.Equal("headers", failure.Property);
        Assert.Contains("CODER_HEADER", failure.Reason);
    }

    [Fact]
    public void Headers_from_stack_config_arrive_as_JSON_text_and_are_read_as_an_object()
    {
        var response = ProviderConfiguration.Check(Map(("url", "https://c.example.com"), ("token", Token), ("headers", "{\"X-A\":\"1\"}")), Env());
        Assert.Empty(response.Failures!);
        Assert.Equal(Of(new Dictionary<string, object?> { ["X-A"] = "1" }).WithSecret(true), response.Inputs!["headers"]);
    }

    [Fact]
    public void Headers_set_as_a_plain_object_are_kept_as_a_secret()
    {
        var response = ProviderConfiguration.Check(Map(("url", "https://c.example.com"), ("token", Token),
            ("headers", new Dictionary<string, object?> { ["X-Proxy-Auth"] = "Basic cHJveHk6cGFzcw==" })), Env());
        Assert.Empty(response.Failures!);
        Assert.True(response.Inputs!["headers"].IsSecret);
    }

    [Theory]
    [InlineData("X-Proxy-Auth", "Bearer proxy-secret\r\nX-Injected: 1")]
    [InlineData("X-Proxy-Auth", "proxy-secret\n")]
    [InlineData("X-Proxy-Auth", "proxy-secret\u0000")]
    public void A_header_value_with_a_line_break_is_refused_naming_the_header_but_never_the_value(string name, string escapedValue)
    {
        var value = System.Text.RegularExpressions.Regex.Unescape(escapedValue);
        var failure = Assert.Single(ProviderConfiguration.Check(Map(("url", "https://c.example.com"), ("token", Token),
            ("headers", new Dictionary<string, object?> { [name] = value })), Env()).Failures!);
        Assert.Equal("headers", failure.Property);
        Assert.Contains($"the value of \"{name}\" contains a line break", failure.Reason);
        Assert.DoesNotContain("proxy-secret", failure.Reason);
        Assert.DoesNotContain("X-Injected", failure.Reason);
    }

    [Fact]
    public void A_header_name_with_a_line_break_is_refused_and_shown_escaped()
    {
        var failure = Assert.Single(ProviderConfiguration.Check(Map(("url", "https://c.example.com"), ("token", Token),
            ("headers", new Dictionary<string, object?> { ["X-Proxy-Auth\r\nX-Injected"] = "proxy-secret" })), Env()).Failures!);
        Assert.Equal("headers", failure.Property);
        Assert.Contains("\"X-Proxy-Auth\\r\\nX-Injected\" contains a line break", failure.Reason);
        Assert.DoesNotContain("\r", failure.Reason);
        Assert.DoesNotContain("\n", failure.Reason);
        Assert.DoesNotContain("proxy-secret", failure.Reason);
    }

    [Fact]
    public void A_CODER_HEADER_value_with_a_line_break_is_refused_too()
    {
        var failure = Assert.Single(ProviderConfiguration.Check(Map(("url", "https://c.example.com"), ("token", Token)),
            Env(("CODER_HEADER", "X-Proxy-Auth=proxy-secret\nX-Injected: 1"))).Failures!);
        Assert.Contains("the value of \"X-Proxy-Auth\" contains a line break", failure.Reason);
        Assert.DoesNotContain("proxy-secret", failure.Reason);
    }

    [Theory]
    [InlineData("https://ada:hunter2-pass@coder.example.com", "https://coder.example.com/")]
    [InlineData("ada:hunter2-pass@coder.example.com:8443/base", "https://coder.example.com:8443/base")]
    [InlineData("ftp://ada:hunter2-pass@coder.example.com", "ftp://coder.example.com/")]
    [InlineData("https://ada:hunter2/pass@coder.example.com", "https://coder.example.com")]
    [InlineData("https://ada:hunter2-p@ss@coder.example.com/?x=1", "https://coder.example.com/?x=1")]
    [InlineData("https://ada:hunter2-pass@", "https://")]
    public void A_rejected_url_is_named_without_its_user_name_or_password(string url, string shown)
    {
        foreach (var environment in new[] { Env(), Env(("CODER_URL", url)) })
        {
            var config = environment("CODER_URL") is null ? Map(("url", url), ("token", Token)) : Map(("token", Token));
            var failure = Assert.Single(ProviderConfiguration.Check(config, environment).Failures!);
            Assert.Equal("url", failure.Property);
            Assert.Contains($"\"{shown}\"", failure.Reason);
            Assert.DoesNotContain("hunter2", failure.Reason);
            Assert.DoesNotContain("ada", failure.Reason);
        }
    }

    [Fact]
    public void Engine_added_keys_are_tolerated()
    {
        Assert.Empty(ProviderConfiguration.Check(Map(("url", "https://c.example.com"), ("token", Token), ("version", "0.1.0")), Env()).Failures!);
    }

    [Fact]
    public void Unknown_values_during_preview_are_not_judged_and_resolve_to_no_connection()
    {
        var unknown = Map(("url", PropertyValue.Computed), ("token", PropertyValue.Computed));
        Assert.Empty(ProviderConfiguration.Check(unknown, Env()).Failures!);
        Assert.Null(ProviderConfiguration.Resolve(new ProviderConfigArgs(), new HashSet<string> { "url", "token" }, Env()).Configuration);
    }

    [Fact]
    public void The_token_never_appears_in_failures_or_in_the_resolved_configuration_text()
    {
        var response = ProviderConfiguration.Check(Map(("url", "not a url"), ("token", Token)), Env());
        Assert.All(response.Failures!, f => Assert.DoesNotContain(Token, f.Reason));
        var resolved = ProviderConfiguration.Resolve(new ProviderConfigArgs { Url = "https://c.example.com", Token = Token }, new HashSet<string>(), Env()).Configuration!;
        Assert.DoesNotContain(Token, resolved.ToString());
        Assert.DoesNotContain(Token, $"{resolved}");
    }
}

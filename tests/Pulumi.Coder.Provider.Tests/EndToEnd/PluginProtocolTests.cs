using System.Text.Json;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;
using Wire = Pulumi.Coder.EngineHarness.Wire;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>The plugin binary as the engine meets it: start-up, plugin info, schema and configuration.</summary>
[Collection(PluginCollection.Name)]
public sealed class PluginProtocolTests(PluginFixture fixture)
{
    [Fact]
    public async Task The_plugin_prints_its_port_and_reports_a_semver_version()
    {
        Assert.InRange(fixture.Plugin.Port, 1, 65535);
        var version = await fixture.Engine.GetPluginInfoAsync();
        Assert.Equal(Pulumi.Coder.Provider.Hosting.ProviderCatalog.ProviderVersion, version);
    }

    [Fact]
    public async Task GetSchema_returns_the_committed_schema_json()
    {
        var schema = await fixture.Engine.GetSchemaAsync();
        Assert.Equal(File.ReadAllText(RepositoryFiles.PathOf("schema.json")), schema);
        using var parsed = JsonDocument.Parse(schema);
        Assert.Equal("coder", parsed.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task CheckConfig_rejects_a_malformed_url_and_a_missing_token_naming_the_fields()
    {
        await using var plugin = await ProviderProcess.StartAsync();
        var engine = new EngineDriver(plugin);

        var badUrl = await Assert.ThrowsAsync<CheckFailedException>(() => engine.ConfigureAsync(Map(("url", "ftp://coder"), ("token", Secret("t")))));
        Assert.Equal("url", Assert.Single(badUrl.Failures).Property);

        var noToken = await Assert.ThrowsAsync<CheckFailedException>(() => engine.ConfigureAsync(Map(("url", "https://coder.example.com"))));
        Assert.Equal("token", Assert.Single(noToken.Failures).Property);
        Assert.Contains("CODER_SESSION_TOKEN", noToken.Failures[0].Reason);
    }

    [Fact]
    public async Task Check_returns_a_password_sent_as_a_plain_value_as_a_secret()
    {
        // A YAML program or another language's SDK sends the password unwrapped; the engine stores Check's inputs.
        const string password = "Plain-Passw0rd-From-Yaml";
        var check = await fixture.Engine.CheckAsync("coder:index:User", "plain-password", Map(
            ("username", "plain-password"), ("email", "plain@example.com"), ("loginType", "password"), ("password", password)));

        Assert.Empty(check.Failures);
        Assert.True(check.Inputs["password"].IsSecret, "the password came back from Check in clear text");
        Assert.Equal(Secret(password), check.Inputs["password"]);
        Assert.False(check.Inputs["username"].IsSecret);
    }

    [Fact]
    public async Task The_environment_configures_a_plugin_whose_stack_config_is_empty()
    {
        await using var plugin = await ProviderProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["CODER_URL"] = fixture.Coder.BaseAddress.ToString(),
            ["CODER_SESSION_TOKEN"] = fixture.Coder.SessionToken,
        });
        var engine = new EngineDriver(plugin);
        await engine.ConfigureAsync(Map());

        var me = await engine.InvokeAsync("coder:index:getUser", Map(("username", "me")));
        Assert.Empty(me.Failures);
        Assert.Equal(Of(fixture.Coder.Seed.AdminUsername), me.Return["username"]);
    }

    [Fact]
    public async Task A_wrong_token_fails_configuration_clearly_and_the_token_never_shows()
    {
        const string wrongToken = "AAAAAAAAAA-BBBBBBBBBBBBBBBBBBBBBB";
        await using var plugin = await ProviderProcess.StartAsync();
        var engine = new EngineDriver(plugin);

        var error = await Assert.ThrowsAsync<RpcException>(() => engine.ConfigureAsync(Map(("url", fixture.Coder.BaseAddress.ToString()), ("token", Secret(wrongToken)))));

        Assert.Contains("rejected the configured token (401)", error.Status.Detail);
        Assert.DoesNotContain(wrongToken, error.Status.Detail);
        Assert.DoesNotContain(wrongToken, plugin.StandardError);
        Assert.DoesNotContain(plugin.Engine.Entries, e => e.Message.Contains(wrongToken));
    }

    [Fact]
    public async Task Configure_with_unknown_values_during_preview_still_supports_preview()
    {
        await using var plugin = await ProviderProcess.StartAsync();
        var engine = new EngineDriver(plugin);
        var response = await engine.ConfigureAsync(Map(("url", PropertyValue.Computed), ("token", PropertyValue.Computed)));
        Assert.True(response.SupportsPreview);

        var preview = await engine.PreviewCreateAsync("coder:index:Group", "devs", Map(("name", "developers")));
        Assert.NotNull(preview);
        Assert.True(preview.Outputs["source"].IsComputed);
    }

    [Fact]
    public async Task Diff_responses_on_the_wire_say_they_carry_a_detailed_diff()
    {
        // The engine drops a detailedDiff unless hasDetailedDiff is set, and then shows its own naive diff instead.
        const string groupId = "0b7e7d6c-3c2e-4d8e-9d57-6a3c1e2f4b5a";
        var olds = Map(("name", "developers"), ("organizationId", groupId), ("quotaAllowance", 0), ("members", new[] { "a", "b" }));
        var diff = await fixture.Engine.Client.DiffAsync(new Wire.DiffRequest
        {
            Id = groupId,
            Urn = fixture.Engine.Urn("coder:index:Group", "devs"),
            Name = "devs",
            Type = "coder:index:Group",
            Olds = WireValues.ToStruct(olds),
            OldInputs = WireValues.ToStruct(olds),
            News = WireValues.ToStruct(olds.SetItem("name", Of("devs")).SetItem("members", Of(new[] { "b", "a" }))
                .SetItem("organizationId", Of("5f0c8a4e-1d2b-4c3a-9e8f-7a6b5c4d3e2f"))),
        });
        Assert.True(diff.HasDetailedDiff, "Diff's response has hasDetailedDiff false: the engine would ignore its detailedDiff");
        Assert.Equal(Wire.DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        Assert.Equal(Wire.PropertyDiff.Types.Kind.Update, diff.DetailedDiff["name"].Kind);
        Assert.Equal(Wire.PropertyDiff.Types.Kind.UpdateReplace, diff.DetailedDiff["organizationId"].Kind);
        Assert.False(diff.DetailedDiff.ContainsKey("members"), "a reordered set is no change");

        var config = Map(("url", "https://coder.example.com"), ("token", Secret("t-1")));
        var configDiff = await fixture.Engine.Client.DiffConfigAsync(new Wire.DiffRequest
        {
            Urn = fixture.Engine.ProviderUrn,
            Name = "default",
            Type = "pulumi:providers:coder",
            Olds = WireValues.ToStruct(config),
            OldInputs = WireValues.ToStruct(config),
            News = WireValues.ToStruct(config.SetItem("url", Of("https://coder2.example.com"))),
        });
        Assert.True(configDiff.HasDetailedDiff, "DiffConfig's response has hasDetailedDiff false: the engine would ignore its detailedDiff");
        Assert.Equal(Wire.PropertyDiff.Types.Kind.Update, Assert.Single(configDiff.DetailedDiff).Value.Kind);

        var unchanged = await fixture.Engine.Client.DiffConfigAsync(new Wire.DiffRequest
        {
            Urn = fixture.Engine.ProviderUrn,
            Olds = WireValues.ToStruct(config),
            OldInputs = WireValues.ToStruct(config),
            News = WireValues.ToStruct(config.SetItem("token", Of("t-1"))),
        });
        Assert.True(unchanged.HasDetailedDiff);
        Assert.Equal(Wire.DiffResponse.Types.DiffChanges.DiffNone, unchanged.Changes);
    }

    [Fact]
    public async Task An_unknown_token_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Engine.CheckAsync("coder:index:Nope", "x", Map()));
        Assert.Contains("coder:index:Nope is not a resource type", error.Status.Detail);
    }
}

using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Integration;

/// <summary>Users against coderd's rules (as the double keeps them): updates that meet changes made elsewhere, and
/// a username coderd gives a meaning of its own.</summary>
public sealed class UserSemanticsTests : IAsyncLifetime
{
    private readonly InProcessDeployment deployment = new();

    public Task InitializeAsync() => deployment.InitializeAsync();

    public Task DisposeAsync() => deployment.DisposeAsync();

    /// <summary>Check then Update, as the engine does for a changed resource; fails the test on check failures.</summary>
    private async Task<UpdateResponse> UpdateAsync(string name, CreateResponse created, ImmutableDictionary<string, PropertyValue> oldInputs,
        ImmutableDictionary<string, PropertyValue> newInputs)
    {
        var urn = InProcessDeployment.Urn("User", name);
        var check = await deployment.Provider.Check(new CheckRequest(urn, oldInputs, newInputs, []), default);
        Assert.Empty(check.Failures!);
        return await deployment.Provider.Update(new UpdateRequest(urn, created.Id!, created.Outputs!.ToImmutableDictionary(),
            check.Inputs!.ToImmutableDictionary(), TimeSpan.Zero, [], false, oldInputs), default);
    }

    private async Task<JsonNode> CoderUserAsync(string id)
    {
        using var admin = deployment.Coder.CreateClient();
        return (await admin.GetFromJsonAsync<JsonNode>($"/api/v2/users/{id}"))!;
    }

    [Fact]
    public async Task A_membership_added_elsewhere_meanwhile_does_not_block_the_update()
    {
        var acme = await deployment.CreateAsync("Organization", "acme", Map(("name", "acme")));
        var beta = await deployment.CreateAsync("Organization", "beta", Map(("name", "beta")));
        var defaultOrganization = deployment.Coder.Seed.DefaultOrganizationId.ToString();
        var inputs = Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc"), ("organizationIds", new[] { defaultOrganization }));
        var ada = await deployment.CreateAsync("User", "ada", inputs);
        // An identity provider's organization sync (or a failed earlier update) put ada in acme already.
        using (var admin = deployment.Coder.CreateClient())
            (await admin.PostAsync($"/api/v2/organizations/{acme.Id}/members/{ada.Id}", null)).EnsureSuccessStatusCode();

        var wanted = new[] { defaultOrganization, acme.Id!, beta.Id! }.Order(StringComparer.Ordinal).ToArray();
        var updated = await UpdateAsync("ada", ada, inputs, inputs.SetItem("organizationIds", Of(wanted)));

        Assert.Equal(Of(wanted), updated.Outputs!["organizationIds"]);
    }

    [Fact]
    public async Task Renaming_a_user_keeps_the_avatar_and_name_the_program_does_not_set()
    {
        var inputs = Map(("username", "grace"), ("email", "grace@example.com"), ("loginType", "password"), ("password", Secret("Str0ng-Initial-Passw0rd!")));
        var grace = await deployment.CreateAsync("User", "grace", inputs);
        using (var admin = deployment.Coder.CreateClient())
        {
            (await admin.PutAsJsonAsync($"/api/v2/users/{grace.Id}/profile",
                new { username = "grace", name = "Grace Hopper", avatar_url = "https://example.com/grace.png" })).EnsureSuccessStatusCode();
        }

        await UpdateAsync("grace", grace, inputs, inputs.SetItem("username", Of("grace-h")));

        var user = await CoderUserAsync(grace.Id!);
        Assert.Equal("grace-h", (string?)user["username"]);
        Assert.Equal("https://example.com/grace.png", (string?)user["avatar_url"]);
        Assert.Equal("Grace Hopper", (string?)user["name"]);
    }

    [Fact]
    public async Task A_user_named_me_refreshes_as_itself_and_imports_by_its_username()
    {
        // coderd allows the username "me", although /users/me means the token's own user.
        var me = await deployment.CreateAsync("User", "me", Map(("username", "me"), ("email", "me@example.com"), ("loginType", "oidc")));

        var refreshed = await deployment.Provider.Read(new ReadRequest(InProcessDeployment.Urn("User", "me"), me.Id!,
            me.Outputs!.ToImmutableDictionary(), Map(("username", "me"))), default);
        Assert.Equal(me.Id, refreshed.Id);
        Assert.Equal(Of("me"), refreshed.Outputs!["username"]);

        var imported = await deployment.Provider.Read(new ReadRequest(InProcessDeployment.Urn("User", "me-import"), "me",
            ImmutableDictionary<string, PropertyValue>.Empty, ImmutableDictionary<string, PropertyValue>.Empty), default);
        Assert.Equal(me.Id, imported.Id);
    }
}

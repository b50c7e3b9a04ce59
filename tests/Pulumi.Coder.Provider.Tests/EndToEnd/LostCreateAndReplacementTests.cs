using System.Net.Http.Json;
using System.Text.Json;
using Coder.Double.Control;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>Creates whose answer is lost after coderd committed them, and replacements, through the plugin binary:
/// nothing is left on Coder without a name, and every replacement either completes or leaves the old object.</summary>
public sealed class LostCreateAndReplacementTests : OwnPluginTest
{
    private const string Organization = "coder:index:Organization";
    private const string Group = "coder:index:Group";
    private const string User = "coder:index:User";

    private EngineDriver Engine => Fixture.Engine;

    private void LoseTheAnswerOf(string method, string path) =>
        Fixture.Coder.Control.Faults.Add(new FaultRule(path, Method: method, DropAfterCommit: true));

    private async Task<JsonElement[]> UsersNamedAsync(string username)
    {
        using var http = Fixture.OutOfBand();
        var page = await http.GetFromJsonAsync<JsonElement>($"/api/v2/users?q=username:{username}");
        return [.. page.GetProperty("users").EnumerateArray().Where(u => u.GetProperty("username").GetString() == username)];
    }

    private bool Warned(string text) =>
        Fixture.Plugin.Engine.Entries.Any(e => e.Severity == Pulumi.Coder.EngineHarness.Wire.LogSeverity.Warning && e.Message.Contains(text));

    [Fact]
    public async Task A_user_whose_create_answer_was_lost_is_adopted_with_its_password_set()
    {
        LoseTheAnswerOf("POST", "/api/v2/users");

        var user = await Engine.CreateAsync(User, "ada", Map(("username", "ada"), ("email", "ada@example.com"), ("password", Secret("Str0ng-Adopted-Passw0rd!"))));

        var onCoder = Assert.Single(await UsersNamedAsync("ada"));
        Assert.Equal(onCoder.GetProperty("id").GetString(), user.Id);
        Assert.True(Warned("adopted"), "the adoption is reported to the engine");
        // The adoption finished the create by setting the program's password, which Coder never returns; coderd
        // answers 400 "cannot match old password" when the user has it already (here, from the lost create).
        var passwordSet = Assert.Single(Fixture.Coder.Control.Traffic.Exchanges, e => e.Method == "PUT" && e.Path == $"/api/v2/users/{user.Id}/password");
        Assert.Contains("cannot match old password", passwordSet.ResponseBody?.ToJsonString());
    }

    [Fact]
    public async Task An_organization_whose_create_answer_was_lost_is_adopted()
    {
        LoseTheAnswerOf("POST", "/api/v2/organizations");

        var org = await Engine.CreateAsync(Organization, "acme", Map(("name", "acme"), ("displayName", "Acme")));

        using var http = Fixture.OutOfBand();
        var onCoder = await http.GetFromJsonAsync<JsonElement>("/api/v2/organizations/acme");
        Assert.Equal(onCoder.GetProperty("id").GetString(), org.Id);
        Assert.Equal(Of("Acme"), org.Outputs["displayName"]);
    }

    [Fact]
    public async Task A_group_whose_create_answer_was_lost_is_adopted_and_gets_its_members()
    {
        var ada = await Engine.CreateAsync(User, "ada", Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc")));
        LoseTheAnswerOf("POST", "/api/v2/organizations/*/groups");

        var group = await Engine.CreateAsync(Group, "devs", Map(("name", "devs"), ("members", new[] { ada.Id })));

        Assert.Equal(Of(new[] { ada.Id }), group.Outputs["members"]);
        using var http = Fixture.OutOfBand();
        var onCoder = await http.GetFromJsonAsync<JsonElement>($"/api/v2/groups/{group.Id}");
        Assert.Equal(ada.Id, Assert.Single(onCoder.GetProperty("members").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_next_up_after_a_lost_answer_adopts_a_match_and_names_a_mismatch_with_its_import_command()
    {
        // What an earlier `up` left when its answer never arrived: the user exists, the stack does not know it.
        using (var http = Fixture.OutOfBand())
        {
            var made = await http.PostAsJsonAsync("/api/v2/users", new
            {
                username = "bob", email = "bob@example.com", login_type = "oidc", user_status = "active",
                organization_ids = new[] { Fixture.Coder.Seed.DefaultOrganizationId },
            });
            made.EnsureSuccessStatusCode();
        }

        var mismatch = await Assert.ThrowsAsync<RpcException>(() =>
            Engine.CreateAsync(User, "bob", Map(("username", "bob"), ("email", "bob@example.com"), ("loginType", "oidc"), ("name", "Robert"))));
        var id = Assert.Single(await UsersNamedAsync("bob")).GetProperty("id").GetString()!;
        Assert.Contains(id, mismatch.Status.Detail);
        Assert.Contains("name", mismatch.Status.Detail);
        Assert.Contains($"pulumi import {User} bob {id}", mismatch.Status.Detail);

        var adopted = await Engine.CreateAsync(User, "bob", Map(("username", "bob"), ("email", "bob@example.com"), ("loginType", "oidc")));
        Assert.Equal(id, adopted.Id);
        Assert.Single(await UsersNamedAsync("bob"));
    }

    [Fact]
    public async Task Replacing_a_user_deletes_the_old_one_first_with_a_warning_and_succeeds()
    {
        var user = await Engine.CreateAsync(User, "cy", Map(("username", "cy"), ("email", "cy@example.com"), ("loginType", "oidc")));

        var replaced = await Engine.UpdateAsync(user, user.Inputs.SetItem("email", Of("cyrus@example.com")));

        Assert.True(replaced.Replaced);
        Assert.True(replaced.Diff.DeleteBeforeReplace);
        Assert.NotEqual(user.Id, replaced.Resource.Id);
        Assert.Equal(Of("cyrus@example.com"), replaced.Resource.Outputs["email"]);
        Assert.Equal(replaced.Resource.Id, Assert.Single(await UsersNamedAsync("cy")).GetProperty("id").GetString());
        Assert.True(Warned("deletes it first"), "the preview warns that the old user is deleted first");
    }

    [Fact]
    public async Task Moving_a_group_to_another_organization_creates_the_new_one_first_and_keeps_the_old_one_when_that_fails()
    {
        var other = await Engine.CreateAsync(Organization, "other", Map(("name", "other")));
        var ada = await Engine.CreateAsync(User, "ada", Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc"),
            ("organizationIds", new[] { Fixture.Coder.Seed.DefaultOrganizationId.ToString(), other.Id })));
        var group = await Engine.CreateAsync(Group, "devs", Map(("name", "devs"), ("members", new[] { ada.Id })));
        var moved = group.Inputs.SetItem("organizationId", Of(other.Id));

        var faultId = Fixture.Coder.Control.Faults.Add(new FaultRule($"/api/v2/organizations/{other.Id}/groups", Method: "POST", Status: 500));
        await Assert.ThrowsAsync<RpcException>(() => Engine.UpdateAsync(group, moved));
        var kept = await Engine.RefreshAsync(group);
        Assert.NotNull(kept);
        Assert.Equal(Of(new[] { ada.Id }), kept.Outputs["members"]);

        Fixture.Coder.Control.Faults.Remove(faultId);
        var replaced = await Engine.UpdateAsync(group, moved);
        Assert.True(replaced.Replaced);
        Assert.False(replaced.Diff.DeleteBeforeReplace);
        Assert.Equal(Of(other.Id), replaced.Resource.Outputs["organizationId"]);
        Assert.Null(await Engine.RefreshAsync(group));
    }
}

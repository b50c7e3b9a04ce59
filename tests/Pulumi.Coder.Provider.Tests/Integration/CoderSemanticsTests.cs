using System.Collections.Immutable;
using Coder.Double.Control;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Integration;

/// <summary>coderd's answers (as the double gives them) turned into what a Pulumi user sees.</summary>
public sealed class CoderSemanticsTests : IAsyncLifetime
{
    private readonly InProcessDeployment deployment = new();

    public Task InitializeAsync() => deployment.InitializeAsync();

    public Task DisposeAsync() => deployment.DisposeAsync();

    [Fact]
    public async Task Without_a_license_a_group_is_refused_at_check_time_naming_the_feature()
    {
        deployment.Coder.Control.License.SetPremium(false);
        await deployment.ConfigureAsync();

        var check = await deployment.CheckAsync("Group", Map(("name", "developers")));

        var failure = Assert.Single(check.Failures!);
        Assert.Contains("template_rbac", failure.Reason);
    }

    [Fact]
    public async Task A_license_lost_after_configuration_surfaces_as_coderd_403_explained()
    {
        deployment.Coder.Control.License.SetFeature("template_rbac", false);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => deployment.CreateAsync("Group", "devs", Map(("name", "developers"))));

        Assert.Contains("403", error.Message);
        Assert.Contains("template_rbac", error.Message);
    }

    [Fact]
    public async Task A_duplicate_group_name_with_other_settings_reports_the_conflict_naming_the_existing_group()
    {
        await deployment.CreateAsync("Group", "a", Map(("name", "developers")));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => deployment.CreateAsync("Group", "b", Map(("name", "developers"), ("quotaAllowance", 4))));
        Assert.Contains("already exists", error.Message);
        Assert.Contains("quotaAllowance", error.Message);
        Assert.Contains("pulumi import coder:index:Group", error.Message);
    }

    [Fact]
    public async Task A_user_deleted_out_of_band_reads_as_gone()
    {
        var created = await deployment.CreateAsync("User", "ada", Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc")));
        using (var admin = deployment.Coder.CreateClient())
        {
            (await admin.DeleteAsync($"/api/v2/users/{created.Id}")).EnsureSuccessStatusCode();
        }

        var read = await deployment.Provider.Read(new ReadRequest(InProcessDeployment.Urn("User", "ada"), created.Id!,
            created.Outputs!.ToImmutableDictionary(), Map(("username", "ada"))), default);

        Assert.Equal("", read.Id);
    }

    [Fact]
    public async Task A_password_never_reaches_outputs_and_is_redacted_from_the_recording()
    {
        const string password = "Sup3r-Secret-Passw0rd!";
        var created = await deployment.CreateAsync("User", "grace", Map(("username", "grace"), ("email", "grace@example.com"),
            ("loginType", "password"), ("password", Secret(password))));

        // Assert.False rather than DoesNotContain: a failure must not print the secret it found.
        Assert.False(created.Outputs!.Any(o => o.Value.ToString()!.Contains(password)), "the password appears in the outputs");
        Assert.False(deployment.Coder.Control.Traffic.Exchanges.Any(e => (e.RequestBody?.ToJsonString() ?? "").Contains(password)),
            "the password appears in the double's recording");
    }

    [Fact]
    public async Task Organization_lifecycle_against_coderd_rules()
    {
        var created = await deployment.CreateAsync("Organization", "acme", Map(("name", "acme"), ("displayName", "Acme")));
        Assert.Equal(Of(false), created.Outputs!["isDefault"]);

        var olds = created.Outputs.ToImmutableDictionary();
        var updated = await deployment.Provider.Update(new UpdateRequest(InProcessDeployment.Urn("Organization", "acme"), created.Id!, olds,
            Map(("name", "acme-corp"), ("displayName", "Acme")), TimeSpan.Zero, [], false, Map(("name", "acme"), ("displayName", "Acme"))), default);
        Assert.Equal(Of("acme-corp"), updated.Outputs!["name"]);

        await deployment.Provider.Delete(new DeleteRequest(InProcessDeployment.Urn("Organization", "acme"), created.Id!,
            updated.Outputs!.ToImmutableDictionary(), TimeSpan.Zero, Map(("name", "acme-corp"))), default);
        var read = await deployment.Provider.Read(new ReadRequest(InProcessDeployment.Urn("Organization", "acme"), created.Id!,
            updated.Outputs!.ToImmutableDictionary(), Map(("name", "acme-corp"))), default);
        Assert.Equal("", read.Id);
    }
}

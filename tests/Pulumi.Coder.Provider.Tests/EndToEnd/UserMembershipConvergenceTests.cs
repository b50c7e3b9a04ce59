using Coder.Double.Control;
using Grpc.Core;
using Pulumi.Coder.EngineHarness;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>A user's organization memberships through the plugin binary, when Coder's memberships are not what the
/// state says: the update is made against Coder's, so the next `pulumi up` converges without a refresh.</summary>
public sealed class UserMembershipConvergenceTests : OwnPluginTest
{
    private const string Organization = "coder:index:Organization";
    private const string User = "coder:index:User";

    private EngineDriver Engine => Fixture.Engine;

    [Fact]
    public async Task An_update_that_failed_after_adding_one_of_two_memberships_succeeds_on_the_next_up_without_refresh()
    {
        var acme = await Engine.CreateAsync(Organization, "acme", Map(("name", "acme")));
        var beta = await Engine.CreateAsync(Organization, "beta", Map(("name", "beta")));
        var defaultOrganization = Fixture.Coder.Seed.DefaultOrganizationId.ToString();
        var ada = await Engine.CreateAsync(User, "ada", Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc"),
            ("organizationIds", new[] { defaultOrganization })));
        var wanted = new[] { defaultOrganization, acme.Id, beta.Id }.Order(StringComparer.Ordinal).ToArray();
        var program = ada.Inputs.SetItem("organizationIds", Of(wanted));
        // The first membership is added; adding the second fails, so the engine keeps ada's old state.
        Fixture.Coder.Control.Faults.Add(new FaultRule($"/api/v2/organizations/*/members/{ada.Id}", Method: "POST", Nth: 2, Status: 500));
        await Assert.ThrowsAsync<RpcException>(() => Engine.UpdateAsync(ada, program));

        // The next `pulumi up`, from the same state: before the fix it added the first membership again and coderd
        // answered 400 "User is already an organization member", on every up until a refresh.
        var converged = await Engine.UpdateAsync(ada, program);

        Assert.Equal(Of(wanted), converged.Resource.Outputs["organizationIds"]);
    }
}

using Coder.Double.Control;
using Pulumi.Coder.EngineHarness;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.EndToEnd;

/// <summary>coderd rate-limits each caller per path (--api-rate-limit, 512 requests a minute by default): a refresh of
/// many resources must spread over per-object paths, not pile onto one shared path that user creates use too.</summary>
public sealed class RateLimitBudgetTests : OwnPluginTest
{
    private EngineDriver Engine => Fixture.Engine;

    [Fact]
    public async Task Refreshing_many_users_stays_within_coderds_per_path_rate_limit()
    {
        var users = new List<ResourceState>();
        for (var i = 0; i < 6; i++)
        {
            var username = $"dev-{i}";
            users.Add(await Engine.CreateAsync("coder:index:User", username,
                Map(("username", username), ("email", $"{username}@example.com"), ("loginType", "oidc"))));
        }
        // A budget that one user's refresh fits in, but not six refreshes sharing a path.
        Fixture.Coder.Control.Deployment.ApiRateLimit = 4;
        Fixture.Coder.Control.Traffic.Clear();

        // Bounded: a 429 would make the client wait out coderd's Retry-After (a minute) before trying again.
        var refreshed = await Task.WhenAll(users.Select(Engine.RefreshAsync)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(refreshed, (user, i) => Assert.Equal(users[i].Id, user?.Id));
        Assert.DoesNotContain(Fixture.Coder.Control.Traffic.Exchanges, e => e.Status == 429);
    }

    [Fact]
    public async Task A_create_that_coderds_rate_limit_turned_away_says_so_while_it_waits()
    {
        // coderd's answer (with its limit headers) once, asking for a second's wait.
        Fixture.Coder.Control.Faults.Add(new FaultRule("/api/v2/users", Method: "POST", Status: 429, RetryAfterSeconds: 1));

        var user = await Engine.CreateAsync("coder:index:User", "dev", Map(("username", "dev"), ("email", "dev@example.com"), ("loginType", "oidc")));

        Assert.NotNull(user.Id);
        var progress = Fixture.Plugin.Engine.Entries.Where(e => e.Urn == user.Urn && e.Ephemeral).Select(e => e.Message);
        Assert.Contains(progress, m => m.StartsWith("POST /api/v2/users: Coder's rate limit (512 requests a minute", StringComparison.Ordinal) &&
            m.Contains("sending it again in 1.1 s (retry 1)", StringComparison.Ordinal));
    }
}

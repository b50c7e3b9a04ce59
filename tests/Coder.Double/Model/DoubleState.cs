using System.Security.Cryptography;

namespace Coder.Double.Model;

/// <summary>The identities every fresh (or reset) double starts with.</summary>
public sealed record SeedIdentity(
    Guid AdminId,
    string AdminUsername,
    string AdminEmail,
    string AdminName,
    string AdminPassword,
    Guid DefaultOrganizationId,
    string SessionToken);

/// <summary>
/// Everything the double knows, in memory. One lock guards it all: the double serves tests, so simplicity beats
/// throughput. Partial so that later areas (templates, workspaces, ...) can add their tables in their own files.
/// </summary>
public sealed partial class DoubleState
{
    private readonly TimeProvider _time;
    private DateTimeOffset _lastNow = DateTimeOffset.MinValue;

    public DoubleState(SeedIdentity seed, TimeProvider time)
    {
        Seed = seed;
        _time = time;
        Reset();
    }

    public Lock Sync { get; } = new();
    public SeedIdentity Seed { get; }

    public List<UserRow> Users { get; } = [];
    public List<OrganizationRow> Organizations { get; } = [];
    public List<MembershipRow> Memberships { get; } = [];
    public List<GroupRow> Groups { get; } = [];
    public Dictionary<string, ApiKeyRow> ApiKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Microsecond precision as Postgres stores it, and strictly increasing so that "created later" is always
    /// observable even when two rows are written within the same microsecond.
    /// </summary>
    public DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - now.Ticks % 10, TimeSpan.Zero);
        if (now <= _lastNow) now = _lastNow.AddTicks(10);
        _lastNow = now;
        return now;
    }

    /// <summary>Back to the seeded deployment: default organization, its Everyone group, the admin and its token.</summary>
    public void Reset()
    {
        lock (Sync)
        {
            Users.Clear();
            Organizations.Clear();
            Memberships.Clear();
            Groups.Clear();
            ApiKeys.Clear();
            ResetFiles();
            ResetTemplates();
            ResetProvisionerJobs();
            ResetWorkspaces();
            ResetProvisionerDaemons();

            var now = Now();
            Organizations.Add(new OrganizationRow
            {
                Id = Seed.DefaultOrganizationId,
                Name = "coder",
                DisplayName = "Coder",
                Description = "Builtin default organization.",
                IsDefault = true,
                CreatedAt = now,
                UpdatedAt = now,
                DefaultOrgMemberRoles = ["organization-workspace-access"],
            });
            Groups.Add(NewEveryoneGroup(Seed.DefaultOrganizationId));
            Users.Add(new UserRow
            {
                Id = Seed.AdminId,
                Username = Seed.AdminUsername,
                Email = Seed.AdminEmail,
                Name = Seed.AdminName,
                LoginType = "password",
                Status = "active",
                RbacRoles = ["owner"],
                CreatedAt = now,
                UpdatedAt = now,
                LastSeenAt = now,
                Password = PasswordHash.Of(Seed.AdminPassword),
            });
            Memberships.Add(new MembershipRow
            {
                OrganizationId = Seed.DefaultOrganizationId,
                UserId = Seed.AdminId,
                CreatedAt = now,
                UpdatedAt = now,
            });
            var (keyId, secret) = SplitToken(Seed.SessionToken)
                ?? throw new InvalidOperationException("The seed session token must look like coderd's: 10 characters, '-', 22 characters.");
            ApiKeys[keyId] = new ApiKeyRow { Id = keyId, SecretHash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)), UserId = Seed.AdminId };
        }
    }

    // Each area kept in its own file of this partial class empties its tables here (unimplemented ones vanish).
    partial void ResetFiles();
    partial void ResetTemplates();
    partial void ResetProvisionerJobs();
    partial void ResetWorkspaces();
    partial void ResetProvisionerDaemons();

    public static GroupRow NewEveryoneGroup(Guid organizationId) => new()
    {
        Id = organizationId,
        OrganizationId = organizationId,
        Name = EveryoneGroupName,
    };

    public const string EveryoneGroupName = "Everyone";

    /// <summary>A new coderd-shaped session token (10 characters, '-', 22 characters) for the user.</summary>
    public string IssueToken(Guid userId)
    {
        lock (Sync)
        {
            var keyId = RandomAlphanumeric(10);
            var secret = RandomAlphanumeric(22);
            ApiKeys[keyId] = new ApiKeyRow { Id = keyId, SecretHash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)), UserId = userId };
            return $"{keyId}-{secret}";
        }
    }

    public static string NewSessionToken() => $"{RandomAlphanumeric(10)}-{RandomAlphanumeric(22)}";

    public static (string KeyId, string Secret)? SplitToken(string token)
    {
        var parts = token.Split('-');
        return parts is [{ Length: 10 } id, { Length: 22 } secret] ? (id, secret) : null;
    }

    private static string RandomAlphanumeric(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length);

    // ---- lookups (callers hold Sync) ----

    public UserRow? UserById(Guid id) => Users.FirstOrDefault(u => u.Id == id && !u.Deleted);

    /// <summary>coderd's GetUserByID: soft-deleted users are found too (what {user} given as an id resolves to).</summary>
    public UserRow? UserByIdIncludingDeleted(Guid id) => Users.FirstOrDefault(u => u.Id == id);

    /// <summary>GetUserByEmailOrUsername: case-insensitive; an empty e-mail never matches.</summary>
    public UserRow? UserByUsernameOrEmail(string username, string email) => Users.FirstOrDefault(u => !u.Deleted &&
        (string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase) ||
         (email.Length > 0 && string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase))));

    /// <summary>GetOrganizationByID does not filter deleted organizations (coderd quirk, kept on purpose).</summary>
    public OrganizationRow? OrganizationById(Guid id) => Organizations.FirstOrDefault(o => o.Id == id);

    public OrganizationRow? OrganizationByName(string name) =>
        Organizations.FirstOrDefault(o => !o.Deleted && string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    public OrganizationRow DefaultOrganization => Organizations.First(o => o.IsDefault);

    public MembershipRow? Membership(Guid organizationId, Guid userId) =>
        Memberships.FirstOrDefault(m => m.OrganizationId == organizationId && m.UserId == userId && UserById(userId) is not null);

    /// <summary>Members of an organization whose user is not deleted, in coderd's order (lower-cased username).</summary>
    public List<(MembershipRow Membership, UserRow User)> MembersOf(Guid organizationId) =>
        Memberships.Where(m => m.OrganizationId == organizationId)
            .Select(m => (Membership: m, User: UserById(m.UserId)))
            .Where(x => x.User is not null)
            .Select(x => (x.Membership, x.User!))
            .OrderBy(x => x.Item2.Username.ToLowerInvariant(), StringComparer.Ordinal)
            .ToList();

    /// <summary>Organization ids of a user, deleted organizations included (GetOrganizationIDsByMemberIDs does not filter).</summary>
    public List<Guid> OrganizationIdsOf(Guid userId) =>
        Memberships.Where(m => m.UserId == userId).Select(m => m.OrganizationId).ToList();

    public GroupRow? GroupById(Guid id) => Groups.FirstOrDefault(g => g.Id == id);

    /// <summary>GetGroupByOrgAndName matches case-insensitively.</summary>
    public GroupRow? GroupByName(Guid organizationId, string name) =>
        Groups.FirstOrDefault(g => g.OrganizationId == organizationId && string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>group_members_expanded: explicit members, or every organization member for Everyone; deleted users never.</summary>
    public List<UserRow> GroupMembers(GroupRow group)
    {
        var ids = group.IsEveryone
            ? Memberships.Where(m => m.OrganizationId == group.OrganizationId).Select(m => m.UserId)
            : group.MemberIds;
        return ids.Select(UserById).OfType<UserRow>().ToList();
    }
}

public sealed partial class DoubleState
{
    /// <summary>Workspaces owned by the user (filled in by the workspace area when it exists).</summary>
    public int WorkspaceCountOf(Guid userId)
    {
        var count = 0;
        CountWorkspacesOfUser(userId, ref count);
        return count;
    }

    partial void CountWorkspacesOfUser(Guid userId, ref int count);

    /// <summary>Resources that block deleting an organization besides members and groups.</summary>
    public (int Workspaces, int Templates, int ProvisionerKeys) OrganizationResources(Guid organizationId)
    {
        int workspaces = 0, templates = 0, provisionerKeys = 0;
        CountOrganizationResources(organizationId, ref workspaces, ref templates, ref provisionerKeys);
        return (workspaces, templates, provisionerKeys);
    }

    partial void CountOrganizationResources(Guid organizationId, ref int workspaces, ref int templates, ref int provisionerKeys);

    /// <summary>Removes a membership and, like coderd's trigger, the user's memberships in that organization's groups.</summary>
    public void RemoveMembership(MembershipRow membership)
    {
        Memberships.Remove(membership);
        foreach (var group in Groups.Where(g => g.OrganizationId == membership.OrganizationId))
        {
            group.MemberIds.Remove(membership.UserId);
        }
    }
}

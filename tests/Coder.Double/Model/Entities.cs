namespace Coder.Double.Model;

// Stored rows. They are mutable and only touched while holding DoubleState's lock; handlers turn them into
// immutable response records before leaving the lock.

public sealed class UserRow
{
    public required Guid Id { get; init; }
    public required string Username { get; set; }
    public required string Email { get; set; }
    public string Name { get; set; } = "";
    public string AvatarUrl { get; set; } = "";
    public required string LoginType { get; set; }
    public required string Status { get; set; }
    public List<string> RbacRoles { get; set; } = [];
    public bool IsServiceAccount { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; } = DateTimeOffset.MinValue;
    /// <summary>Salted hash; the plain password is never kept.</summary>
    public PasswordHash? Password { get; set; }
    public bool Deleted { get; set; }
}

public sealed class OrganizationRow
{
    public required Guid Id { get; init; }
    public required string Name { get; set; }
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public string Icon { get; set; } = "";
    public bool IsDefault { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public List<string> DefaultOrgMemberRoles { get; set; } = [];
    public bool Deleted { get; set; }
}

public sealed class MembershipRow
{
    public required Guid OrganizationId { get; init; }
    public required Guid UserId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public List<string> Roles { get; set; } = [];
}

public sealed class GroupRow
{
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    public required string Name { get; set; }
    public string DisplayName { get; set; } = "";
    public string AvatarUrl { get; set; } = "";
    public int QuotaAllowance { get; set; }
    public string Source { get; init; } = "user";
    /// <summary>Explicit members, in the order they were added. The Everyone group has none: its members are the organization's.</summary>
    public List<Guid> MemberIds { get; } = [];

    /// <summary>The Everyone group shares its organization's id.</summary>
    public bool IsEveryone => Id == OrganizationId;
}

public sealed class ApiKeyRow
{
    public required string Id { get; init; }
    public required byte[] SecretHash { get; init; }
    public required Guid UserId { get; init; }
}

public sealed record PasswordHash(byte[] Salt, byte[] Hash)
{
    public static PasswordHash Of(string password)
    {
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        return new PasswordHash(salt, Compute(salt, password));
    }

    public bool Matches(string password) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Hash, Compute(Salt, password));

    private static byte[] Compute(byte[] salt, string password) =>
        System.Security.Cryptography.SHA256.HashData([.. salt, .. System.Text.Encoding.UTF8.GetBytes(password)]);
}

using System.Collections.Immutable;
using System.ComponentModel;
using Coder.Client.Api;
using Coder.Client.Errors;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Resources;

public record UserArgs
{
    [Description("The user's username, unique on the deployment: 1 to 32 letters or digits with single hyphens. " +
        "Changing it is an update.")]
    [CoderName, UniqueKey]
    public string Username { get; init; } = "";

    [Description("The user's full name.")]
    [AlwaysOutput, CoderDisplayName(maxLength: 128)]
    public string? Name { get; init; }

    [Description("The user's email address. Coder cannot change a user's email, so changing it replaces the user. " +
        "Required except for service accounts.")]
    [Email, ReplaceOnChanges]
    public string? Email { get; init; }

    [Description("How the user logs in: `password`, `github`, `oidc`, or `none` (service accounts only, and their " +
        "default). Coder's default for other users is `password`. Coder cannot change it through its API, so changing it " +
        "replaces the user.")]
    [AlwaysOutput, OneOf("none", "password", "github", "oidc"), ReplaceOnChanges]
    public string? LoginType { get; init; }

    [Description("The user's password, for login type `password` only (required there when the user is created). Coder never returns it: it is kept as a " +
        "secret in state and compared only with the program's previous value. The password of the user whose token the " +
        "provider uses cannot be changed here: coderd would sign that token out.")]
    [Secret, WriteOnly]
    public string? Password { get; init; }

    [Description("The user's site-wide roles: `owner`, `template-admin`, `user-admin` and `auditor` (every user is a " +
        "member). Leave unset to leave roles unmanaged, for example when an identity provider's role sync owns them.")]
    [AlwaysOutput, OneOf("owner", "template-admin", "user-admin", "auditor")]
    public ImmutableSortedSet<string>? Roles { get; init; }

    [Description("Whether the user is suspended (cannot log in or use workspaces).")]
    [DefaultValue(false)]
    public bool Suspended { get; init; }

    [Description("Whether the user is a service account: an admin-managed account that cannot log in and has no " +
        "email. Needs the premium `service_accounts` feature. Changing it replaces the user.")]
    [DefaultValue(false), ReplaceOnChanges]
    public bool ServiceAccount { get; init; }

    [Description("The ids of the organizations the user is a member of (at least one), in any order. When unset, " +
        "the user joins the provider's default organization and memberships are left unmanaged.")]
    // coderd's postUser (coderd/users.go) refuses a user without organizations.
    [AlwaysOutput, Uuid, NotEmpty("Coder keeps every user in at least one organization; name one, or leave " +
        "organizationIds unset for the provider's default organization")]
    public ImmutableSortedSet<string>? OrganizationIds { get; init; }
}

public sealed record UserState : UserArgs
{
    [Description("The user's status: `active`, `dormant` (has not used Coder for a while) or `suspended`.")]
    public string Status { get; init; } = "";
}

[PulumiType("User")]
[Description("A user of the Coder deployment, with site roles, status and organization memberships.\n\n" +
    "Import with the user's id or username: `pulumi import coder:index:User ada ada`. A password is never read " +
    "back, so an imported password user has no `password` until the program sets one.")]
public sealed class UserResource : CustomResource<UserArgs, UserState>
{
    private const string Suspended = "suspended";

    // coderd's putUserPassword (coderd/users.go) when the new password is the user's current one.
    private const string PasswordUnchangedMessage = "New password cannot match old password.";

    // coderd's postOrganizationMember (coderd/members.go) when the user is a member already.
    private const string AlreadyMemberMessage = "User is already an organization member";

    public override string DeleteBeforeReplaceWarning =>
        "Coder allows one user per username and email, so the old user is deleted before the new one is created. Its " +
        "sessions and API tokens stop working and its SSH keys and settings go; coderd refuses while the user owns " +
        "workspaces, and then nothing changes. To keep the user, revert the change.";

    protected override IEnumerable<CheckFailure> Validate(Mapped<UserArgs> inputs, CheckContext context)
    {
        var user = inputs.Value;
        bool Known(params string[] properties) => !properties.Any(inputs.Unknown.Contains);
        var loginType = EffectiveLoginType(user);
        if (Known("loginType", "password", "serviceAccount"))
        {
            if (loginType != "password" && user.Password is not null)
                yield return new CheckFailure("password", $"password: only users with loginType \"password\" have a password " +
                    $"(this one logs in with \"{loginType}\"); remove it or set loginType to \"password\".");
        }
        if (Known("email", "serviceAccount") && user.Email is null && !user.ServiceAccount)
            yield return new CheckFailure("email", "email is required: set the user's email address (only service accounts may have none).");
        // coderd's postUser (coderd/users.go): "Email cannot be set for service accounts.", and creating one needs the
        // premium feature.
        if (Known("email", "serviceAccount") && user.Email is not null && user.ServiceAccount)
            yield return new CheckFailure("email", "email: a service account has no email address (Coder refuses one); remove `email`.");
        if (Known("serviceAccount") && user.ServiceAccount && context.IsCreate
            && context.RequireFeature("service_accounts", "serviceAccount", "creating a service account") is { } unlicensed)
            yield return unlicensed;
        if (Known("serviceAccount", "loginType") && user.ServiceAccount != (loginType == "none"))
        {
            yield return new CheckFailure("loginType", user.ServiceAccount
                ? "loginType: a service account cannot log in, so its loginType must be \"none\" (or unset)."
                : "loginType: \"none\" is only for service accounts; set serviceAccount to true, or choose \"password\", \"oidc\" or \"github\".");
        }
    }

    /// <summary>What Coder applies when loginType is unset.</summary>
    private static string EffectiveLoginType(UserArgs user) => user.LoginType ?? (user.ServiceAccount ? "none" : "password");

    protected override async Task<ResourceResult<UserState>> CreateAsync(UserArgs inputs, ResourceContext context, CancellationToken ct)
    {
        // Not a Check rule: an imported password user has no password in the program, and Check cannot tell an
        // import from a create. It still fails before any API call.
        if (EffectiveLoginType(inputs) == "password" && inputs.Password is null)
        {
            throw new ProviderException($"user \"{inputs.Username}\": password is required for a user who logs in with a " +
                "password (Coder's default login type): set a password, or set loginType to \"oidc\" or \"github\".");
        }
        var organizations = inputs.OrganizationIds?.Select(Guid.Parse).ToList()
            ?? [(await context.Session.DefaultOrganizationAsync(ct)).Id];
        var created = await context.Session.Client.Users.CreateAsync(new CreateUserRequestWithOrgs
        {
            Username = inputs.Username,
            Name = inputs.Name,
            Email = inputs.Email,
            LoginType = EffectiveLoginType(inputs),
            Password = inputs.Password,
            OrganizationIds = organizations,
            Roles = inputs.Roles?.ToList(),
            // Without a status coderd makes the user dormant until first login; a managed user starts active.
            UserStatus = inputs.Suspended ? Suspended : "active",
            ServiceAccount = inputs.ServiceAccount ? true : null,
        }, ct);
        return Result(created);
    }

    protected override async Task<ResourceResult<UserState>?> FindExistingAsync(UserArgs inputs, ResourceContext context, CancellationToken ct)
    {
        var found = await FindByUsernameAsync(context.Session.Client.Users, inputs.Username, ct);
        return found is null ? null : Result(found);
    }

    /// <summary>The live user with exactly this username, through GET /users/{username}: coderd resolves a name
    /// there with GetUserByEmailOrUsername, which skips deleted users. Not through the user search: coderd rate-limits
    /// each caller per path (512 a minute by default), and every search shares /api/v2/users with every user create,
    /// so refreshing a few hundred users that way would be turned away with 429s. `me` names the caller in a path, so
    /// a user called `me` is looked up through the search, where it is an ordinary name.</summary>
    private static async Task<User?> FindByUsernameAsync(IUsersApi users, string username, CancellationToken ct)
    {
        if (string.Equals(username, "me", StringComparison.OrdinalIgnoreCase))
        {
            var page = await users.ListAsync($"username:{username}", cancellationToken: ct);
            return page.Users?.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase));
        }
        var named = await CoderCalls.OrNullIfGoneAsync(() => users.GetAsync(username, ct), unknownUserMeansGone: true);
        return named is not null && string.Equals(named.Username, username, StringComparison.OrdinalIgnoreCase) ? named : null;
    }

    protected override async Task<ResourceResult<UserState>?> ReadAsync(string id, UserState? current, ResourceContext context, CancellationToken ct)
    {
        var users = context.Session.Client.Users;
        if (!Guid.TryParse(id, out _))
        {
            // An import by username: looked up through the user search, where "me" is a username like any other.
            if (!new CoderNameAttribute().IsValid(id))
                throw new ProviderException($"\"{id}\" is not a user id or username: import a user with its id (a UUID) or its username.");
            return await FindByUsernameAsync(users, id, ct) is { } named ? Result(named) : null;
        }
        var found = await CoderCalls.OrNullIfGoneAsync(() => users.GetAsync(id, ct), unknownUserMeansGone: true);
        if (found is null) return null;
        // coderd still finds a deleted user by id; its user search lists only live ones.
        var live = await FindByUsernameAsync(users, found.Username, ct);
        return live?.Id == found.Id ? Result(live) : null;
    }

    protected override async Task<UserState> UpdateAsync(string id, Change<UserArgs, UserState> change, ResourceContext context, CancellationToken ct)
    {
        var users = context.Session.Client.Users;
        var (old, news) = (change.Old, change.NewInputs);
        var newPassword = news.Password is { } password && password != change.OldInputs.Password ? password : null;
        // Checked before any change is made, so that a refused update leaves the user as it was.
        if (newPassword is not null && (await users.GetAsync("me", ct)).Id.ToString() == id)
        {
            throw new ProviderException($"password: user \"{old.Username}\" is the user whose session token this provider " +
                "uses, and coderd signs out every session of a user whose password changes, so this update would " +
                "revoke the provider's own token halfway. Change this password in Coder (Account → Security), or " +
                "configure `coder:token` with another administrator's token, then run the update again.");
        }
        // The profile and memberships are changed against the user as Coder has it now, not as the state says: a
        // half-applied earlier update or an identity provider's sync may have changed them since, and coderd refuses
        // to add a membership twice. (Roles and status are set whole, so repeating them is harmless.)
        var coderUser = await users.GetAsync(id, ct);
        var current = Result(coderUser).State;
        if (news.Username != current.Username || news.Name != null && news.Name != current.Name)
        {
            // coderd stores the request's name as given and, for password and service-account users, its avatar too,
            // empty when omitted (putUserProfile in coderd/users.go): what the program does not manage is sent back
            // as Coder has it, so a rename never wipes them.
            await users.UpdateProfileAsync(id, new UpdateUserProfileRequest
            {
                Username = news.Username,
                Name = news.Name ?? coderUser.Name,
                AvatarUrl = coderUser.AvatarUrl,
            }, ct);
        }
        if (news.Roles is not null && !news.Roles.SetEquals(old.Roles ?? []))
            await users.UpdateRolesAsync(id, new UpdateRoles { Roles = [.. news.Roles] }, ct);
        if (newPassword is not null)
        {
            try
            {
                await users.UpdatePasswordAsync(id, new UpdateUserPasswordRequest { Password = newPassword }, ct);
            }
            catch (CoderApiException e) when (e.CoderMessage == PasswordUnchangedMessage)
            {
                // coderd refuses to set the password a user already has: the program's password is in place.
            }
        }
        if (news.Suspended != (old.Status == Suspended))
        {
            if (news.Suspended) await users.SuspendAsync(id, ct);
            else await users.ActivateAsync(id, ct);
        }
        if (news.OrganizationIds is not null)
        {
            var members = context.Session.Client.Organizations;
            var desired = news.OrganizationIds.Select(o => Guid.Parse(o).ToString()).ToHashSet();
            var existing = current.OrganizationIds ?? [];
            foreach (var organization in desired.Except(existing).Order(StringComparer.Ordinal))
                await AddMemberAsync(members, organization, id, ct);
            // coderd answers 404 for a user who is not a member (ExtractOrganizationMemberParam): already done.
            foreach (var organization in existing.Except(desired).Order(StringComparer.Ordinal))
                await CoderCalls.DeleteIfPresentAsync(() => members.RemoveMemberAsync(organization, id, ct));
        }
        return Result(await users.GetAsync(id, ct)).State;
    }

    /// <summary>Adds the membership; coderd's 400 saying the user is a member already (an identity provider's sync may
    /// have added it since Coder was read) means it is done.</summary>
    private static async Task AddMemberAsync(IOrganizationsApi members, string organization, string user, CancellationToken ct)
    {
        try
        {
            await members.AddMemberAsync(organization, user, ct);
        }
        catch (CoderApiException e) when (e.StatusCode == System.Net.HttpStatusCode.BadRequest
            && e.CoderMessage == AlreadyMemberMessage)
        {
        }
    }

    protected override async Task DeleteAsync(string id, UserState state, ResourceContext context, CancellationToken ct)
    {
        try
        {
            await CoderCalls.DeleteIfPresentAsync(() => context.Session.Client.Users.DeleteAsync(id, ct));
        }
        catch (CoderApiException e) when (e.StatusCode == System.Net.HttpStatusCode.ExpectationFailed)
        {
            // coderd's deleteUser answers 417 while the user owns workspaces.
            throw new ProviderException($"user \"{state.Username}\" still owns workspaces, and Coder deletes only users " +
                "who own none, so nothing was deleted. Delete the user's workspaces (or stop managing the user with " +
                "`pulumi state delete <urn>`), then run the update again.", e);
        }
    }

    private static ResourceResult<UserState> Result(User user) =>
        new(user.Id.ToString(), new UserState
        {
            Username = user.Username,
            Name = user.Name,
            Email = user.Email.Length == 0 ? null : user.Email,
            LoginType = user.LoginType,
            Roles = [.. (user.Roles ?? []).Select(r => r.Name).Where(r => r != "member")],
            Suspended = user.Status == Suspended,
            ServiceAccount = user.IsServiceAccount,
            OrganizationIds = [.. (user.OrganizationIds ?? []).Select(o => o.ToString())],
            Status = user.Status,
        });
}

using System.ComponentModel;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Validation;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Functions;

public sealed record GetUserArgs
{
    [Description("The user's id.")]
    [Uuid]
    public string? Id { get; init; }

    [Description("The user's username, or `me` for the token's own user.")]
    public string? Username { get; init; }
}

[Description("A user of the Coder deployment.")]
public sealed record GetUserResult
{
    [Description("The user's id.")]
    public string Id { get; init; } = "";

    [Description("The user's username.")]
    public string Username { get; init; } = "";

    [Description("The user's full name.")]
    public string Name { get; init; } = "";

    [Description("The user's email address.")]
    public string Email { get; init; } = "";

    [Description("How the user logs in.")]
    public string LoginType { get; init; } = "";

    [Description("The user's site-wide roles.")]
    public IReadOnlyList<string> Roles { get; init; } = [];

    [Description("`active`, `dormant` or `suspended`.")]
    public string Status { get; init; } = "";

    [Description("Whether the user is suspended.")]
    public bool Suspended { get; init; }

    [Description("The ids of the organizations the user belongs to.")]
    public IReadOnlyList<string> OrganizationIds { get; init; } = [];

    [Description("The URL of the user's avatar.")]
    public string AvatarUrl { get; init; } = "";
}

[PulumiType("getUser")]
[Description("Looks up a user by id or username (`me` is the token's own user).")]
public sealed class GetUserFunction : Function<GetUserArgs, GetUserResult>
{
    protected override IEnumerable<CheckFailure> Validate(GetUserArgs arguments)
    {
        if (arguments.Id is null == arguments.Username is null)
            yield return new CheckFailure("id", "give either id or username (`me` for the token's own user).");
    }

    protected override async Task<GetUserResult> InvokeAsync(GetUserArgs arguments, ResourceContext context, CancellationToken ct)
    {
        var key = arguments.Id ?? arguments.Username!;
        var user = await CoderCalls.OrNullIfGoneAsync(() => context.Session.Client.Users.GetAsync(key, ct), unknownUserMeansGone: true)
            ?? throw new ProviderException($"getUser: no user with {(arguments.Id is null ? "username" : "id")} \"{key}\" on {context.Session.Configuration.Url}.");
        return new GetUserResult
        {
            Id = user.Id.ToString(),
            Username = user.Username,
            Name = user.Name,
            Email = user.Email,
            LoginType = user.LoginType,
            Roles = [.. (user.Roles ?? []).Select(r => r.Name).Where(r => r != "member").Order(StringComparer.Ordinal)],
            Status = user.Status,
            Suspended = user.Status == "suspended",
            OrganizationIds = [.. (user.OrganizationIds ?? []).Select(o => o.ToString()).Order(StringComparer.Ordinal)],
            AvatarUrl = user.AvatarUrl,
        };
    }
}

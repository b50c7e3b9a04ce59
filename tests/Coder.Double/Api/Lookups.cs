using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>A looked-up row, or the answer coderd gives when the lookup fails.</summary>
public readonly record struct Found<T>(T? Row, IResult? Error) where T : class
{
    public static implicit operator Found<T>(T row) => new(row, null);
}

/// <summary>
/// How coderd's httpmw resolves the {user}, {organization} and {group} URL parameters, with its answers.
/// Callers hold the state lock.
/// </summary>
public static class Lookups
{
    private static Found<T> Fail<T>(IResult error) where T : class => new(null, error);

    /// <summary>
    /// ExtractUserParam: "me", a uuid or a username; unknown users are 404 (not 400) in this coderd. By uuid,
    /// coderd also finds soft-deleted users (GetUserByID does not filter them), so the double does too.
    /// </summary>
    public static Found<UserRow> User(DoubleState state, HttpContext context, string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return Fail<UserRow>(Reply.BadRequest("\"user\" must be provided."));
        if (raw == "me")
        {
            return state.UserById(AuthenticationFilter.ActorId(context)) is { } me ? me : Fail<UserRow>(Reply.NotFound());
        }
        if (CoderRules.TryParseUuid(raw, out var id, out _))
        {
            return state.UserByIdIncludingDeleted(id) is { } byId ? byId : Fail<UserRow>(Reply.NotFound());
        }
        return state.UserByUsernameOrEmail(raw, "") is { } byName ? byName : Fail<UserRow>(Reply.NotFound());
    }

    /// <summary>ExtractOrganizationParam: "default" (or the nil uuid), a uuid, or a name (deleted ones excluded).</summary>
    public static Found<OrganizationRow> Organization(DoubleState state, string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return Fail<OrganizationRow>(Reply.BadRequest("\"organization\" must be provided."));
        if (raw == "default" || raw == Guid.Empty.ToString()) return state.DefaultOrganization;
        if (CoderRules.TryParseUuid(raw, out var id, out _))
        {
            // By id, coderd also finds soft-deleted organizations.
            return state.OrganizationById(id) is { } byId ? byId : Fail<OrganizationRow>(Reply.NotFound());
        }
        return state.OrganizationByName(raw) is { } byName ? byName : Fail<OrganizationRow>(Reply.NotFound());
    }

    /// <summary>ExtractOrganizationMemberParam: the user must resolve, then be a member (404 otherwise).</summary>
    public static Found<MembershipRow> Member(DoubleState state, HttpContext context, OrganizationRow organization, string? rawUser)
    {
        var user = User(state, context, rawUser);
        if (user.Error is not null) return Fail<MembershipRow>(user.Error);
        return state.Membership(organization.Id, user.Row!.Id) is { } membership ? membership : Fail<MembershipRow>(Reply.NotFound());
    }

    /// <summary>ExtractGroupParam: the {group} parameter must be a uuid.</summary>
    public static Found<GroupRow> GroupById(DoubleState state, string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return Fail<GroupRow>(Reply.BadRequest("Missing UUID in URL.", "\"group\" URL param missing"));
        }
        if (!CoderRules.TryParseUuid(raw, out var id, out var error))
        {
            return Fail<GroupRow>(Reply.BadRequest($"Invalid UUID \"{raw}\".", error));
        }
        return state.GroupById(id) is { } group ? group : Fail<GroupRow>(Reply.NotFound());
    }

    /// <summary>ExtractGroupByNameParam: case-insensitive name within the organization.</summary>
    public static Found<GroupRow> GroupByName(DoubleState state, OrganizationRow organization, string? name)
    {
        if (string.IsNullOrEmpty(name)) return Fail<GroupRow>(Reply.BadRequest("Missing group name in URL"));
        return state.GroupByName(organization.Id, name) is { } group ? group : Fail<GroupRow>(Reply.NotFound());
    }

    public static string? Route(this HttpContext context, string name) => context.Request.RouteValues[name] as string;
}

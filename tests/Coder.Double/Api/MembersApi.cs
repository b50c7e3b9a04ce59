using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>/api/v2/organizations/{organization}/members… (coderd/members.go).</summary>
public static class MembersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/organizations/{organization}/members", List);
        api.MapGet("/organizations/{organization}/paginated-members", ListPaginated);
        api.MapGet("/organizations/{organization}/members/{user}", Get);
        api.MapPost("/organizations/{organization}/members/{user}", Add);
        api.MapDelete("/organizations/{organization}/members/{user}", Remove);
        api.MapPut("/organizations/{organization}/members/{user}/roles", UpdateRoles);
    }

    private static IResult List(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.Organization(state, context.Route("organization"));
            if (found.Error is not null) return found.Error;
            var organization = found.Row!;

            // searchquery.Members: only user_id, github_user_id and include_system, as key:value terms.
            var query = (context.Request.Query["q"].FirstOrDefault() ?? "").Trim();
            var userId = Guid.Empty;
            long githubUserId = 0;
            if (query.Length > 0)
            {
                var (values, termErrors) = SearchTerms.Parse(query, (term, v) =>
                {
                    if (term is "user_id" or "github_user_id" or "include_system")
                    {
                        v.Set(term, "");
                        return null;
                    }
                    return $"invalid search term: {term}";
                });
                if (termErrors.Count > 0) return Reply.BadRequest("Invalid organization member search query.", validations: termErrors);
                var parser = new QueryParser();
                userId = parser.Uuid(values, "user_id");
                parser.Boolean(values, "include_system");
                githubUserId = parser.Int64(values, "github_user_id");
                parser.ErrorExcessParams(values);
                if (parser.Errors.Count > 0) return Reply.BadRequest("Invalid organization member search query.", validations: parser.Errors);
            }

            // OrganizationMembers has no ORDER BY: rows come in insertion order.
            var members = state.Memberships
                .Where(m => m.OrganizationId == organization.Id && (userId == Guid.Empty || m.UserId == userId))
                .Select(m => (Membership: m, User: state.UserById(m.UserId)))
                .Where(x => x.User is not null && githubUserId == 0)
                .Select(x => Convert.MemberWithUser(x.Membership, x.User!))
                .ToList();
            return Reply.Ok(members);
        }
    }

    /// <summary>
    /// coderd answers a codersdk.PaginatedMembersResponse object; swagger documents an array of them. The double
    /// follows coderd, so recordings of this call do not check clean against swagger.
    /// </summary>
    private static IResult ListPaginated(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.Organization(state, context.Route("organization"));
            if (found.Error is not null) return found.Error;
            var (filter, searchErrors) = UserFilter.Parse(context.Request.Query["q"].FirstOrDefault());
            if (filter is null) return Reply.BadRequest("Invalid member search query.", validations: searchErrors);
            var (page, pageError) = Pagination.Parse(context);
            if (page is null) return pageError!;

            var ordered = state.MembersOf(found.Row!.Id).Where(x => filter.Matches(x.User)).ToList();
            var (rows, count) = page.Apply(ordered, x => x.User.Username.ToLowerInvariant(),
                () => ordered.FirstOrDefault(x => x.User.Id == page.AfterId) is { User: { } cursor } ? cursor.Username.ToLowerInvariant() : null);
            return Reply.Ok(new PaginatedMembersResponse(rows.Select(x => Convert.MemberWithUser(x.Membership, x.User)).ToList(), count));
        }
    }

    private static IResult Get(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var member = Lookups.Member(state, context, organization.Row!, context.Route("user"));
            if (member.Error is not null) return member.Error;
            return Reply.Ok(Convert.MemberWithUser(member.Row!, state.UserById(member.Row!.UserId)!));
        }
    }

    private static IResult Add(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var user = Lookups.User(state, context, context.Route("user"));
            if (user.Error is not null) return user.Error;

            if (state.Membership(organization.Row!.Id, user.Row!.Id) is not null)
            {
                return Reply.BadRequest("User is already an organization member",
                    $"{user.Row.Username} is already a member of {organization.Row.DisplayName}");
            }
            var now = state.Now();
            var membership = new MembershipRow { OrganizationId = organization.Row.Id, UserId = user.Row.Id, CreatedAt = now, UpdatedAt = now };
            state.Memberships.Add(membership);
            return Reply.Ok(Convert.Member(membership));
        }
    }

    private static IResult Remove(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var member = Lookups.Member(state, context, organization.Row!, context.Route("user"));
            if (member.Error is not null) return member.Error;
            if (member.Row!.UserId == AuthenticationFilter.ActorId(context))
            {
                return Reply.BadRequest("cannot remove self from an organization");
            }
            state.RemoveMembership(member.Row);
            return Reply.NoContent();
        }
    }

    private static async Task<IResult> UpdateRoles(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var member = Lookups.Member(state, context, organization.Row!, context.Route("user"));
            if (member.Error is not null) return member.Error;
            var membership = member.Row!;
            if (membership.UserId == AuthenticationFilter.ActorId(context))
            {
                return Reply.BadRequest("You cannot change your own organization roles.",
                    "Another user with the appropriate permissions must change your roles.");
            }
            var body = raw.Parse<UpdateRoles>();
            if (body.Failed) return body.Error!;

            var granted = body.Value!.Roles ?? [];
            var orgId = organization.Row!.Id;
            if (granted.FirstOrDefault(r => r.Contains(':')) is { } scoped)
            {
                return Reply.BadRequest($"attempt to assign a role \"{scoped}\", remove the ':<organization_id> suffix");
            }
            var added = granted.Except(membership.Roles).ToList();
            if (added.FirstOrDefault(r => !Roles.Organization.ContainsKey(r) && !Roles.OrganizationSystem.Contains(r)) is { } unknown)
            {
                return Reply.BadRequest($"\"{unknown}:{orgId}\" is not a supported role");
            }
            if (added.FirstOrDefault(r => !Roles.OwnerMayAssignInOrganization(r)) is { } forbidden)
            {
                return Reply.BadRequest($"not authorized to assign role \"{forbidden}:{orgId}\"");
            }
            // Like coderd's UpdateMemberRoles query: roles de-duplicated, updated_at left alone.
            membership.Roles = granted.Distinct().Order(StringComparer.Ordinal).ToList();
            return Reply.Ok(Convert.Member(membership));
        }
    }
}

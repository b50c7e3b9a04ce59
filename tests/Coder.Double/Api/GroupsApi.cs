using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>Groups (enterprise/coderd/groups.go), all behind the template_rbac feature.</summary>
public static class GroupsApi
{
    private const string Feature = "template_rbac";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/groups", (HttpContext c, DoubleState s) => List(c, s, organizationId: null)).RequireFeature(Feature);
        api.MapGet("/groups/{group}", GetById).RequireFeature(Feature);
        api.MapPatch("/groups/{group}", Patch).RequireFeature(Feature);
        api.MapDelete("/groups/{group}", Delete).RequireFeature(Feature);
        api.MapGet("/groups/{group}/members", MembersById).RequireFeature(Feature);
        api.MapGet("/organizations/{organization}/groups", ListByOrganization).RequireFeature(Feature);
        api.MapPost("/organizations/{organization}/groups", Create).RequireFeature(Feature);
        api.MapGet("/organizations/{organization}/groups/{groupName}", GetByName).RequireFeature(Feature);
        api.MapGet("/organizations/{organization}/groups/{groupName}/members", MembersByName).RequireFeature(Feature);
        api.MapGet("/organizations/{organization}/paginated-groups", ListPaginated).RequireFeature(Feature);
    }

    private static IResult ListByOrganization(HttpContext context, DoubleState state)
    {
        Guid organizationId;
        lock (state.Sync)
        {
            var found = Lookups.Organization(state, context.Route("organization"));
            if (found.Error is not null) return found.Error;
            organizationId = found.Row!.Id;
        }
        return List(context, state, organizationId);
    }

    /// <param name="organizationId">Set by the organization route, which overrides any "organization" query value.</param>
    private static IResult List(HttpContext context, DoubleState state, Guid? organizationId)
    {
        var values = ParameterValues.FromQuery(context.Request.Query);
        if (organizationId is { } fixedOrganization) values.Set("organization", fixedOrganization.ToString());

        lock (state.Sync)
        {
            var parser = new QueryParser();
            var organization = parser.UuidOrName(values, "organization", name =>
                state.OrganizationByName(name) is { } o ? (o.Id, null) : (Guid.Empty, $"organization \"{name}\" not found"));
            var hasMember = parser.UuidOrName(values, "has_member", name =>
                state.UserByUsernameOrEmail(name, "") is { } u ? (u.Id, null) : (Guid.Empty, $"user \"{name}\" not found"));
            var groupIds = parser.List(values, "group_ids", term =>
                CoderRules.TryParseUuid(term.Trim(), out var id, out var error) ? (id, (string?)null) : (Guid.Empty, error));
            parser.ErrorExcessParams(values);
            if (parser.Errors.Count > 0) return Reply.QueryInvalid(parser.Errors);

            var groups = state.Groups
                .Where(g => organization == Guid.Empty || g.OrganizationId == organization)
                .Where(g => hasMember == Guid.Empty || state.GroupMembers(g).Any(u => u.Id == hasMember))
                .Where(g => groupIds.Count == 0 || groupIds.Contains(g.Id))
                .Select(g => Convert.Group(state, g))
                .ToList();
            return Reply.Ok(groups);
        }
    }

    private static IResult ListPaginated(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.Organization(state, context.Route("organization"));
            if (found.Error is not null) return found.Error;

            var (values, termErrors) = SearchTerms.Parse((context.Request.Query["q"].FirstOrDefault() ?? "").ToLowerInvariant(), (term, v) =>
            {
                v.Add("search", term);
                return null;
            });
            if (termErrors.Count > 0) return Reply.BadRequest("Invalid group search query.", validations: termErrors);
            var parser = new QueryParser();
            var search = parser.String(values, "search");
            parser.ErrorExcessParams(values);
            if (parser.Errors.Count > 0) return Reply.BadRequest("Invalid group search query.", validations: parser.Errors);
            var (page, pageError) = Pagination.Parse(context);
            if (page is null) return pageError!;

            var ordered = state.Groups
                .Where(g => g.OrganizationId == found.Row!.Id)
                .Where(g => search.Length == 0 ||
                            g.Name.Contains(search, StringComparison.OrdinalIgnoreCase) ||
                            g.DisplayName.Contains(search, StringComparison.OrdinalIgnoreCase))
                .OrderBy(SortKey, StringComparer.Ordinal)
                .ToList();
            var (rows, count) = page.Apply(ordered, SortKey, () => state.GroupById(page.AfterId) is { } cursor ? SortKey(cursor) : null);
            return Reply.Ok(new PaginatedGroupsResponse(rows.Select(g => Convert.PaginatedGroup(state, g)).ToList(), count));
        }

        // ORDER BY LOWER(name), id; the id is fixed-width so a joined key orders the same way.
        static string SortKey(GroupRow g) => g.Name.ToLowerInvariant() + "\u0000" + g.Id.ToString("N");
    }

    private static IResult GetById(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.GroupById(state, context.Route("group"));
            return found.Error ?? Reply.Ok(Convert.Group(state, found.Row!, includeMembers: !ExcludeMembers(context)));
        }
    }

    private static IResult GetByName(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var found = Lookups.GroupByName(state, organization.Row!, context.Route("groupName"));
            return found.Error ?? Reply.Ok(Convert.Group(state, found.Row!, includeMembers: !ExcludeMembers(context)));
        }
    }

    private static bool ExcludeMembers(HttpContext context) =>
        GoBools.TryParse(context.Request.Query["exclude_members"].FirstOrDefault() ?? "", out var exclude) && exclude;

    private static IResult MembersById(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.GroupById(state, context.Route("group"));
            return found.Error ?? Members(context, state, found.Row!);
        }
    }

    private static IResult MembersByName(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var found = Lookups.GroupByName(state, organization.Row!, context.Route("groupName"));
            return found.Error ?? Members(context, state, found.Row!);
        }
    }

    private static IResult Members(HttpContext context, DoubleState state, GroupRow group)
    {
        var (filter, searchErrors) = UserFilter.Parse(context.Request.Query["q"].FirstOrDefault());
        if (filter is null) return Reply.BadRequest("Invalid member search query.", validations: searchErrors);
        var (page, pageError) = Pagination.Parse(context);
        if (page is null) return pageError!;

        var members = state.GroupMembers(group);
        var ordered = members.Where(filter.Matches).OrderBy(SortKey, StringComparer.Ordinal).ToList();
        var (rows, count) = page.Apply(ordered, SortKey, () => members.FirstOrDefault(u => u.Id == page.AfterId) is { } cursor ? SortKey(cursor) : null);
        return Reply.Ok(new GroupMembersResponse(rows.Count == 0 ? null : rows.Select(Convert.Reduced).ToList(), count));

        static string SortKey(UserRow u) => u.Username.ToLowerInvariant();
    }

    private static async Task<IResult> Create(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var organization = Lookups.Organization(state, context.Route("organization"));
            if (organization.Error is not null) return organization.Error;
            var body = raw.Parse<CreateGroupRequest>();
            if (body.Failed) return body.Error!;
            var request = body.Value!;
            var name = request.Name!;

            if (name == DoubleState.EveryoneGroupName)
            {
                return Reply.BadRequest("Invalid group name.", validations: [new ValidationError("name", $"\"{name}\" is a reserved group name")]);
            }
            // The database constraint is on (name, organization_id) and case-sensitive.
            if (state.Groups.Any(g => g.OrganizationId == organization.Row!.Id && g.Name == name))
            {
                return Reply.Error(StatusCodes.Status409Conflict, $"A group named \"{name}\" already exists.",
                    validations: [new ValidationError("name", "Group names must be unique")]);
            }

            var group = new GroupRow
            {
                Id = Guid.NewGuid(),
                OrganizationId = organization.Row!.Id,
                Name = name,
                DisplayName = request.DisplayName ?? "",
                AvatarUrl = request.AvatarUrl ?? "",
                QuotaAllowance = unchecked((int)(request.QuotaAllowance ?? 0)),
            };
            state.Groups.Add(group);
            return Reply.Created(Convert.Group(state, group));
        }
    }

    private static async Task<IResult> Patch(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = Lookups.GroupById(state, context.Route("group"));
            if (found.Error is not null) return found.Error;
            var group = found.Row!;
            var body = raw.Parse<PatchGroupRequest>();
            if (body.Failed) return body.Error!;
            var request = body.Value!;

            // The current name means "no rename".
            var newName = request.Name == group.Name ? "" : request.Name ?? "";
            const string everyone = DoubleState.EveryoneGroupName;
            if (group.IsEveryone && newName != "") return Reply.BadRequest($"Cannot rename the \"{everyone}\" group!");
            if (group.IsEveryone && !string.IsNullOrEmpty(request.DisplayName))
            {
                return Reply.BadRequest($"Cannot update the Display Name for the \"{everyone}\" group!");
            }
            if (newName == everyone) return Reply.BadRequest($"\"{everyone}\" is a reserved group name!");

            var addUsers = request.AddUsers ?? [];
            var removeUsers = request.RemoveUsers ?? [];
            var mentioned = addUsers.Concat(removeUsers).ToList();
            if (mentioned.Count > 0 && group.Name == everyone)
            {
                return Reply.Error(StatusCodes.Status403Forbidden, $"Cannot add or remove users from the \"{everyone}\" group!");
            }
            foreach (var rawId in mentioned)
            {
                if (!CoderRules.TryParseUuid(rawId, out var userId, out _))
                {
                    return Reply.BadRequest($"ID \"{rawId}\" must be a valid user UUID.");
                }
                if (state.Membership(group.OrganizationId, userId) is null)
                {
                    // coderd puts the group's name where the organization's would be expected.
                    return Reply.BadRequest($"User must be a member of organization \"{group.Name}\"");
                }
            }
            if (newName != "" && state.GroupByName(group.OrganizationId, newName) is { } existing && existing.Id != group.Id)
            {
                return Reply.Error(StatusCodes.Status409Conflict, $"A group with name \"{newName}\" already exists.");
            }

            // coderd applies everything in one transaction: a duplicate member undoes the whole patch.
            var addIds = addUsers.Select(id => CoderRules.TryParseUuid(id, out var g, out _) ? g : Guid.Empty).ToList();
            Guid? duplicate = addIds.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1)?.Key;
            duplicate ??= addIds.Where(group.MemberIds.Contains).Select(id => (Guid?)id).FirstOrDefault();
            if (duplicate is { } dup)
            {
                return Reply.BadRequest("Cannot add the same user to a group twice!",
                    $"insert group member \"{dup}\": pq: duplicate key value violates unique constraint \"group_members_user_id_group_id_key\"");
            }

            if (request.AvatarUrl is not null) group.AvatarUrl = request.AvatarUrl;
            if (newName != "") group.Name = newName;
            if (request.QuotaAllowance is { } quota) group.QuotaAllowance = unchecked((int)quota);
            if (request.DisplayName is not null) group.DisplayName = request.DisplayName;
            group.MemberIds.AddRange(addIds);
            foreach (var id in removeUsers.Select(r => CoderRules.TryParseUuid(r, out var g, out _) ? g : Guid.Empty))
            {
                group.MemberIds.Remove(id);
            }
            return Reply.Ok(Convert.Group(state, group));
        }
    }

    private static IResult Delete(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.GroupById(state, context.Route("group"));
            if (found.Error is not null) return found.Error;
            if (found.Row!.Name == DoubleState.EveryoneGroupName)
            {
                return Reply.BadRequest($"\"{DoubleState.EveryoneGroupName}\" is a reserved group and cannot be deleted!");
            }
            state.Groups.Remove(found.Row);
            return Reply.Ok(new CoderResponse("Successfully deleted group!"));
        }
    }
}

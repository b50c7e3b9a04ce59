using Coder.Double.Control;
using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>/api/v2/users…, as coderd/users.go answers them.</summary>
public static class UsersApi
{
    private static readonly string[] KnownStatuses = ["active", "dormant", "suspended"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/users", ListUsers);
        api.MapPost("/users", CreateUser);
        api.MapGet("/users/{user}", GetUser);
        api.MapDelete("/users/{user}", DeleteUser);
        api.MapPut("/users/{user}/profile", UpdateProfile);
        api.MapGet("/users/{user}/roles", GetRoles);
        api.MapPut("/users/{user}/roles", UpdateRoles);
        api.MapPut("/users/{user}/status/activate", (HttpContext c, DoubleState s) => SetStatus(c, s, "active"));
        api.MapPut("/users/{user}/status/suspend", (HttpContext c, DoubleState s) => SetStatus(c, s, "suspended"));
        api.MapPut("/users/{user}/password", UpdatePassword);
        api.MapGet("/users/{user}/login-type", GetLoginType);
        api.MapGet("/users/{user}/organizations", ListUserOrganizations);
        api.MapGet("/users/{user}/organizations/{organizationname}", GetUserOrganizationByName);
    }

    private static IResult ListUsers(HttpContext context, DoubleState state)
    {
        var (filter, searchErrors) = UserFilter.Parse(context.Request.Query["q"].FirstOrDefault());
        if (filter is null) return Reply.BadRequest("Invalid user search query.", validations: searchErrors);
        var (page, pageError) = Pagination.Parse(context);
        if (page is null) return pageError!;

        lock (state.Sync)
        {
            var ordered = state.Users.Where(u => !u.Deleted && filter.Matches(u)).OrderBy(SortKey, StringComparer.Ordinal).ToList();
            var (rows, count) = page.Apply(ordered, SortKey, () => state.Users.FirstOrDefault(u => u.Id == page.AfterId) is { } cursor ? SortKey(cursor) : null);
            var users = rows.Select(u =>
            {
                var orgIds = state.OrganizationIdsOf(u.Id);
                return Convert.User(u, orgIds.Count == 0 ? null : orgIds);
            }).ToList();
            return Reply.Ok(new GetUsersResponse(users, count));
        }
    }

    private static string SortKey(UserRow user) => user.Username.ToLowerInvariant();

    private static async Task<IResult> CreateUser(HttpContext context, DoubleState state, LicenseSettings license, DeploymentSettings deployment)
    {
        var raw = await RawBody.ReadAsync(context);
        var body = raw.Parse<CreateUserRequestWithOrgs>();
        if (body.Failed) return body.Error!;
        var request = body.Value!;

        var loginType = request.LoginType ?? "";
        var password = request.Password ?? "";
        var email = request.Email ?? "";
        var serviceAccount = request.ServiceAccount == true;
        if (serviceAccount)
        {
            if (loginType != "" && loginType != "none") return Reply.BadRequest("Service accounts must use login type 'none'.");
            if (password != "") return Reply.BadRequest("Password cannot be set for service accounts.");
            if (email != "") return Reply.BadRequest("Email cannot be set for service accounts.");
            loginType = "none";
            if (!license.IsEnabled("service_accounts")) return FeatureGate.PremiumRequired("service_accounts");
        }
        else if (loginType == "")
        {
            loginType = "password";
        }

        if (!serviceAccount && loginType == "none") return Reply.BadRequest("Login type 'none' requires a service account.");
        if (loginType != "password" && password != "")
        {
            return Reply.BadRequest($"Password cannot be set for non-password (\"{loginType}\") authentication.");
        }

        var organizationIds = (request.OrganizationIds ?? []).ToList();
        if (request.OrganizationId is { } legacy) organizationIds.Add(legacy);
        if (organizationIds.Count == 0)
        {
            return Reply.BadRequest(
                "No organization specified to place the user as a member of. It is required to specify at least one organization id to place the user in.",
                "required at least 1 value for the array 'organization_ids'",
                [new ValidationError("organization_ids", "Missing values, this cannot be empty")]);
        }

        lock (state.Sync)
        {
            var username = request.Username!;
            if (state.UserByUsernameOrEmail(username, email) is not null)
            {
                return Reply.Error(StatusCodes.Status409Conflict, "User already exists.");
            }

            for (var i = 0; i < organizationIds.Count; i++)
            {
                var id = organizationIds[i];
                if (id == Guid.Empty)
                {
                    organizationIds[i] = state.DefaultOrganization.Id;
                }
                else if (state.OrganizationById(id) is null)
                {
                    return Reply.Error(StatusCodes.Status404NotFound, $"Organization does not exist with the provided id \"{id}\".");
                }
            }

            switch (loginType)
            {
                case "none":
                case "github":
                    break;
                case "password":
                    if (CoderRules.PasswordProblem(password) is { } weak)
                    {
                        return Reply.BadRequest("Password is invalid", validations: [new ValidationError("password", weak)]);
                    }
                    break;
                case "oidc":
                    if (!deployment.OidcConfigured) return Reply.BadRequest("You must configure OIDC before creating OIDC users.");
                    break;
                default:
                    return Reply.BadRequest($"Unsupported login type \"{loginType}\" for manually creating new users.");
            }

            var roles = request.Roles ?? [];
            if (roles.FirstOrDefault(r => !Roles.Site.ContainsKey(r)) is { } unknownRole)
            {
                return Reply.Error(StatusCodes.Status500InternalServerError, "Internal error creating user.",
                    $"create user: \"{unknownRole}\" is not a supported role");
            }
            var status = request.UserStatus is null or "" ? "dormant" : request.UserStatus;
            if (!KnownStatuses.Contains(status))
            {
                return Reply.Error(StatusCodes.Status500InternalServerError, "Internal error creating user.",
                    $"create user: pq: invalid input value for enum user_status: \"{status}\"");
            }
            if (organizationIds.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            {
                return Reply.Error(StatusCodes.Status500InternalServerError, "Internal error creating user.",
                    $"create organization member for \"{duplicate.Key}\": pq: duplicate key value violates unique constraint \"organization_members_pkey\"");
            }

            var now = state.Now();
            var user = new UserRow
            {
                Id = Guid.NewGuid(),
                Username = username,
                Email = email,
                Name = (request.Name ?? "").Trim(),
                LoginType = loginType,
                Status = status,
                RbacRoles = roles.ToList(),
                IsServiceAccount = serviceAccount,
                CreatedAt = now,
                UpdatedAt = now,
                Password = password == "" ? null : PasswordHash.Of(password),
            };
            state.Users.Add(user);
            foreach (var organizationId in organizationIds)
            {
                state.Memberships.Add(new MembershipRow { OrganizationId = organizationId, UserId = user.Id, CreatedAt = now, UpdatedAt = now });
            }
            return Reply.Created(Convert.User(user, organizationIds));
        }
    }

    private static IResult GetUser(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var user = Lookups.User(state, context, context.Route("user"));
            if (user.Error is not null) return user.Error;
            return Reply.Ok(Convert.User(user.Row!, state.OrganizationIdsOf(user.Row!.Id)));
        }
    }

    private static IResult DeleteUser(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.User(state, context, context.Route("user"));
            if (found.Error is not null) return found.Error;
            var user = found.Row!;
            if (user.Id == AuthenticationFilter.ActorId(context))
            {
                return Reply.Error(StatusCodes.Status403Forbidden, "You cannot delete yourself!");
            }
            if (state.WorkspaceCountOf(user.Id) > 0)
            {
                return Reply.Error(StatusCodes.Status417ExpectationFailed,
                    "You cannot delete a user that has workspaces. Delete their workspaces and try again!");
            }

            user.Deleted = true;
            // The database trigger on deleted users: their keys and memberships (and so group memberships) go.
            foreach (var key in state.ApiKeys.Values.Where(k => k.UserId == user.Id).ToList()) state.ApiKeys.Remove(key.Id);
            foreach (var membership in state.Memberships.Where(m => m.UserId == user.Id).ToList()) state.RemoveMembership(membership);
            // coderd also writes {"message":"User has been deleted!"}; swagger documents this 200 without a body, and
            // no client can use the text, so the double answers with an empty 200 to keep recordings swagger-clean.
            return Results.StatusCode(StatusCodes.Status200OK);
        }
    }

    private static async Task<IResult> UpdateProfile(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = Lookups.User(state, context, context.Route("user"));
            if (found.Error is not null) return found.Error;
            var user = found.Row!;
            var body = raw.Parse<UpdateUserProfileRequest>();
            if (body.Failed) return body.Error!;
            var request = body.Value!;

            var existing = state.UserByUsernameOrEmail(request.Username!, "");
            if (existing is not null && existing.Id != user.Id)
            {
                return Reply.Error(StatusCodes.Status409Conflict, "A user with this username already exists.",
                    validations: [new ValidationError("username", "This username is already in use.")]);
            }

            user.Username = request.Username!;
            user.Name = request.Name ?? "";
            // Avatars of IdP-backed users are synced from the IdP; coderd ignores a submitted one.
            if (user.LoginType is "password" or "none") user.AvatarUrl = request.AvatarUrl ?? "";
            user.UpdatedAt = state.Now();
            return Reply.Ok(Convert.User(user, state.OrganizationIdsOf(user.Id)));
        }
    }

    /// <summary>
    /// coderd answers codersdk.UserRoles here although swagger documents codersdk.User; the double follows coderd
    /// (clients parse this body), so a recording of this call does not check clean against swagger.
    /// </summary>
    private static IResult GetRoles(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.User(state, context, context.Route("user"));
            if (found.Error is not null) return found.Error;
            var user = found.Row!;
            var organizationRoles = state.Memberships.Where(m => m.UserId == user.Id)
                .ToDictionary(m => m.OrganizationId.ToString(), m => (IReadOnlyList<string>)m.Roles.ToList());
            return Reply.Ok(new UserRoles(user.RbacRoles.ToList(), organizationRoles));
        }
    }

    private static async Task<IResult> UpdateRoles(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = Lookups.User(state, context, context.Route("user"));
            if (found.Error is not null) return found.Error;
            var user = found.Row!;
            if (user.Id == AuthenticationFilter.ActorId(context)) return Reply.BadRequest("You cannot change your own roles.");
            var body = raw.Parse<UpdateRoles>();
            if (body.Failed) return body.Error!;

            var granted = body.Value!.Roles ?? [];
            if (granted.FirstOrDefault(r => !Roles.Site.ContainsKey(r)) is { } unknown)
            {
                return Reply.BadRequest($"\"{unknown}\" is not a supported role");
            }
            // The query stores the distinct roles (Postgres hands them back sorted).
            user.RbacRoles = granted.Distinct().Order(StringComparer.Ordinal).ToList();
            return Reply.Ok(Convert.User(user, state.OrganizationIdsOf(user.Id)));
        }
    }

    private static IResult SetStatus(HttpContext context, DoubleState state, string status)
    {
        lock (state.Sync)
        {
            var found = Lookups.User(state, context, context.Route("user"));
            if (found.Error is not null) return found.Error;
            var user = found.Row!;
            if (status == "suspended")
            {
                if (user.Id == AuthenticationFilter.ActorId(context)) return Reply.BadRequest("You cannot suspend yourself.");
                if (user.RbacRoles.Contains(Roles.Owner))
                {
                    return Reply.BadRequest("You cannot suspend a user with the \"owner\" role. You must remove the role first.");
                }
            }
            user.Status = status;
            user.UpdatedAt = state.Now();
            return Reply.Ok(Convert.User(user, state.OrganizationIdsOf(user.Id)));
        }
    }

    private static async Task<IResult> UpdatePassword(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = Lookups.User(state, context, context.Route("user"));
            if (found.Error is not null) return found.Error;
            var user = found.Row!;
            var body = raw.Parse<UpdateUserPasswordRequest>();
            if (body.Failed) return body.Error!;
            var request = body.Value!;
            var oldPassword = request.OldPassword ?? "";
            var newPassword = request.Password!;

            if (user.LoginType != "password") return Reply.BadRequest("Users without password login type cannot change their password.");
            if (user.Id == AuthenticationFilter.ActorId(context) && oldPassword == "") return Reply.BadRequest("Old password is required.");
            if (CoderRules.PasswordProblem(newPassword) is { } weak)
            {
                return Reply.BadRequest("Invalid password.", validations: [new ValidationError("password", weak)]);
            }
            if (oldPassword != "" && user.Password?.Matches(oldPassword) != true)
            {
                return Reply.BadRequest("Old password is incorrect.", validations: [new ValidationError("old_password", "Old password is incorrect.")]);
            }
            if (user.Password?.Matches(newPassword) == true) return Reply.BadRequest("New password cannot match old password.");

            user.Password = PasswordHash.Of(newPassword);
            // coderd revokes every session of the user, the caller's own included.
            foreach (var key in state.ApiKeys.Values.Where(k => k.UserId == user.Id).ToList()) state.ApiKeys.Remove(key.Id);
            return Reply.NoContent();
        }
    }

    private static IResult GetLoginType(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.User(state, context, context.Route("user"));
            if (found.Error is not null) return found.Error;
            if (found.Row!.Id != AuthenticationFilter.ActorId(context))
            {
                return Reply.Error(StatusCodes.Status403Forbidden, "You are not authorized to view this user's login type.");
            }
            return Reply.Ok(new UserLoginType(found.Row.LoginType));
        }
    }

    private static IResult ListUserOrganizations(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.User(state, context, context.Route("user"));
            if (found.Error is not null) return found.Error;
            var ids = state.OrganizationIdsOf(found.Row!.Id).ToHashSet();
            var organizations = state.Organizations.Where(o => !o.Deleted && ids.Contains(o.Id)).Select(Convert.Organization).ToList();
            return Reply.Ok(organizations);
        }
    }

    private static IResult GetUserOrganizationByName(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.User(state, context, context.Route("user"));
            if (found.Error is not null) return found.Error;
            // coderd looks the organization up by name only; membership is not checked.
            var organization = state.OrganizationByName(context.Route("organizationname") ?? "");
            return organization is null ? Reply.NotFound() : Reply.Ok(Convert.Organization(organization));
        }
    }
}

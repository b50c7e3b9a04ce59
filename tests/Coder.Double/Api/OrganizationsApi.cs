using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>/api/v2/organizations… (coderd/organizations.go, enterprise/coderd/organizations.go).</summary>
public static class OrganizationsApi
{
    private const string Feature = "multiple_organizations";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/organizations", List);
        api.MapPost("/organizations", Create).RequireFeature(Feature);
        api.MapGet("/organizations/{organization}", Get);
        api.MapPatch("/organizations/{organization}", Update).RequireFeature(Feature);
        api.MapDelete("/organizations/{organization}", Delete).RequireFeature(Feature);
    }

    private static IResult List(DoubleState state)
    {
        lock (state.Sync)
        {
            return Reply.Ok(state.Organizations.Where(o => !o.Deleted).Select(Convert.Organization).ToList());
        }
    }

    private static IResult Get(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.Organization(state, context.Route("organization"));
            return found.Error ?? Reply.Ok(Convert.Organization(found.Row!));
        }
    }

    private static async Task<IResult> Create(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var body = raw.Parse<CreateOrganizationRequest>();
            if (body.Failed) return body.Error!;
            var request = body.Value!;
            var name = request.Name!;
            if (name == "default") return Reply.BadRequest("Organization name \"default\" is reserved.");
            if (state.OrganizationByName(name) is not null)
            {
                return Reply.Error(StatusCodes.Status409Conflict, "Organization already exists with that name.");
            }

            var now = state.Now();
            var organization = new OrganizationRow
            {
                Id = Guid.NewGuid(),
                Name = name,
                DisplayName = string.IsNullOrEmpty(request.DisplayName) ? name : request.DisplayName,
                Description = request.Description ?? "",
                Icon = request.Icon ?? "",
                CreatedAt = now,
                UpdatedAt = now,
                DefaultOrgMemberRoles = ["organization-workspace-access"],
            };
            state.Organizations.Add(organization);
            state.AddStandardDaemon(organization.Id);
            // The creator becomes a plain member, and every organization gets its Everyone group.
            state.Memberships.Add(new MembershipRow
            {
                OrganizationId = organization.Id,
                UserId = AuthenticationFilter.ActorId(context),
                CreatedAt = now,
                UpdatedAt = now,
            });
            state.Groups.Add(DoubleState.NewEveryoneGroup(organization.Id));
            return Reply.Created(Convert.Organization(organization));
        }
    }

    private static async Task<IResult> Update(HttpContext context, DoubleState state)
    {
        var raw = await RawBody.ReadAsync(context);
        lock (state.Sync)
        {
            var found = Lookups.Organization(state, context.Route("organization"));
            if (found.Error is not null) return found.Error;
            var organization = found.Row!;
            var body = raw.Parse<UpdateOrganizationRequest>();
            if (body.Failed) return body.Error!;
            var request = body.Value!;

            if (request.Name == "default") return Reply.BadRequest("Organization name \"default\" is reserved.");
            if (request.DefaultOrgMemberRoles is { } defaults &&
                defaults.FirstOrDefault(r => !Roles.Organization.ContainsKey(r)) is { } invalid)
            {
                return Reply.BadRequest("Invalid default_org_member_roles entry.",
                    $"\"{invalid}\" is not a built-in role; default_org_member_roles currently accepts built-in role names only.",
                    [new ValidationError("default_org_member_roles", $"\"{invalid}\" is not a built-in role.")]);
            }

            var newName = string.IsNullOrEmpty(request.Name) ? organization.Name : request.Name;
            var clash = state.Organizations.FirstOrDefault(o =>
                !o.Deleted && o.Id != organization.Id && string.Equals(o.Name, newName, StringComparison.OrdinalIgnoreCase));
            if (clash is not null && !organization.Deleted)
            {
                return Reply.Error(StatusCodes.Status409Conflict, $"Organization already exists with the name \"{request.Name}\".",
                    validations: [new ValidationError("name", "This value is already in use and should be unique.")]);
            }

            organization.Name = newName;
            if (!string.IsNullOrEmpty(request.DisplayName)) organization.DisplayName = request.DisplayName;
            if (request.Description is not null) organization.Description = request.Description;
            if (request.Icon is not null) organization.Icon = request.Icon;
            if (request.DefaultOrgMemberRoles is not null) organization.DefaultOrgMemberRoles = request.DefaultOrgMemberRoles.ToList();
            organization.UpdatedAt = state.Now();
            return Reply.Ok(Convert.Organization(organization));
        }
    }

    private static IResult Delete(HttpContext context, DoubleState state)
    {
        lock (state.Sync)
        {
            var found = Lookups.Organization(state, context.Route("organization"));
            if (found.Error is not null) return found.Error;
            var organization = found.Row!;
            if (organization.IsDefault) return Reply.BadRequest("Default organization cannot be deleted.");

            // coderd's protect_deleting_organizations trigger: only the Everyone group and one member may remain.
            var (workspaces, templates, provisionerKeys) = state.OrganizationResources(organization.Id);
            var members = state.MembersOf(organization.Id).Count;
            var groups = state.Groups.Count(g => g.OrganizationId == organization.Id);
            if (organization.Deleted)
            {
                organization.UpdatedAt = state.Now();
                return Reply.Ok(new CoderResponse("Organization has been deleted."));
            }
            if (workspaces + templates + provisionerKeys > 0 || groups > 1 || members > 1)
            {
                var parts = new List<string>();
                AddPart(parts, "workspace", workspaces);
                AddPart(parts, "template", templates);
                AddPart(parts, "member", members - 1);
                AddPart(parts, "group", groups - 1);
                AddPart(parts, "provisioner key", provisionerKeys);
                return Reply.Error(StatusCodes.Status500InternalServerError, "Error deleting organization.",
                    $"This organization has {string.Join(", ", parts)} that must be deleted first.");
            }

            organization.Deleted = true;
            organization.UpdatedAt = state.Now();
            return Reply.Ok(new CoderResponse("Organization has been deleted."));
        }
    }

    private static void AddPart(List<string> parts, string resource, int count)
    {
        if (count == 1) parts.Add($"1 {resource}");
        else if (count > 1) parts.Add($"{count} {resource}s");
    }
}

using Coder.Double.Infrastructure;

namespace Coder.Double.Api;

// Request bodies as coderd decodes them. Every field is nullable because Go leaves a field at its zero value when
// the JSON says null or leaves it out; handlers apply the zero values. Validate() mirrors the Go validate tags.

internal static class Check
{
    public static FieldFailure? Required(string field, string? value) =>
        string.IsNullOrEmpty(value) ? new FieldFailure(field, "required", "") : null;

    public static FieldFailure? Rule(string field, string tag, string? value, Func<string, string?> problem) =>
        problem(value ?? "") is null ? null : new FieldFailure(field, tag, value ?? "");

    /// <summary>"omitempty,&lt;tag&gt;": an empty value skips the rule.</summary>
    public static FieldFailure? Optional(string field, string tag, string? value, Func<string, string?> problem) =>
        string.IsNullOrEmpty(value) ? null : Rule(field, tag, value, problem);

    public static IEnumerable<FieldFailure> Collect(params FieldFailure?[] failures) => failures.OfType<FieldFailure>();
}

public sealed record CreateUserRequestWithOrgs(
    string? Email,
    string? Username,
    string? Name,
    string? Password,
    string? LoginType,
    string? UserStatus,
    List<Guid>? OrganizationIds,
    bool? ServiceAccount,
    List<string>? Roles,
    // The legacy single-organization field; coderd appends it to organization_ids.
    Guid? OrganizationId) : ICoderRequest<CreateUserRequestWithOrgs>
{
    public static string GoTypeName => "CreateUserRequestWithOrgs";

    public IEnumerable<FieldFailure> Validate()
    {
        FieldFailure? email = ServiceAccount == true
            ? Check.Optional("email", "email", Email, EmailProblem)
            : string.IsNullOrEmpty(Email)
                ? new FieldFailure("email", "required_unless", "")
                : Check.Rule("email", "email", Email, EmailProblem);
        return Check.Collect(
            email,
            Check.Required("username", Username) ?? Check.Rule("username", "username", Username, CoderRules.NameProblem),
            Check.Rule("name", "user_real_name", Name, CoderRules.UserRealNameProblem));
    }

    private static string? EmailProblem(string value) => CoderRules.IsEmail(value) ? null : "invalid email";
}

public sealed record UpdateUserProfileRequest(string? Username, string? Name, string? AvatarUrl) : ICoderRequest<UpdateUserProfileRequest>
{
    public static string GoTypeName => "UpdateUserProfileRequest";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(
        Check.Required("username", Username) ?? Check.Rule("username", "username", Username, CoderRules.NameProblem),
        Check.Rule("name", "user_real_name", Name, CoderRules.UserRealNameProblem));
}

public sealed record UpdateUserPasswordRequest(string? OldPassword, string? Password) : ICoderRequest<UpdateUserPasswordRequest>
{
    public static string GoTypeName => "UpdateUserPasswordRequest";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(Check.Required("password", Password));
}

public sealed record UpdateRoles(List<string>? Roles) : ICoderRequest<UpdateRoles>
{
    public static string GoTypeName => "UpdateRoles";

    public IEnumerable<FieldFailure> Validate() => [];
}

public sealed record CreateOrganizationRequest(string? Name, string? DisplayName, string? Description, string? Icon)
    : ICoderRequest<CreateOrganizationRequest>
{
    public static string GoTypeName => "CreateOrganizationRequest";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(
        Check.Required("name", Name) ?? Check.Rule("name", "organization_name", Name, CoderRules.NameProblem),
        Check.Optional("display_name", "organization_display_name", DisplayName, CoderRules.DisplayNameProblem));
}

public sealed record UpdateOrganizationRequest(
    string? Name,
    string? DisplayName,
    string? Description,
    string? Icon,
    List<string>? DefaultOrgMemberRoles) : ICoderRequest<UpdateOrganizationRequest>
{
    public static string GoTypeName => "UpdateOrganizationRequest";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(
        Check.Optional("name", "organization_name", Name, CoderRules.NameProblem),
        Check.Optional("display_name", "organization_display_name", DisplayName, CoderRules.DisplayNameProblem));
}

public sealed record CreateGroupRequest(string? Name, string? DisplayName, string? AvatarUrl, long? QuotaAllowance)
    : ICoderRequest<CreateGroupRequest>
{
    public static string GoTypeName => "CreateGroupRequest";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(
        Check.Required("name", Name) ?? Check.Rule("name", "group_name", Name, CoderRules.GroupNameProblem),
        Check.Optional("display_name", "group_display_name", DisplayName, CoderRules.DisplayNameProblem));
}

public sealed record PatchGroupRequest(
    List<string>? AddUsers,
    List<string>? RemoveUsers,
    string? Name,
    string? DisplayName,
    string? AvatarUrl,
    long? QuotaAllowance) : ICoderRequest<PatchGroupRequest>
{
    public static string GoTypeName => "PatchGroupRequest";

    public IEnumerable<FieldFailure> Validate() => Check.Collect(
        Check.Optional("name", "group_name", Name, CoderRules.GroupNameProblem),
        Check.Optional("display_name", "group_display_name", DisplayName, CoderRules.DisplayNameProblem));
}

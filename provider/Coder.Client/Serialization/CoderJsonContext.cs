using System.Text.Json.Serialization;
using Coder.Client.Models;

namespace Coder.Client.Serialization;

/// <summary>
/// The one source-generated System.Text.Json context for every Coder model; the client never falls back to
/// reflection-based serialization.
/// </summary>
/// <remarks>
/// Nulls are left out when writing because coderd decodes a missing field and a null field the same way (Go's zero
/// value), and leaving them out keeps optional request fields optional. Reading ignores case because a few codersdk
/// structs have no json tags, so Go writes their field names as declared ("ID") while the swagger spells them
/// lower case; Go's own decoder matches names without regard to case as well.
/// <para>Model conventions (Models/*.cs): in responses, a Go string or struct is non-nullable, with <c>""</c> for
/// strings and an empty record for nested objects as defaults, which is also what it reads as when coderd leaves it
/// out (<c>omitempty</c> on an empty value); a Go pointer, slice or map, which coderd may write as null, is
/// nullable. A property with a default has
/// a <c>set</c> accessor, not <c>init</c>: the source generator passes every init-only property to the object
/// initializer, so a field missing from the body (omitempty, a proxy, an older coderd) would replace the default with
/// null (dotnet/runtime#84484); ModelDefaultsTests holds every model to this. In requests, fields the
/// swagger marks required are C# <c>required</c>; all others are nullable and left out when null. Values of
/// codersdk's string enums stay strings (see WellKnownValues.cs) so a value added by a newer coderd reads fine.</para>
/// </remarks>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    UseStringEnumConverter = false)]
[JsonSerializable(typeof(ApiResponse))]
[JsonSerializable(typeof(ValidationError))]
[JsonSerializable(typeof(MinimalUser))]
[JsonSerializable(typeof(ReducedUser))]
[JsonSerializable(typeof(SlimRole))]
[JsonSerializable(typeof(BuildInfoResponse))]
[JsonSerializable(typeof(Entitlements))]
[JsonSerializable(typeof(Feature))]
[JsonSerializable(typeof(UsagePeriod))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(Group))]
[JsonSerializable(typeof(CreateGroupRequest))]
[JsonSerializable(typeof(PatchGroupRequest))]
[JsonSerializable(typeof(Organization))]
[JsonSerializable(typeof(CreateOrganizationRequest))]
[JsonSerializable(typeof(UpdateOrganizationRequest))]
[JsonSerializable(typeof(OrganizationMember))]
[JsonSerializable(typeof(OrganizationMemberWithUserData))]
[JsonSerializable(typeof(ProvisionerJob))]
[JsonSerializable(typeof(ProvisionerJobInput))]
[JsonSerializable(typeof(ProvisionerJobMetadata))]
[JsonSerializable(typeof(ProvisionerJobLog))]
[JsonSerializable(typeof(ProvisionerDaemon))]
[JsonSerializable(typeof(ProvisionerDaemonJob))]
[JsonSerializable(typeof(TemplateVersion))]
[JsonSerializable(typeof(CreateTemplateVersionRequest))]
[JsonSerializable(typeof(VariableValue))]
[JsonSerializable(typeof(PatchTemplateVersionRequest))]
[JsonSerializable(typeof(TemplateVersionParameter))]
[JsonSerializable(typeof(TemplateVersionParameterOption))]
[JsonSerializable(typeof(TemplateVersionVariable))]
[JsonSerializable(typeof(TemplateVersionExternalAuth))]
[JsonSerializable(typeof(CreateTemplateVersionDryRunRequest))]
[JsonSerializable(typeof(MatchedProvisioners))]
[JsonSerializable(typeof(Template))]
[JsonSerializable(typeof(CreateTemplateRequest))]
[JsonSerializable(typeof(UpdateTemplateMeta))]
[JsonSerializable(typeof(TemplateAutostartRequirement))]
[JsonSerializable(typeof(TemplateAutostopRequirement))]
[JsonSerializable(typeof(TransitionStats))]
[JsonSerializable(typeof(UpdateActiveTemplateVersion))]
[JsonSerializable(typeof(ArchiveTemplateVersionsRequest))]
[JsonSerializable(typeof(ArchiveTemplateVersionsResponse))]
[JsonSerializable(typeof(TemplateACL))]
[JsonSerializable(typeof(TemplateUser))]
[JsonSerializable(typeof(TemplateGroup))]
[JsonSerializable(typeof(UpdateTemplateACL))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(GetUsersResponse))]
[JsonSerializable(typeof(CreateUserRequestWithOrgs))]
[JsonSerializable(typeof(UpdateUserProfileRequest))]
[JsonSerializable(typeof(UpdateUserPasswordRequest))]
[JsonSerializable(typeof(UpdateRoles))]
[JsonSerializable(typeof(UserLoginType))]
[JsonSerializable(typeof(UserRoles))]
[JsonSerializable(typeof(WorkspaceAgent))]
[JsonSerializable(typeof(WorkspaceAgentHealth))]
[JsonSerializable(typeof(WorkspaceAgentLogSource))]
[JsonSerializable(typeof(WorkspaceAgentMetadata))]
[JsonSerializable(typeof(WorkspaceAgentMetadataDescription))]
[JsonSerializable(typeof(WorkspaceAgentMetadataResult))]
[JsonSerializable(typeof(WorkspaceAgentScript))]
[JsonSerializable(typeof(WorkspaceApp))]
[JsonSerializable(typeof(WorkspaceAppStatus))]
[JsonSerializable(typeof(Healthcheck))]
[JsonSerializable(typeof(DERPRegion))]
[JsonSerializable(typeof(WorkspaceBuild))]
[JsonSerializable(typeof(CreateWorkspaceBuildRequest))]
[JsonSerializable(typeof(CreateWorkspaceBuildOnSuccessRequest))]
[JsonSerializable(typeof(WorkspaceBuildParameter))]
[JsonSerializable(typeof(WorkspaceResource))]
[JsonSerializable(typeof(WorkspaceResourceMetadata))]
[JsonSerializable(typeof(Workspace))]
[JsonSerializable(typeof(WorkspacesResponse))]
[JsonSerializable(typeof(CreateWorkspaceRequest))]
[JsonSerializable(typeof(UpdateWorkspaceRequest))]
[JsonSerializable(typeof(UpdateWorkspaceAutostartRequest))]
[JsonSerializable(typeof(UpdateWorkspaceTTLRequest))]
[JsonSerializable(typeof(UpdateWorkspaceAutomaticUpdatesRequest))]
[JsonSerializable(typeof(UpdateWorkspaceDormancy))]
[JsonSerializable(typeof(WorkspaceHealth))]
[JsonSerializable(typeof(SharedWorkspaceActor))]
[JsonSerializable(typeof(IReadOnlyList<Organization>))]
[JsonSerializable(typeof(IReadOnlyList<OrganizationMemberWithUserData>))]
[JsonSerializable(typeof(IReadOnlyList<Group>))]
[JsonSerializable(typeof(IReadOnlyList<Template>))]
[JsonSerializable(typeof(IReadOnlyList<TemplateVersion>))]
[JsonSerializable(typeof(IReadOnlyList<ProvisionerJobLog>))]
[JsonSerializable(typeof(IReadOnlyList<ProvisionerDaemon>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<TemplateVersionParameter>))]
[JsonSerializable(typeof(IReadOnlyList<TemplateVersionVariable>))]
[JsonSerializable(typeof(IReadOnlyList<WorkspaceResource>))]
[JsonSerializable(typeof(IReadOnlyList<TemplateVersionExternalAuth>))]
[JsonSerializable(typeof(IReadOnlyList<WorkspaceBuild>))]
[JsonSerializable(typeof(IReadOnlyList<WorkspaceBuildParameter>))]
[JsonSerializable(typeof(IReadOnlyList<User>))]public sealed partial class CoderJsonContext : JsonSerializerContext;

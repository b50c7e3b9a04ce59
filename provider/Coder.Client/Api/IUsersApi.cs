using Coder.Client.Models;
using Refit;

namespace Coder.Client.Api;

/// <summary>Users. <c>user</c> is a user's ID, username, or <c>me</c> for the token's own user.</summary>
public interface IUsersApi
{
    /// <param name="query">Coder's user search syntax, e.g. <c>status:active username:alice</c>.</param>
    [Get("/api/v2/users")]
    Task<GetUsersResponse> ListAsync(
        [AliasAs("q")] string? query = null,
        [AliasAs("after_id")] Guid? afterId = null,
        int? limit = null,
        int? offset = null,
        CancellationToken cancellationToken = default);

    [Post("/api/v2/users")]
    Task<User> CreateAsync([Body] CreateUserRequestWithOrgs request, CancellationToken cancellationToken = default);

    [Get("/api/v2/users/{user}")]
    Task<User> GetAsync(string user, CancellationToken cancellationToken = default);

    [Delete("/api/v2/users/{user}")]
    Task DeleteAsync(string user, CancellationToken cancellationToken = default);

    [Put("/api/v2/users/{user}/profile")]
    Task<User> UpdateProfileAsync(string user, [Body] UpdateUserProfileRequest request, CancellationToken cancellationToken = default);

    [Get("/api/v2/users/{user}/roles")]
    Task<UserRoles> GetRolesAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Replaces the user's site-wide roles.</summary>
    [Put("/api/v2/users/{user}/roles")]
    Task<User> UpdateRolesAsync(string user, [Body] UpdateRoles request, CancellationToken cancellationToken = default);

    [Put("/api/v2/users/{user}/status/activate")]
    Task<User> ActivateAsync(string user, CancellationToken cancellationToken = default);

    [Put("/api/v2/users/{user}/status/suspend")]
    Task<User> SuspendAsync(string user, CancellationToken cancellationToken = default);

    [Put("/api/v2/users/{user}/password")]
    Task UpdatePasswordAsync(string user, [Body] UpdateUserPasswordRequest request, CancellationToken cancellationToken = default);

    [Get("/api/v2/users/{user}/login-type")]
    Task<UserLoginType> GetLoginTypeAsync(string user, CancellationToken cancellationToken = default);

    [Get("/api/v2/users/{user}/organizations")]
    Task<IReadOnlyList<Organization>> ListOrganizationsAsync(string user, CancellationToken cancellationToken = default);

    [Get("/api/v2/users/{user}/organizations/{organizationName}")]
    Task<Organization> GetOrganizationAsync(string user, string organizationName, CancellationToken cancellationToken = default);
}

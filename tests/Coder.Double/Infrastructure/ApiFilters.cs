using System.Security.Cryptography;
using System.Text;
using Coder.Double.Control;
using Coder.Double.Model;

namespace Coder.Double.Infrastructure;

/// <summary>
/// coderd's API-key middleware: finds the session token where coderd looks (cookie, query, Coder-Session-Token
/// header, Bearer header, access_token query), answers coderd's 401s, activates dormant users and refreshes
/// last_seen_at at most hourly.
/// </summary>
public sealed class AuthenticationFilter(DoubleState state) : IEndpointFilter
{
    public const string SessionTokenCookie = "coder_session_token";
    public const string SessionTokenHeader = "Coder-Session-Token";
    private const string ActorKey = "coder.actor";

    public static Guid ActorId(HttpContext context) =>
        context.Items[ActorKey] as Guid? ?? throw new InvalidOperationException("Endpoint is not behind authentication.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var token = TokenFrom(context.Request);
        if (token.Length == 0)
        {
            return Unauthorized(context, $"Cookie \"{SessionTokenCookie}\" or query parameter must be provided.");
        }

        var parts = token.Split('-');
        if (parts.Length != 2) return Unauthorized(context, $"Invalid API key format: incorrect amount of API key parts, expected 2 got {parts.Length}");
        if (parts[0].Length != 10) return Unauthorized(context, $"Invalid API key format: invalid API key ID length, expected 10 got {parts[0].Length}");
        if (parts[1].Length != 22) return Unauthorized(context, $"Invalid API key format: invalid API key secret length, expected 22 got {parts[1].Length}");

        lock (state.Sync)
        {
            if (!state.ApiKeys.TryGetValue(parts[0], out var key)) return Unauthorized(context, "API key is invalid.");
            var secretHash = SHA256.HashData(Encoding.UTF8.GetBytes(parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(secretHash, key.SecretHash)) return Unauthorized(context, "API key secret is invalid.");

            var user = state.UserById(key.UserId);
            if (user is null) return Unauthorized(context, "API key is invalid.");

            var now = state.Now();
            if (user.Status == "dormant")
            {
                user.Status = "active";
                user.UpdatedAt = now;
            }
            if (user.Status != "active")
            {
                return Reply.Error(StatusCodes.Status401Unauthorized,
                    $"User is not active (status = \"{user.Status}\"). Contact an admin to reactivate your account.");
            }
            if (now - user.LastSeenAt > TimeSpan.FromHours(1))
            {
                user.LastSeenAt = now;
                user.UpdatedAt = now;
            }
            context.Items[ActorKey] = user.Id;
        }

        return await next(invocation);
    }

    /// <summary>The user a request's session token belongs to, without any of authentication's side effects.</summary>
    public static (Guid Id, bool IsOwner)? PeekUser(DoubleState state, HttpRequest request)
    {
        var token = TokenFrom(request);
        if (DoubleState.SplitToken(token) is not var (keyId, secret)) return null;
        lock (state.Sync)
        {
            if (!state.ApiKeys.TryGetValue(keyId, out var key)) return null;
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), key.SecretHash)) return null;
            return state.UserById(key.UserId) is { Status: "active" or "dormant" } user ? (user.Id, user.RbacRoles.Contains(Roles.Owner)) : null;
        }
    }

    private static IResult Unauthorized(HttpContext context, string detail)
    {
        var request = context.Request;
        context.Response.Headers.WWWAuthenticate =
            $"Bearer realm=\"coder\", error=\"invalid_token\", error_description=\"The access token is invalid\", resource_metadata=\"{request.Scheme}://{request.Host}/.well-known/oauth-protected-resource\"";
        return Reply.Error(StatusCodes.Status401Unauthorized, Reply.SignedOutMessage, detail);
    }

    private static string TokenFrom(HttpRequest request)
    {
        if (request.Cookies.TryGetValue(SessionTokenCookie, out var cookie) && !string.IsNullOrEmpty(cookie)) return cookie;
        var query = request.Query[SessionTokenCookie].FirstOrDefault();
        if (!string.IsNullOrEmpty(query)) return query;
        var header = request.Headers[SessionTokenHeader].FirstOrDefault();
        if (!string.IsNullOrEmpty(header)) return header;
        var authorization = request.Headers.Authorization.FirstOrDefault() ?? "";
        if (authorization.StartsWith("bearer ", StringComparison.OrdinalIgnoreCase)) return authorization[7..].Trim();
        return request.Query["access_token"].FirstOrDefault()?.Trim() ?? "";
    }
}

/// <summary>enterprise RequireFeatureMW: 403 "… is a Premium feature. Contact sales!" unless the license entitles it.</summary>
public sealed class FeatureGate(string feature) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var license = invocation.HttpContext.RequestServices.GetRequiredService<LicenseSettings>();
        return license.IsEnabled(feature)
            ? next(invocation)
            : ValueTask.FromResult<object?>(PremiumRequired(feature));
    }

    public static IResult PremiumRequired(string feature) =>
        Reply.Error(StatusCodes.Status403Forbidden, $"{LicenseSettings.Humanize(feature)} is a Premium feature. Contact sales!");
}

public static class EndpointGateExtensions
{
    /// <summary>Gate an endpoint behind a licensed feature (after authentication, before any lookups).</summary>
    public static TBuilder RequireFeature<TBuilder>(this TBuilder builder, string feature) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new FeatureGate(feature));
}

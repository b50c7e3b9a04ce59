using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>coderd's user search ("q" on /users, paginated members and group members): searchquery.Users.</summary>
public sealed record UserFilter(
    string Search,
    string Name,
    string Username,
    string Email,
    IReadOnlyList<string> Statuses,
    bool? ServiceAccount,
    IReadOnlyList<string> Roles,
    DateTimeOffset? LastSeenAfter,
    DateTimeOffset? LastSeenBefore,
    DateTimeOffset? CreatedAfter,
    DateTimeOffset? CreatedBefore,
    long GithubComUserId,
    IReadOnlyList<string> LoginTypes)
{
    private static readonly string[] UserStatuses = ["active", "suspended", "dormant"];
    private static readonly string[] LoginTypeValues = ["password", "github", "oidc", "token", "none", "oauth2_provider_app"];

    /// <returns>The filter, or the validation errors coderd reports for the query.</returns>
    public static (UserFilter? Filter, List<ValidationError> Errors) Parse(string? query)
    {
        var (values, termErrors) = SearchTerms.Parse((query ?? "").ToLowerInvariant(), (term, v) =>
        {
            v.Add("search", term);
            return null;
        });
        if (termErrors.Count > 0) return (null, termErrors);

        var parser = new QueryParser();
        var filter = new UserFilter(
            parser.String(values, "search"),
            parser.String(values, "name"),
            parser.String(values, "username"),
            parser.String(values, "email"),
            parser.List(values, "status", QueryParser.Enum(UserStatuses)),
            parser.NullableBoolean(values, "service_account"),
            parser.List<string>(values, "role", term => (term, null)),
            parser.Time3339(values, "last_seen_after"),
            parser.Time3339(values, "last_seen_before"),
            parser.Time3339(values, "created_after"),
            parser.Time3339(values, "created_before"),
            parser.Int64(values, "github_com_user_id"),
            parser.List(values, "login_type", QueryParser.Enum(LoginTypeValues)));
        parser.ErrorExcessParams(values);
        return parser.Errors.Count > 0 ? (null, parser.Errors) : (filter, []);
    }

    public bool Matches(UserRow user)
    {
        if (Search.Length > 0 && !(Contains(user.Email, Search) || Contains(user.Username, Search) || Contains(user.Name, Search))) return false;
        if (Name.Length > 0 && !Contains(user.Name, Name)) return false;
        if (Username.Length > 0 && !string.Equals(user.Username, Username, StringComparison.OrdinalIgnoreCase)) return false;
        if (Email.Length > 0 && !string.Equals(user.Email, Email, StringComparison.OrdinalIgnoreCase)) return false;
        if (Statuses.Count > 0 && !Statuses.Contains(user.Status)) return false;
        if (ServiceAccount is { } serviceAccount && user.IsServiceAccount != serviceAccount) return false;
        // coderd's SQL: filter on role overlap unless every requested role is "member" (everyone is a member).
        if (Roles.Count > 0 && Roles.Any(r => r != Model.Roles.Member) && !user.RbacRoles.Intersect(Roles).Any()) return false;
        if (LastSeenBefore is { } seenBefore && user.LastSeenAt > seenBefore) return false;
        if (LastSeenAfter is { } seenAfter && user.LastSeenAt < seenAfter) return false;
        if (CreatedBefore is { } createdBefore && user.CreatedAt > createdBefore) return false;
        if (CreatedAfter is { } createdAfter && user.CreatedAt < createdAfter) return false;
        if (GithubComUserId != 0) return false; // the double links no GitHub accounts
        if (LoginTypes.Count > 0 && !LoginTypes.Contains(user.LoginType)) return false;
        return true;
    }

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}

/// <summary>coderd's pagination query parameters (ParsePagination).</summary>
public sealed record Pagination(Guid AfterId, int Limit, int Offset)
{
    public static (Pagination? Page, IResult? Error) Parse(HttpContext context)
    {
        var values = ParameterValues.FromQuery(context.Request.Query);
        var parser = new QueryParser();
        var page = new Pagination(parser.Uuid(values, "after_id"), parser.PositiveInt32(values, "limit"), parser.PositiveInt32(values, "offset"));
        return parser.Errors.Count > 0 ? (null, Reply.QueryInvalid(parser.Errors)) : (page, null);
    }

    /// <summary>
    /// Applies the cursor, offset and limit to rows already in order. Count is the number of rows after the cursor
    /// (the SQL window count), reported as 0 when the page itself is empty, exactly as coderd does.
    /// </summary>
    /// <param name="cursorKey">Sort key of the after_id row, or null when after_id names no row (then nothing follows it).</param>
    public (List<T> Rows, int Count) Apply<T>(IReadOnlyList<T> ordered, Func<T, string> sortKey, Func<string?> cursorKey)
    {
        IEnumerable<T> rows = ordered;
        if (AfterId != Guid.Empty)
        {
            var cursor = cursorKey();
            rows = cursor is null ? [] : rows.Where(r => string.CompareOrdinal(sortKey(r), cursor) > 0);
        }
        var afterCursor = rows.ToList();
        var page = afterCursor.Skip(Offset);
        if (Limit > 0) page = page.Take(Limit);
        var list = page.ToList();
        return (list, list.Count == 0 ? 0 : afterCursor.Count);
    }
}

using System.Text.Json.Serialization;

namespace Coder.Double.Infrastructure;

/// <summary>codersdk.ValidationError.</summary>
public sealed record ValidationError(string Field, string Detail);

/// <summary>codersdk.Response: the body of every coderd error (and of a few plain confirmations).</summary>
public sealed record CoderResponse(
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ValidationError>? Validations = null);

/// <summary>Ready-made results in coderd's shapes.</summary>
public static class Reply
{
    public const string SignedOutMessage = "You are signed out or your session has expired. Please sign in again to continue.";
    public const string NotFoundMessage = "Resource not found or you do not have access to this resource";

    public static IResult Json(int status, object? body) =>
        body is null ? Results.StatusCode(status) : Results.Json(body, CoderJson.Options, statusCode: status);

    public static IResult Ok(object body) => Json(StatusCodes.Status200OK, body);

    public static IResult Created(object body) => Json(StatusCodes.Status201Created, body);

    public static IResult NoContent() => Results.StatusCode(StatusCodes.Status204NoContent);

    public static IResult Error(int status, string message, string? detail = null, IReadOnlyList<ValidationError>? validations = null) =>
        Json(status, new CoderResponse(message, string.IsNullOrEmpty(detail) ? null : detail, validations is { Count: > 0 } ? validations : null));

    public static IResult BadRequest(string message, string? detail = null, IReadOnlyList<ValidationError>? validations = null) =>
        Error(StatusCodes.Status400BadRequest, message, detail, validations);

    /// <summary>httpapi.ResourceNotFound: deliberately identical for "absent" and "hidden".</summary>
    public static IResult NotFound() => Error(StatusCodes.Status404NotFound, NotFoundMessage);

    public static IResult RouteNotFound() => Error(StatusCodes.Status404NotFound, "Route not found.");

    public static IResult Forbidden() => Error(
        StatusCodes.Status403Forbidden,
        "Forbidden.",
        "You don't have permission to view this content. If you believe this is a mistake, please contact your administrator or try signing in with different credentials.");

    public static IResult InternalError(string detail) => Error(StatusCodes.Status500InternalServerError, "An internal server error occurred.", detail);

    public static IResult QueryInvalid(IReadOnlyList<ValidationError> errors) =>
        BadRequest("Query parameters have invalid values.", validations: errors);
}

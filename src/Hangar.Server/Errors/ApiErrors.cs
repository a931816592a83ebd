using Hangar.Contracts;
using Hangar.Contracts.V1;
using Hangar.Core.Errors;

namespace Hangar.Server.Errors;

/// <summary>The one place that turns refusals into HTTP status codes and error bodies.</summary>
public static class ApiErrors
{
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Writes <c>{"error":{"code","message"}}</c> unless the response has started already.</summary>
    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var retryAfter = context.Response.Headers.RetryAfter;
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        if (retryAfter.Count > 0)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return IsLegacySurface(context.Request.Path)
            ? context.Response.WriteAsJsonAsync(new LegacyErrorResponse(status, code, message, new ErrorDetail(code, message)), ApiJson.Options, context.RequestAborted)
            : context.Response.WriteAsJsonAsync(new ErrorResponse(new ErrorDetail(code, message)), ApiJson.Options, context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, HangarException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, StatusOf(error.Kind), error.Code, error.Message);
    }

    /// <summary>Robocorp's older surfaces, whose clients read the legacy error shape.</summary>
    public static bool IsLegacySurface(PathString path) =>
        path.StartsWithSegments("/process-v1") || path.StartsWithSegments("/workspace-v1") || path.StartsWithSegments("/token-vendor-v1")
        || path.StartsWithSegments("/robot-v1") || path.StartsWithSegments("/json-v1") || path.StartsWithSegments("/secrets-v1");

    /// <summary>A typed-result form, for handlers that answer a refusal without throwing.</summary>
    public static IResult Result(int status, string code, string message) =>
        Results.Json(new ErrorResponse(new ErrorDetail(code, message)), ApiJson.Options, statusCode: status);
}

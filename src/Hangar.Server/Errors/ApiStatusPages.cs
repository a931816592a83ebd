using Microsoft.AspNetCore.Diagnostics;

namespace Hangar.Server.Errors;

/// <summary>Gives bodiless refusals from the framework (no such route, wrong method, body too large or not JSON) the API's error shape.</summary>
public static class ApiStatusPages
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        return http.Response.StatusCode switch
        {
            404 => ApiErrors.WriteAsync(http, 404, "route_not_found", $"There is no route {http.Request.Method} {http.Request.Path}."),
            405 => ApiErrors.WriteAsync(http, 405, "method_not_allowed", $"The route {http.Request.Path} does not accept {http.Request.Method}."),
            413 => ApiErrors.WriteAsync(http, 413, "payload_too_large", "The request body is larger than the server accepts."),
            415 => ApiErrors.WriteAsync(http, 415, "unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'."),
            400 => ApiErrors.WriteAsync(http, 400, "bad_request", "The request is malformed."),
            _ => Task.CompletedTask,
        };
    }
}

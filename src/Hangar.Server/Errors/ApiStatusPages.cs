using Microsoft.AspNetCore.Diagnostics;

namespace Hangar.Server.Errors;

/// <summary>Gives bodiless 404 and 405 answers (no such route, wrong method) the API's error shape.</summary>
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
            _ => Task.CompletedTask,
        };
    }
}

using Microsoft.AspNetCore.Diagnostics;

namespace Hangar.Server.Errors;

/// <summary>Gives bodiless refusals from the framework (no such route, wrong method, body too large or not JSON) the API's error shape.</summary>
public static class ApiStatusPages
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (IsBrowserNavigation(http.Request))
        {
            return WriteHtmlAsync(http);
        }

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

    /// <summary>
    /// A person's browser opening a page (it asks for HTML, outside the API surfaces) gets a readable page rather
    /// than the API's JSON; API clients never send <c>Accept: text/html</c>.
    /// </summary>
    private static bool IsBrowserNavigation(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (!accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var path = request.Path.Value ?? "/";
        return !ApiPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly string[] ApiPrefixes =
        ["/api/", "/process-v1", "/json-v1", "/secrets-v1", "/worker-v1", "/workspace-v1", "/token-vendor-v1", "/robot-v1", "/blobs", "/openapi", "/healthz", "/readyz"];

    private static Task WriteHtmlAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var (title, message) = status switch
        {
            404 => ("Not found", "There is no page at this address."),
            400 => ("The form could not be sent", "The page was open for too long or the request was changed. Go back, reload the page and try again."),
            405 => ("Not allowed", "This page cannot be opened this way."),
            413 => ("Too large", "What you sent is larger than the server accepts."),
            _ => ("Something went wrong", "The server could not handle this request."),
        };
        http.Response.ContentType = "text/html; charset=utf-8";
        var encode = System.Text.Encodings.Web.HtmlEncoder.Default;
        return http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{encode.Encode(title)} · Hangar</title>
            <link rel="stylesheet" href="/ui/assets/site.css"></head>
            <body><main><section class="error-page"><h1>{encode.Encode(title)}</h1><p role="alert">{encode.Encode(message)}</p>
            <p class="muted">HTTP {status}</p><p><a href="/">Back to Hangar</a></p></section></main></body></html>
            """);
    }
}

namespace Hangar.Server.Hosting;

/// <summary>
/// Answers every request with <c>X-Request-Id</c>: the id that ASP.NET puts on each log line of the request
/// (the <c>RequestId</c> scope), so a user's report leads straight to the server's logs.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
        return next(context);
    }
}

using System.Text.Json;
using Hangar.Core.Errors;
using Hangar.Storage.Database;

namespace Hangar.Server.Errors;

/// <summary>
/// Catches every exception of a request and answers in the error shape. Refusals keep their code; malformed
/// bodies are 400 or 413; a database that cannot be reached is 503 with Retry-After (<see cref="DatabaseOutage"/>); anything else is logged with the request id and leaves as a bare 500, never a trace.
/// </summary>
public sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    private const string RetryAfterOutageSeconds = "5";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (HangarException ex)
        {
            await ApiErrors.WriteAsync(context, ex);
        }
        catch (BadHttpRequestException ex)
        {
            var (status, code, message) = Describe(ex);
            await ApiErrors.WriteAsync(context, status, code, message);
        }
        catch (JsonException ex)
        {
            await ApiErrors.WriteAsync(context, 400, "invalid_json", JsonProblem(ex));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex) && !context.Response.HasStarted)
        {
            LogDatabaseUnavailable(logger, context.Request.Method, context.Request.Path, ex.GetBaseException().Message);
            context.Response.Headers.RetryAfter = RetryAfterOutageSeconds;
            await ApiErrors.WriteAsync(context, 503, "database_unavailable", "The database cannot be reached at the moment; send the request again shortly.");
        }
        catch (Exception ex)
        {
            LogUnhandled(logger, ex, context.Request.Method, context.Request.Path);
            await ApiErrors.WriteAsync(context, 500, "internal_error",
                $"The server failed to handle the request. Request id: {context.TraceIdentifier}.");
        }
    }

    private static (int Status, string Code, string Message) Describe(BadHttpRequestException ex)
    {
        if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (413, "payload_too_large", "The request body is larger than the server accepts.");
        }

        if (ex.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return (415, "unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'.");
        }

        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return (400, "invalid_json", JsonProblem(json));
            }

            if (inner is BadHttpRequestException { StatusCode: 413 })
            {
                return (413, "payload_too_large", "The request body is larger than the server accepts.");
            }
        }

        if (ex.Message.Contains("body was provided", StringComparison.OrdinalIgnoreCase))
        {
            return (400, "invalid_json", "A JSON body is required.");
        }

        if (ex.Message.Contains("Failed to bind parameter", StringComparison.OrdinalIgnoreCase))
        {
            return (400, "invalid_parameter", "A query or route parameter has an invalid value.");
        }

        return (ex.StatusCode, "bad_request", "The request is malformed.");
    }

    private static string JsonProblem(JsonException ex) =>
        string.IsNullOrEmpty(ex.Path) || ex.Path == "$"
            ? "The body is not valid JSON of the expected shape."
            : $"The body is not valid JSON of the expected shape at '{ex.Path}'.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable for {Method} {Path}: {Reason}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception ex, string method, string path);
}

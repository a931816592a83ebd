using Hangar.Core.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Hangar.Server;

/// <summary>
/// Every JSON body is UTF-8, as RFC 8259 requires and the docs promise: a body sent as JSON with another charset is
/// refused (415), and one whose bytes are not UTF-8 is refused (400 <c>invalid_json</c>) while it is read, whichever
/// reader reads it (the typed binding of minimal APIs or <see cref="RawJsonBody"/>). Bodies of other types pass as they
/// are; <see cref="RawJsonBody"/> checks the ones it reads as JSON itself.
/// </summary>
public sealed class JsonBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            && MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && IsJson(type))
        {
            if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                throw new HangarException(ErrorKind.UnsupportedMediaType, "unsupported_media_type",
                    "JSON bodies are UTF-8: send 'Content-Type: application/json' without a charset, or with charset=utf-8.");
            }

            request.Body = Utf8ValidatingStream.Over(request.Body);
        }

        return next(http);
    }

    private static bool IsJson(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || type.MediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
        || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
}

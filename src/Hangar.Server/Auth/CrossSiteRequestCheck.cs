using Hangar.Core.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hangar.Server.Auth;

/// <summary>
/// Cross-site request forgery, for the API routes a signed-in browser can reach. A browser sends the session cookie
/// with every request to this site, also with one another site makes it send, and an HTML form (or a script's simple
/// request) may post url-encoded, multipart or text/plain bodies without asking anyone. So a request that changes
/// something (any method but GET, HEAD, OPTIONS, TRACE) and is signed in with the cookie alone must be sent as JSON,
/// which another site cannot make a browser send without this server's leave (it never gives it), or carry a page's
/// anti-forgery token in <see cref="TokenHeader"/>. API keys and tokens travel in a header no other site can set; the
/// UI's pages check their own form token; signed URLs never read the caller (<see cref="SignedUrlRoute"/>).
/// </summary>
public static class CrossSiteRequestCheck
{
    public const string TokenHeader = "X-CSRF-TOKEN";

    public const string Message = "A request signed in with the session cookie must be sent as JSON ('Content-Type: application/json', also "
        + "when it has no body) or carry the page's anti-forgery token in '" + TokenHeader + "', so that no other site can make it.";

    /// <summary>Null when the request may go on; else the refusal (415 <c>unsupported_media_type</c>).</summary>
    public static async Task<(int Status, string Code, string Message)?> RefuseAsync(HttpContext http, Endpoint? endpoint)
    {
        ArgumentNullException.ThrowIfNull(http);
        var method = http.Request.Method;
        if (endpoint is null || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
            || http.GetCaller()?.Kind != CallerKind.User
            || endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null || endpoint.Metadata.GetMetadata<SignedUrlRoute>() is not null
            || http.Request.HasJsonContentType())
        {
            return null;
        }

        if (http.Request.Headers.ContainsKey(TokenHeader)
            && await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            return null;
        }

        return (StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", Message);
    }
}

using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Hosting;

namespace Hangar.Server.Auth;

/// <summary>
/// <c>authorization: robocloud-hmac &lt;identifier&gt; &lt;signature&gt;</c> with <c>authorization-timestamp</c>: a
/// request signed with a user's access credential, as rcc signs its token requests. The signature covers the body,
/// so the body is buffered (within the server's body limit) and rewound for the endpoint. It is checked against the
/// path and query string as they arrived: rcc signs its paths, which carry no query, so a query string added to a
/// signed request does not match its signature. Each signature is accepted once (see <see cref="AccessCredentialService"/>).
/// </summary>
public sealed class SignedRequestAuthenticator(AccessCredentialService credentials, HangarServerOptions options) : ICredentialAuthenticator
{
    public bool AcceptsScheme(string scheme) => string.Equals(scheme, RequestSignature.Scheme, StringComparison.OrdinalIgnoreCase);

    public async Task<CredentialOutcome> AuthenticateAsync(HttpContext context, string credential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parts = credential.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            return CredentialOutcome.Refused("malformed_authorization", "Expected 'robocloud-hmac <identifier> <signature>'.");
        }

        var body = await ReadBodyAsync(context.Request, options.MaxRequestBodyBytes, ct);
        if (body is null)
        {
            return CredentialOutcome.Refused("payload_too_large", "The signed body is larger than the server accepts.");
        }

        var check = await credentials.AuthenticateSignedAsync(parts[0], parts[1], context.Request.Method,
            $"{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}", Timestamp(context.Request),
            body, context.ClientAddress(), ct);
        return check.Caller is { } caller ? CredentialOutcome.Success(caller) : CredentialOutcome.Refused(check.FailureCode!, check.FailureMessage!);
    }

    private static string Timestamp(HttpRequest request) =>
        request.Headers.TryGetValue(RequestSignature.TimestampHeader, out var value) && value.Count > 0
            ? value.ToString()
            : request.Headers[RequestSignature.AlternateTimestampHeader].ToString();

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        request.EnableBuffering();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        request.Body.Position = 0;
        return buffer.ToArray();
    }
}

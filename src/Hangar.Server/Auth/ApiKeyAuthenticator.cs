using Hangar.Core.Services;

namespace Hangar.Server.Auth;

/// <summary><c>Authorization: RC-WSKEY &lt;key&gt;</c>: a workspace API key.</summary>
public sealed class ApiKeyAuthenticator(ApiKeyService keys) : ICredentialAuthenticator
{
    public const string Scheme = "RC-WSKEY";

    public bool AcceptsScheme(string scheme) => string.Equals(scheme, Scheme, StringComparison.OrdinalIgnoreCase);

    public async Task<CredentialOutcome> AuthenticateAsync(HttpContext context, string credential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var check = await keys.AuthenticateAsync(credential, context.ClientAddress(), ct);
        return check.Caller is { } caller
            ? CredentialOutcome.Success(caller)
            : CredentialOutcome.Refused(check.FailureCode!, check.FailureMessage!);
    }
}

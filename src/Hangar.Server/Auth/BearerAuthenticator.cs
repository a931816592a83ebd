using Hangar.Core.Services;

namespace Hangar.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>: tokens vended to access credentials. A workspace API key sent this way
/// is refused with a code that says how to send it.
/// </summary>
public sealed class BearerAuthenticator(AccessCredentialService credentials) : ICredentialAuthenticator
{
    public bool AcceptsScheme(string scheme) => string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public async Task<CredentialOutcome> AuthenticateAsync(HttpContext context, string credential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ApiKeyService.LooksLikeKey(credential))
        {
            return CredentialOutcome.Refused("api_key_sent_as_bearer",
                "This is a workspace API key: send it as 'Authorization: RC-WSKEY <key>', not as a Bearer token.");
        }

        if (credential.StartsWith(VendedTokens.Prefix, StringComparison.Ordinal))
        {
            var check = await credentials.AuthenticateTokenAsync(credential, context.ClientAddress(), ct);
            return check.Caller is { } caller ? CredentialOutcome.Success(caller) : CredentialOutcome.Refused(check.FailureCode!, check.FailureMessage!);
        }

        return CredentialOutcome.Refused("invalid_token", "The Bearer token is not valid.");
    }
}

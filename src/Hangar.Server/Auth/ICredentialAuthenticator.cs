namespace Hangar.Server.Auth;

/// <summary>One <c>Authorization</c> scheme (API keys, vended tokens, run tokens), plugged into the handler.</summary>
public interface ICredentialAuthenticator
{
    /// <summary>Whether this authenticator owns the scheme word of the header (compared case-insensitively).</summary>
    bool AcceptsScheme(string scheme);

    Task<CredentialOutcome> AuthenticateAsync(HttpContext context, string credential, CancellationToken ct);
}

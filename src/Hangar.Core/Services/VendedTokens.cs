using Hangar.Core.Security;

namespace Hangar.Core.Services;

/// <summary>
/// Short-lived Bearer tokens handed to tools for an access credential: <c>hgt_</c> + payload + HMAC, signed with a
/// key derived from the master key. They are checked without a database read for the signature; the credential
/// behind them is still looked up, so deleting it ends its tokens at once.
/// </summary>
public sealed class VendedTokens(MasterKey masterKey, TimeProvider time)
{
    public const string Prefix = "hgt_";
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(2);
    private readonly SignedTokenFormat _format = new(masterKey, "vended-token-v1", Prefix, maxLength: 2048);

    public sealed record Claims(string UserId, string CredentialId, string? WorkspaceId, string Capability, long ExpiresAt);

    public (string Token, DateTimeOffset ExpiresAt) Issue(string userId, string credentialId, string? workspaceId, string capability, TimeSpan lifetime)
    {
        var expiresAt = time.GetUtcNow() + lifetime;
        var claims = new Claims(userId, credentialId, workspaceId, capability, expiresAt.ToUnixTimeSeconds());
        return (_format.Encode(claims), expiresAt);
    }

    /// <summary>The token's claims when its signature is right and it has not expired; else null.</summary>
    public Claims? Read(string token)
    {
        var claims = _format.Decode<Claims>(token);
        return claims is not null && claims.ExpiresAt > time.GetUtcNow().ToUnixTimeSeconds() ? claims : null;
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
    private readonly byte[] _signingKey = masterKey.DeriveKey("vended-token-v1");

    public sealed record Claims(string UserId, string CredentialId, string? WorkspaceId, string Capability, long ExpiresAt);

    public (string Token, DateTimeOffset ExpiresAt) Issue(string userId, string credentialId, string? workspaceId, string capability, TimeSpan lifetime)
    {
        var expiresAt = time.GetUtcNow() + lifetime;
        var claims = new Claims(userId, credentialId, workspaceId, capability, expiresAt.ToUnixTimeSeconds());
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        return ($"{Prefix}{payload}.{Sign(payload)}", expiresAt);
    }

    /// <summary>The token's claims when its signature is right and it has not expired; else null.</summary>
    public Claims? Read(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 2048)
        {
            return null;
        }

        var dot = token.LastIndexOf('.');
        if (dot <= Prefix.Length)
        {
            return null;
        }

        var payload = token[Prefix.Length..dot];
        if (!SecretHashing.FixedTimeEquals(Sign(payload), token[(dot + 1)..]))
        {
            return null;
        }

        try
        {
            var claims = JsonSerializer.Deserialize<Claims>(Base64Url.DecodeFromChars(payload));
            return claims is not null && claims.ExpiresAt > time.GetUtcNow().ToUnixTimeSeconds() ? claims : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }

    private string Sign(string payload) => Base64Url.EncodeToString(HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes(payload)));
}

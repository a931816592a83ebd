using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hangar.Core.Security;

/// <summary>
/// The format of Hangar's stateless tokens: <c>prefix</c> + base64url(JSON claims) + "." + base64url(HMAC-SHA256 of the
/// claims part) under a key derived from the master key for one purpose. Any node checks them without a token table;
/// what a token stands for (and when it expires) is the owning class's business.
/// </summary>
public sealed class SignedTokenFormat(MasterKey masterKey, string purpose, string prefix, int maxLength)
{
    private readonly byte[] _key = masterKey.DeriveKey(purpose);

    public string Prefix => prefix;

    public string Encode<TClaims>(TClaims claims)
    {
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        return $"{prefix}{payload}.{Sign(payload)}";
    }

    /// <summary>The claims of a token with this prefix and a right signature; null for anything else.</summary>
    public TClaims? Decode<TClaims>(string token)
        where TClaims : class
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.StartsWith(prefix, StringComparison.Ordinal) || token.Length > maxLength)
        {
            return null;
        }

        var dot = token.LastIndexOf('.');
        if (dot <= prefix.Length)
        {
            return null;
        }

        var payload = token[prefix.Length..dot];
        if (!SecretHashing.FixedTimeEquals(Sign(payload), token[(dot + 1)..]))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TClaims>(Base64Url.DecodeFromChars(payload));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            // Signed by this server but unreadable: a claims format of another version.
            return null;
        }
    }

    private string Sign(string payload) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)));
}

using System.Security.Cryptography;
using System.Text;

namespace Hangar.Core.Security;

/// <summary>
/// The <c>robocloud-hmac</c> request signature rcc sends with an access credential:
/// base64(HMAC-SHA256(secret, METHOD \n path \n application/json \n timestamp \n base64(SHA-256(body)))).
/// rcc signs the path alone (its calls have no query string); the server checks the path with the query string the
/// request arrived with, so a query added to a signed request breaks its signature.
/// </summary>
public static class RequestSignature
{
    public const string Scheme = "robocloud-hmac";
    public const string TimestampHeader = "authorization-timestamp";

    /// <summary>The name rcc's current sources give the timestamp header; either is accepted.</summary>
    public const string AlternateTimestampHeader = "x-authorization-timestamp";
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public static string Compute(string secret, string method, string path, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var bodyHash = Convert.ToBase64String(SHA256.HashData(body));
        var canonical = string.Join('\n', method.ToUpperInvariant(), path, "application/json", timestamp, bodyHash);
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>
    /// Checks a signature in constant time. A request without a body may be signed over an empty body or over
    /// <c>{}</c> (rcc signs <c>{}</c> for its bodiless calls).
    /// </summary>
    public static bool Verify(string secret, string method, string path, string timestamp, ReadOnlySpan<byte> body, string signature)
    {
        if (SecretHashing.FixedTimeEquals(Compute(secret, method, path, timestamp, body), signature))
        {
            return true;
        }

        return body.IsEmpty && SecretHashing.FixedTimeEquals(Compute(secret, method, path, timestamp, "{}"u8), signature);
    }
}

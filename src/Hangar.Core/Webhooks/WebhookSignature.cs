using System.Security.Cryptography;
using System.Text;

namespace Hangar.Core.Webhooks;

/// <summary>
/// Control Room's delivery signature: header <c>x-rc-signature</c> = lower-case hex of HMAC-SHA256 keyed with the
/// secret (its UTF-8 bytes) over the raw body bytes. Receivers compute it over the bytes they received, before parsing.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "x-rc-signature";

    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Whether <paramref name="signature"/> is the body's signature, compared in constant time.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, body)),
            Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant()));
}

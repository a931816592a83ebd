using System.Security.Cryptography;
using System.Text;

namespace Hangar.Core.Security;

/// <summary>
/// Lookup hashes for high-entropy secrets (API keys, session tokens, link tokens). They are random strings
/// of 160+ bits, so a fast hash is enough: guessing one is as hard as guessing the value itself.
/// </summary>
public static class SecretHashing
{
    public static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Compares two strings in time that depends only on their length.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

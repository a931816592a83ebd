using System.Security.Cryptography;

namespace Hangar.Core.Security;

/// <summary>Random secret strings with a readable prefix, so a leaked value says what it is (and scanners find it).</summary>
public static class SecretTokens
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The characters tokens are made of, for checking a presented token's shape cheaply.</summary>
    public static System.Buffers.SearchValues<char> AlphabetValues { get; } = System.Buffers.SearchValues.Create(Alphabet);

    /// <summary>A token of <paramref name="length"/> base-62 characters (32 characters ≈ 190 bits) after the prefix.</summary>
    public static string New(string prefix, int length = 32) =>
        prefix + RandomNumberGenerator.GetString(Alphabet, length);
}

using Hangar.Core.Domain;
using Microsoft.AspNetCore.Identity;

namespace Hangar.Core.Security;

/// <summary>Slow password hashes (PBKDF2-HMAC-SHA512, 100,000 rounds, through ASP.NET Core Identity's hasher).</summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<User> Hasher = new();

    // A hash of a throwaway password, verified against when the user does not exist, so that a login for an
    // unknown name takes as long as one for a known name with a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "hangar-timing-equalizer");

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public static bool Verify(string? hash, string password)
    {
        var result = Hasher.VerifyHashedPassword(null!, hash ?? DummyHash, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}

using System.Security.Cryptography;
using Hangar.Core.Security;

namespace Hangar.Core.Tests;

public class MasterKeyTests
{
    [Fact]
    public void EncryptThenDecrypt_RoundTrips_AndEachCiphertextDiffers()
    {
        var key = MasterKey.Generate();
        var a = key.EncryptString("secret value", "api_key:1");
        var b = key.EncryptString("secret value", "api_key:1");
        Assert.NotEqual(a, b);
        Assert.Equal("secret value", key.DecryptString(a, "api_key:1"));
    }

    [Fact]
    public void Decrypt_FailsInAnotherContext_WithAnotherKey_OrWhenTampered()
    {
        var key = MasterKey.Generate();
        var sealedValue = key.EncryptString("secret value", "api_key:1");
        Assert.ThrowsAny<CryptographicException>(() => key.DecryptString(sealedValue, "api_key:2"));
        Assert.ThrowsAny<CryptographicException>(() => MasterKey.Generate().DecryptString(sealedValue, "api_key:1"));
        sealedValue[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => key.DecryptString(sealedValue, "api_key:1"));
    }

    [Fact]
    public void Parse_AcceptsItsOwnTextForm_AndRefusesWrongLengths()
    {
        var key = MasterKey.Generate();
        var again = MasterKey.Parse(key.ToBase64());
        Assert.Equal("x", again.DecryptString(key.EncryptString("x", "c"), "c"));
        Assert.Throws<FormatException>(() => MasterKey.Parse(Convert.ToBase64String(new byte[16])));
        Assert.Throws<FormatException>(() => MasterKey.Parse("not base64!"));
    }

    [Fact]
    public void SecretTokens_HaveThePrefix_AndAtLeast160BitsOfRandomness()
    {
        var token = SecretTokens.New("hgk_");
        Assert.StartsWith("hgk_", token, StringComparison.Ordinal);
        // 32 characters of a 62-letter alphabet: 32 * log2(62) ≈ 190 bits.
        Assert.Equal(36, token.Length);
        Assert.NotEqual(token, SecretTokens.New("hgk_"));
    }

    [Fact]
    public void PasswordHashing_VerifiesOnlyTheRightPassword()
    {
        var hash = PasswordHashing.Hash("a long enough password");
        Assert.True(PasswordHashing.Verify(hash, "a long enough password"));
        Assert.False(PasswordHashing.Verify(hash, "a long enough passwore"));
        Assert.False(PasswordHashing.Verify(null, "anything"));
        Assert.DoesNotContain("a long enough password", hash, StringComparison.Ordinal);
    }
}

using System.Security.Cryptography;
using Hangar.Core.Security;

namespace Hangar.Core.Tests;

/// <summary>GCM with nonces of any length, against published vectors, Python's cryptography (what robots run) and .NET's AesGcm.</summary>
public class GcmCipherTests
{
    private const string SpecPlaintext =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";

    private const string SpecAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

    // McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 4-6 (AES-128) and 16-18 (AES-256):
    // a 96-bit iv, a 64-bit iv and a 480-bit iv, which take the two ways of deriving J0.
    [Theory]
    [InlineData("feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
        "5bc94fbc3221a5db94fae95ae7121a47")]
    [InlineData("feffe9928665731c6d6a8f9467308308", "cafebabefacedbad",
        "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
        "3612d2e79e3b0785561be14aaca2fccb")]
    [InlineData("feffe9928665731c6d6a8f9467308308",
        "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
        "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5",
        "619cc5aefffe0bfa462af43c1699d050")]
    [InlineData("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbad",
        "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f",
        "3a337dbf46a792c45e454913fe2ea8f2")]
    [InlineData("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
        "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf40fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f",
        "a44a8266ee1c8eb0c8b5d4cf5ae9f19a")]
    public void Encrypt_MatchesTheGcmSpecVectors_AndDecryptReverses(string key, string iv, string expectedCiphertext, string expectedTag)
    {
        var (ciphertext, tag) = Seal(key, iv, SpecPlaintext, SpecAad);
        Assert.Equal(expectedCiphertext, ciphertext);
        Assert.Equal(expectedTag, tag);
        Assert.Equal(SpecPlaintext, Open(key, iv, ciphertext, tag, SpecAad));
    }

    // Made with Python's cryptography (AESGCM), the library robocorp-vault uses, from the same key, iv and text:
    // once with the iv's hex text as the nonce (how robots decrypt) and once with the raw iv (how robots encrypt).
    [Theory]
    [InlineData("6130613161326133613461356136613761386139616161626163616461656166",
        "3d127bd1273ac3865bea7246e3e38f02751944a30b6b3263a34177d2fe829e94997c683e92efa48cd16093", "6df30265a97590c1beaff4ea27771806")]
    [InlineData("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
        "518156cf7dbfa317aefb3d8bcd36ffffe02a375b521473dc9c6119c1764742a536b1c410a6b0cdd89a2b4d", "089ee4896bcef563e5f1c2c7e2054be7")]
    public void Encrypt_MatchesPythonCryptography_ForTheNoncesRobotsUse(string nonce, string expectedCiphertext, string expectedTag)
    {
        const string key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        var plaintext = Convert.ToHexStringLower("""{"username": "robot", "password": "s3cret"}"""u8);
        var (ciphertext, tag) = Seal(key, nonce, plaintext, string.Empty);
        Assert.Equal(expectedCiphertext, ciphertext);
        Assert.Equal(expectedTag, tag);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(1024)]
    [InlineData(5000)]
    public void With96BitNonces_ItMatchesDotNetsAesGcm(int length)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var aad = RandomNumberGenerator.GetBytes(length % 40);
        var expected = new byte[length];
        var expectedTag = new byte[16];
        using (var reference = new AesGcm(key, 16))
        {
            reference.Encrypt(nonce, plaintext, expected, expectedTag, aad);
        }

        var ciphertext = new byte[length];
        var tag = new byte[16];
        using var gcm = new GcmCipher(key);
        gcm.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        Assert.Equal(expected, ciphertext);
        Assert.Equal(expectedTag, tag);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(60)]
    [InlineData(128)]
    public void AnyNonceLength_RoundTrips_AndTamperingIsRefused(int nonceLength)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(nonceLength);
        var plaintext = RandomNumberGenerator.GetBytes(3000);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var gcm = new GcmCipher(key);
        gcm.Encrypt(nonce, plaintext, ciphertext, tag);

        var opened = new byte[plaintext.Length];
        gcm.Decrypt(nonce, ciphertext, tag, opened);
        Assert.Equal(plaintext, opened);

        var flipped = ciphertext.ToArray();
        flipped[2999] ^= 0x01;
        Assert.Throws<AuthenticationTagMismatchException>(() => gcm.Decrypt(nonce, flipped, tag, opened));
        Assert.All(opened, b => Assert.Equal(0, b));

        var badTag = tag.ToArray();
        badTag[0] ^= 0x80;
        Assert.Throws<AuthenticationTagMismatchException>(() => gcm.Decrypt(nonce, ciphertext, badTag, opened));

        var otherNonce = nonce.ToArray();
        otherNonce[^1] ^= 0x01;
        Assert.Throws<AuthenticationTagMismatchException>(() => gcm.Decrypt(otherNonce, ciphertext, tag, opened));
        Assert.Throws<AuthenticationTagMismatchException>(() => gcm.Decrypt(nonce, ciphertext, tag, opened, [1]));
        using var otherKey = new GcmCipher(RandomNumberGenerator.GetBytes(32));
        Assert.Throws<AuthenticationTagMismatchException>(() => otherKey.Decrypt(nonce, ciphertext, tag, opened));
    }

    [Fact]
    public void EncryptingInPlace_Works()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(32);
        var data = RandomNumberGenerator.GetBytes(100);
        var original = data.ToArray();
        var tag = new byte[16];
        using var gcm = new GcmCipher(key);
        gcm.Encrypt(nonce, data, data, tag);
        Assert.NotEqual(original, data);
        gcm.Decrypt(nonce, data, tag, data);
        Assert.Equal(original, data);
    }

    [Fact]
    public void BadSizes_AreRefused()
    {
        Assert.Throws<CryptographicException>(() => new GcmCipher(new byte[20]));
        using var gcm = new GcmCipher(new byte[32]);
        Assert.Throws<ArgumentException>(() => gcm.Encrypt([], new byte[4], new byte[4], new byte[16]));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[12], new byte[4], new byte[5], new byte[16]));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[12], new byte[4], new byte[4], new byte[8]));
    }

    private static (string Ciphertext, string Tag) Seal(string key, string nonce, string plaintext, string aad)
    {
        using var gcm = new GcmCipher(Convert.FromHexString(key));
        var input = Convert.FromHexString(plaintext);
        var output = new byte[input.Length];
        var tag = new byte[16];
        gcm.Encrypt(Convert.FromHexString(nonce), input, output, tag, Convert.FromHexString(aad));
        return (Convert.ToHexStringLower(output), Convert.ToHexStringLower(tag));
    }

    private static string Open(string key, string nonce, string ciphertext, string tag, string aad)
    {
        using var gcm = new GcmCipher(Convert.FromHexString(key));
        var input = Convert.FromHexString(ciphertext);
        var output = new byte[input.Length];
        gcm.Decrypt(Convert.FromHexString(nonce), input, Convert.FromHexString(tag), output, Convert.FromHexString(aad));
        return Convert.ToHexStringLower(output);
    }
}

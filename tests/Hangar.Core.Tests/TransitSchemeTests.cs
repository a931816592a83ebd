using System.Security.Cryptography;
using System.Text;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Vault;

namespace Hangar.Core.Tests;

/// <summary>robocloud-vault-transit-v2 in both directions, with the other side played as Robocorp's clients play it.</summary>
public class TransitSchemeTests
{
    private static readonly byte[] Value = """{"username":"robot","password":"s3cret"}"""u8.ToArray();

    [Fact]
    public void SealForClient_OpensWithTheClientsKey_AndTheIvsHexTextAsNonce()
    {
        using var client = RSA.Create(2048);
        var envelope = TransitScheme.SealForClient(Value, client);
        Assert.Equal(16, envelope.Iv.Length);
        Assert.Equal(16, envelope.AuthTag.Length);
        Assert.Equal(Value.Length, envelope.Ciphertext.Length);

        var aesKey = client.Decrypt(envelope.EncryptedAesKey, RSAEncryptionPadding.OaepSHA256);
        Assert.Equal(32, aesKey.Length);
        using var gcm = new GcmCipher(aesKey);
        var hexNonce = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(envelope.Iv));
        Assert.Equal(32, hexNonce.Length);
        var opened = new byte[envelope.Ciphertext.Length];
        gcm.Decrypt(hexNonce, envelope.Ciphertext, envelope.AuthTag, opened);
        Assert.Equal(Value, opened);

        // The raw iv is not the nonce of this direction.
        Assert.Throws<AuthenticationTagMismatchException>(() => gcm.Decrypt(envelope.Iv, envelope.Ciphertext, envelope.AuthTag, opened));
    }

    [Fact]
    public void OpenFromClient_OpensWhatAClientSealedWithTheRawIv()
    {
        using var server = RSA.Create(2048);
        var envelope = SealAsClient(Value, server);
        Assert.Equal(Value, TransitScheme.OpenFromClient(envelope, server));
    }

    [Fact]
    public void OpenFromClient_GivesOneAnswerForEveryFailureThatDependsOnTheServersKey()
    {
        using var server = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var good = SealAsClient(Value, server);
        var badTag = good with { AuthTag = good.AuthTag.Select(b => (byte)(b ^ 1)).ToArray() };
        var wrongKey = SealAsClient(Value, other);
        var hexNonce = good with { Iv = TransitScheme.ReadNonce(good.Iv) };
        var garbledKey = good with { EncryptedAesKey = RandomNumberGenerator.GetBytes(good.EncryptedAesKey.Length) };

        var messages = new[] { badTag, wrongKey, hexNonce, garbledKey }.Select(e =>
        {
            var ex = Assert.Throws<HangarException>(() => TransitScheme.OpenFromClient(e, server));
            Assert.Equal("invalid_encryption", ex.Code);
            return ex.Message;
        }).Distinct().ToList();
        Assert.Single(messages);
    }

    [Fact]
    public void OpenFromClient_RefusesMalformedFieldsAndTooLargeValues()
    {
        using var server = RSA.Create(2048);
        var good = SealAsClient(Value, server);
        Assert.Equal("invalid_encryption", Assert.Throws<HangarException>(() =>
            TransitScheme.OpenFromClient(good with { AuthTag = new byte[12] }, server)).Code);
        Assert.Equal("invalid_encryption", Assert.Throws<HangarException>(() =>
            TransitScheme.OpenFromClient(good with { Iv = new byte[4] }, server)).Code);
        Assert.Equal("secret_too_large", Assert.Throws<HangarException>(() =>
            TransitScheme.OpenFromClient(good with { Ciphertext = new byte[VaultLimits.MaxValueBytes + 1] }, server)).Code);
        Assert.Equal("invalid_encryption", Assert.Throws<HangarException>(() =>
            TransitEnvelope.FromBase64("not base64!", "AA==", "AA==", "AA==")).Code);
        Assert.Contains("encryption.iv", Assert.Throws<HangarException>(() => TransitEnvelope.FromBase64("AA==", "AA==", "AA==", null)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ImportClientKey_TakesBase64Der_EvenWithPlusSignsTurnedIntoSpaces_AndRefusesTheRest()
    {
        using var rsa = RSA.Create(2048);
        var base64 = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
        using (var imported = TransitScheme.ImportClientKey(base64.Replace('+', ' ')))
        {
            Assert.Equal(2048, imported.KeySize);
        }

        using var small = RSA.Create(1024);
        using var ec = ECDsa.Create();
        foreach (var bad in new[] { null, "", "%%%", Convert.ToBase64String(small.ExportSubjectPublicKeyInfo()),
                     Convert.ToBase64String(ec.ExportSubjectPublicKeyInfo()), Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo().Append((byte)0).ToArray()) })
        {
            Assert.Equal("invalid_public_key", Assert.Throws<HangarException>(() => TransitScheme.ImportClientKey(bad)).Code);
        }
    }

    /// <summary>What robocorp-vault's set_secret does: AES-256 key, 16 random bytes as both iv and nonce, tag split off.</summary>
    private static TransitEnvelope SealAsClient(byte[] plaintext, RSA serverPublic)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var gcm = new GcmCipher(key);
        gcm.Encrypt(iv, plaintext, ciphertext, tag);
        return new TransitEnvelope(ciphertext, serverPublic.Encrypt(key, RSAEncryptionPadding.OaepSHA256), tag, iv);
    }
}

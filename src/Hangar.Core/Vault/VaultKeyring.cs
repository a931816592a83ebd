using System.Security.Cryptography;
using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Vault;

/// <summary>
/// The server's transit key pair, made on first use and kept in the database (private half under the master key) so
/// that every node hands out the same public key and can open what robots sealed to it. Once loaded it is kept in
/// memory: it never changes. Two nodes making the key at the same moment is harmless: the second insert loses and
/// that node loads the first one's key.
/// </summary>
public sealed class VaultKeyring(MasterKey masterKey, TimeProvider time)
{
    public const string TransitPurpose = "transit";

    /// <summary>RSA-4096, the size Robocorp's clients use for their own keys.</summary>
    public const int KeyBits = 4096;

    private volatile Material? _loaded;

    /// <summary>DER SubjectPublicKeyInfo of the transit key.</summary>
    public async Task<byte[]> PublicKeyAsync(IVaultStore store, CancellationToken ct) => (await LoadAsync(store, ct)).PublicKey.ToArray();

    /// <summary>The transit key with its private half, for one use; the caller disposes it.</summary>
    public async Task<RSA> PrivateKeyAsync(IVaultStore store, CancellationToken ct)
    {
        var material = await LoadAsync(store, ct);
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(material.PrivateKey, out _);
        return rsa;
    }

    private async Task<Material> LoadAsync(IVaultStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (_loaded is { } loaded)
        {
            return loaded;
        }

        var row = await store.FindKeyAsync(TransitPurpose, ct);
        if (row is null)
        {
            var created = Generate();
            row = await store.TryAddKeyAsync(created, ct)
                ? created
                : await store.FindKeyAsync(TransitPurpose, ct) ?? throw new InvalidOperationException("The vault key was neither added nor found.");
        }

        var material = new Material(row.PublicKey, masterKey.Decrypt(row.EncryptedPrivateKey, Context(row.Purpose)));
        _loaded = material;
        return material;
    }

    private VaultKey Generate()
    {
        using var rsa = RSA.Create(KeyBits);
        var privateKey = rsa.ExportPkcs8PrivateKey();
        try
        {
            return new VaultKey
            {
                Purpose = TransitPurpose,
                PublicKey = rsa.ExportSubjectPublicKeyInfo(),
                EncryptedPrivateKey = masterKey.Encrypt(privateKey, Context(TransitPurpose)),
                CreatedAt = time.GetUtcNow(),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private static string Context(string purpose) => $"vault_key:{purpose}";

    private sealed record Material(byte[] PublicKey, byte[] PrivateKey);
}

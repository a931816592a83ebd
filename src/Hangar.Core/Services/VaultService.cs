using System.Security.Cryptography;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Stores;
using Hangar.Core.Vault;

namespace Hangar.Core.Services;

/// <summary>
/// The workspace vault: secrets managed by people and keys over v1, and read and written by robots over the transit
/// scheme. Route permissions are enforced before these methods run. Values are encrypted under the master key
/// the moment they arrive and decrypted only to be handed out; they never reach a log line or the audit log, and
/// every hand-out of a value is audited.
/// </summary>
public sealed class VaultService(IVaultStore store, VaultKeyring keyring, MasterKey masterKey, AuditLog audit, TimeProvider time)
{
    public async Task<VaultSecret> CreateAsync(Caller caller, string workspaceId, string? name, string? description, SecretValue value,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(value);
        var validName = SecretNames.Check(name);
        var validDescription = ValidDescription(description);
        var now = time.GetUtcNow();
        var id = Ids.New();
        var secret = new VaultSecret
        {
            Id = id,
            WorkspaceId = workspaceId,
            Name = validName,
            Description = validDescription,
            EncryptedValue = Seal(workspaceId, id, value),
            CreatedByType = caller.ActorType,
            CreatedById = caller.Id,
            CreatedByName = caller.Name,
            CreatedAt = now,
            UpdatedByType = caller.ActorType,
            UpdatedById = caller.Id,
            UpdatedByName = caller.Name,
            UpdatedAt = now,
        };
        await store.AddAsync(secret, ct);
        await audit.RecordAsync(caller, AuditActions.VaultSecretCreated, Target(secret), ct);
        return secret;
    }

    public Task<Page<VaultSecret>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct) => store.ListAsync(workspaceId, page, ct);

    /// <summary>The secret named or identified by <paramref name="nameOrId"/> (names and ids never look alike).</summary>
    public async Task<VaultSecret> GetAsync(string workspaceId, string nameOrId, CancellationToken ct)
    {
        var secret = Ids.IsWellFormed(nameOrId) ? await store.FindAsync(workspaceId, nameOrId, ct)
            : SecretNames.IsValid(nameOrId) ? await store.FindByNameAsync(workspaceId, nameOrId, ct)
            : null;
        return secret ?? throw NotFound(nameOrId);
    }

    /// <summary>
    /// The key names of a secret's value (not its values, so not audited); null when the value does not decrypt under
    /// this server's master key, so that a list still shows which secrets there are after the key was lost.
    /// </summary>
    public IReadOnlyList<string>? KeysOf(VaultSecret secret) => TryUnseal(secret)?.Keys;

    /// <summary>A secret with its value; audited.</summary>
    public async Task<(VaultSecret Secret, SecretValue Value)> ReadValueAsync(Caller caller, string workspaceId, string nameOrId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var secret = await GetAsync(workspaceId, nameOrId, ct);
        return (secret, await RevealAsync(caller, secret, ct));
    }

    /// <summary>Changes what is given: the description, and the value (replaced whole). A name, when given, must be the secret's own.</summary>
    public async Task<VaultSecret> UpdateAsync(Caller caller, string workspaceId, string nameOrId, string? name, string? description,
        SecretValue? value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var secret = await GetAsync(workspaceId, nameOrId, ct);
        if (name is not null && name != secret.Name)
        {
            // Robots find secrets by name, so a rename would break them silently: a new name is a new secret.
            throw HangarException.Invalid("name_immutable", "A secret's name cannot change: create a secret with the new name and delete this one.");
        }

        if (description is not null)
        {
            secret.Description = ValidDescription(description);
        }

        if (value is not null)
        {
            secret.EncryptedValue = Seal(secret.WorkspaceId, secret.Id, value);
        }

        await SaveUpdateAsync(caller, secret, ct);
        return secret;
    }

    /// <summary>
    /// Replaces a secret's description and its key/value pairs as the UI's form gives them: a pair whose value is null
    /// keeps the value the key has now (so an editor need not see values to change other keys); keys left out are dropped.
    /// The current value is read only to carry such pairs over, so this is an update, not a read, in the audit log.
    /// </summary>
    public async Task<VaultSecret> UpdateEntriesAsync(Caller caller, string workspaceId, string nameOrId, string? description,
        IReadOnlyList<KeyValuePair<string, string?>> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(entries);
        var secret = await GetAsync(workspaceId, nameOrId, ct);
        var current = entries.Any(e => e.Value is null) ? Unseal(secret).ToDictionary() : null;
        var value = SecretValue.FromEntries(entries.Select(e => KeyValuePair.Create(e.Key, e.Value
            ?? (current!.TryGetValue(e.Key ?? string.Empty, out var kept) ? kept
                : throw HangarException.Invalid("missing_value", $"The key '{e.Key}' is new: give it a value.")))));
        secret.Description = ValidDescription(description);
        secret.EncryptedValue = Seal(secret.WorkspaceId, secret.Id, value);
        await SaveUpdateAsync(caller, secret, ct);
        return secret;
    }

    public async Task<VaultSecret> DeleteAsync(Caller caller, string workspaceId, string nameOrId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var secret = await GetAsync(workspaceId, nameOrId, ct);
        await store.DeleteAsync(secret, ct);
        await audit.RecordAsync(caller, AuditActions.VaultSecretDeleted, Target(secret), ct);
        return secret;
    }

    /// <summary>DER SubjectPublicKeyInfo of the key robots seal secrets to.</summary>
    public Task<byte[]> TransitPublicKeyAsync(CancellationToken ct) => keyring.PublicKeyAsync(store, ct);

    /// <summary>A robot's read: the value sealed to the robot's own RSA key; audited like any other read of a value.</summary>
    public async Task<(VaultSecret Secret, TransitEnvelope Envelope)> ReadSealedAsync(Caller caller, string workspaceId, string name,
        string? encryptionScheme, string? publicKey, CancellationToken ct)
    {
        CheckScheme(encryptionScheme, "encryptionScheme");
        using var clientKey = TransitScheme.ImportClientKey(publicKey);
        // Robots address secrets by name only, as Robocorp's clients do.
        var secret = (SecretNames.IsValid(name) ? await store.FindByNameAsync(workspaceId, name, ct) : null) ?? throw NotFound(name, byName: true);
        var value = await RevealAsync(caller, secret, ct);
        var plaintext = value.ToUtf8Json();
        try
        {
            return (secret, TransitScheme.SealForClient(plaintext, clientKey));
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    /// <summary>
    /// A robot's write: creates the secret or replaces its value. The description changes only when one is sent
    /// (robots send back what they read). The name in the body, when sent, must be the one in the path.
    /// </summary>
    public async Task<VaultSecret> WriteSealedAsync(Caller caller, string workspaceId, string name, string? bodyName, string? description,
        string? encryptionScheme, TransitEnvelope envelope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(envelope);
        var validName = SecretNames.Check(name);
        if (bodyName is not null && bodyName != validName)
        {
            throw HangarException.Invalid("name_mismatch", "'name' in the body must be the secret's name in the path.");
        }

        CheckScheme(encryptionScheme, "encryption.encryptionScheme");
        var validDescription = ValidDescription(description);
        byte[] plaintext;
        using (var serverKey = await keyring.PrivateKeyAsync(store, ct))
        {
            plaintext = TransitScheme.OpenFromClient(envelope, serverKey);
        }

        SecretValue value;
        try
        {
            value = SecretValue.FromUtf8Json(plaintext);
        }
        finally
        {
            Array.Clear(plaintext);
        }

        var existing = await store.FindByNameAsync(workspaceId, validName, ct);
        if (existing is null)
        {
            return await CreateAsync(caller, workspaceId, validName, validDescription, value, ct);
        }

        existing.Description = validDescription ?? existing.Description;
        existing.EncryptedValue = Seal(existing.WorkspaceId, existing.Id, value);
        await SaveUpdateAsync(caller, existing, ct);
        return existing;
    }

    private async Task<SecretValue> RevealAsync(Caller caller, VaultSecret secret, CancellationToken ct)
    {
        var value = Unseal(secret);
        await audit.RecordAsync(caller, AuditActions.VaultSecretValueRead, Target(secret), ct);
        return value;
    }

    private async Task SaveUpdateAsync(Caller caller, VaultSecret secret, CancellationToken ct)
    {
        secret.UpdatedByType = caller.ActorType;
        secret.UpdatedById = caller.Id;
        secret.UpdatedByName = caller.Name;
        secret.UpdatedAt = time.GetUtcNow();
        await store.SaveAsync(secret, ct);
        await audit.RecordAsync(caller, AuditActions.VaultSecretUpdated, Target(secret), ct);
    }

    private byte[] Seal(string workspaceId, string id, SecretValue value)
    {
        var plaintext = value.ToUtf8Json();
        try
        {
            return masterKey.Encrypt(plaintext, EncryptionContext(workspaceId, id));
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    private SecretValue Unseal(VaultSecret secret) =>
        TryUnseal(secret) ?? throw HangarException.Conflict("secret_unreadable",
            "The secret's value does not decrypt with this server's master key (was the key changed?); write the value again.");

    private SecretValue? TryUnseal(VaultSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        byte[] plaintext;
        try
        {
            plaintext = masterKey.Decrypt(secret.EncryptedValue, EncryptionContext(secret.WorkspaceId, secret.Id));
        }
        catch (CryptographicException)
        {
            return null;
        }

        try
        {
            return SecretValue.FromStored(plaintext);
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }


    private static void CheckScheme(string? scheme, string field)
    {
        if (scheme != TransitScheme.Name)
        {
            throw HangarException.Invalid("unsupported_encryption_scheme", $"'{field}' must be '{TransitScheme.Name}'.");
        }
    }

    private static string? ValidDescription(string? description) =>
        description is { Length: > Validate.MaxDescriptionLength }
            ? throw HangarException.Invalid("invalid_description", $"'description' must be at most {Validate.MaxDescriptionLength} characters.")
            : description;

    /// <summary>Robocorp's clients say "No secret with name ..."; the answer says the same. Only a well-formed name is echoed.</summary>
    private static HangarException NotFound(string nameOrId, bool byName = false) =>
        SecretNames.IsValid(nameOrId)
            ? new HangarException(ErrorKind.NotFound, "not_found", $"No secret with name {(byName ? string.Empty : "or id ")}'{nameOrId}' in this workspace.")
            : HangarException.NotFound("The secret");

    /// <summary>The value is bound to its workspace and id: a ciphertext copied onto another row does not decrypt there.</summary>
    private static string EncryptionContext(string workspaceId, string id) => $"vault_secret:{workspaceId}:{id}";

    private static AuditTarget Target(VaultSecret secret) => new("vault_secret", secret.Id, secret.Name, secret.WorkspaceId);
}

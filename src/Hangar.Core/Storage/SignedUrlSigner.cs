using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangar.Core.Errors;
using Hangar.Core.Security;

namespace Hangar.Core.Storage;

/// <summary>
/// Signs and checks the policies of signed URLs: the policy travels as base64url JSON, the signature is an
/// HMAC-SHA256 over it with a key derived from the master key, so every node of an installation can check any URL
/// and changing any byte of the policy (key, expiry, size limit, target) invalidates the signature.
/// </summary>
public sealed class SignedUrlSigner(MasterKey masterKey, TimeProvider time)
{
    /// <summary>Longer policies are refused unread; real ones are a few hundred characters.</summary>
    public const int MaxPolicyLength = 4096;

    private const string Domain = "hangar-signed-url-v1\n";
    private readonly byte[] _key = masterKey.DeriveKey("signed-urls-v1");

    public (string Policy, string Signature) Sign(SignedUrlPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var encoded = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(policy));
        return (encoded, Compute(encoded));
    }

    /// <summary>The policy of a URL whose signature is right and whose time has not run out; a 403 refusal otherwise.</summary>
    public SignedUrlPolicy Verify(string? policy, string? signature, string operation)
    {
        if (string.IsNullOrEmpty(policy) || string.IsNullOrEmpty(signature) || policy.Length > MaxPolicyLength
            || !SecretHashing.FixedTimeEquals(Compute(policy), signature))
        {
            throw HangarException.Forbidden("invalid_signature",
                "The URL's signature is missing or does not match: the URL was altered or is not one this server issued.");
        }

        SignedUrlPolicy? read;
        try
        {
            read = JsonSerializer.Deserialize<SignedUrlPolicy>(Base64Url.DecodeFromChars(policy));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            // Signed by us but unreadable: a policy format of another version.
            read = null;
        }

        if (read is null || (read.DownloadGrant is null && read.UploadGrant is null))
        {
            throw HangarException.Forbidden("invalid_signature", "The URL's policy is not one this server understands.");
        }

        if (read.Operation != operation)
        {
            throw HangarException.Forbidden("wrong_url_operation", $"This URL is for {read.Operation}, not {operation}.");
        }

        if (read.ExpiresAt <= time.GetUtcNow().ToUnixTimeSeconds())
        {
            throw HangarException.Forbidden("url_expired", "The URL has expired; ask for a new one.");
        }

        return read;
    }

    private string Compute(string policy) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(Domain + policy)));
}

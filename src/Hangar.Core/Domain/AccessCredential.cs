namespace Hangar.Core.Domain;

/// <summary>
/// A user's access credential for tools such as rcc ("Access Credentials" in the profile): <c>identifier:secret</c>.
/// Tools sign requests with the secret (HMAC-SHA256), so the server must read it back: it is stored encrypted under
/// the master key, never in the clear.
/// </summary>
public sealed class AccessCredential
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required string Name { get; init; }

    /// <summary>The public half of the credential, unique, used to find it.</summary>
    public required string Identifier { get; init; }

    public required byte[] EncryptedSecret { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public string? LastUsedIp { get; set; }
}

namespace Hangar.Core.RequestReplay;

/// <summary>
/// A <c>robocloud-hmac</c> signature that has been accepted once. Its SHA-256 is the primary key, so a second request
/// with the same signature, on this node or any other sharing the database, cannot record it again and is refused.
/// The row can go once <see cref="ExpiresAt"/> has passed: the signature's timestamp is refused as too old by then.
/// </summary>
public sealed class UsedRequestSignature
{
    /// <summary>Lowercase hex SHA-256 of the credential identifier and the signature.</summary>
    public required string Id { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}

namespace Hangar.Core.Domain;

/// <summary>
/// An upload URL that has been used. It is written in the same transaction as the upload's effect (a new package
/// version, say), so a URL takes effect at most once; the row can go once the URL has expired anyway.
/// </summary>
public sealed class UsedUploadGrant
{
    public required string Id { get; init; }
    public DateTimeOffset UsedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

namespace Hangar.Core.Domain;

/// <summary>
/// A trigger made with an <c>Idempotency-Key</c>: the same key and body within 24 hours returns the same run(s)
/// instead of starting new ones.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string WorkspaceId { get; init; }
    public required string Key { get; init; }

    /// <summary>SHA-256 of the route and the request body, to tell a retry from a different request.</summary>
    public required string RequestHash { get; init; }

    /// <summary>The run ids the first request started, space-separated.</summary>
    public required string RunIds { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

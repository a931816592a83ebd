namespace Hangar.Core.Domain;

/// <summary>A file attached to a work item (uploaded through a signed URL; kept in the blob store).</summary>
public sealed class WorkItemFile
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string WorkItemId { get; init; }

    /// <summary>The file's name, unique per item: adding a file of the same name replaces it.</summary>
    public required string Name { get; init; }

    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public required string BlobKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

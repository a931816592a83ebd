namespace Hangar.Core.Domain;

/// <summary>A named blob of content (text, JSON, a file) shared across runs; robots read and set it by name.</summary>
public sealed class Asset
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }

    /// <summary>Unique in the workspace; it never changes (robots address assets as <c>name:&lt;name&gt;</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The content's blob, or null while the asset is empty (created, nothing uploaded yet).</summary>
    public string? BlobKey { get; set; }

    public string? ContentType { get; set; }
    public long Size { get; set; }
    public string? Sha256 { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

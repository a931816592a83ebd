namespace Hangar.Core.Domain;

/// <summary>A file a step run produced in its artifacts folder, uploaded by the worker after the robot exits.</summary>
public sealed class Artifact
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string StepRunId { get; init; }

    /// <summary>The file's path inside the artifacts folder, with '/' separators.</summary>
    public required string Name { get; init; }

    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public required string BlobKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

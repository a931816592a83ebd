namespace Hangar.Core.Domain;

/// <summary>One uploaded zip of a task package, immutable once stored.</summary>
public sealed class TaskPackageVersion
{
    public required string Id { get; init; }
    public required string TaskPackageId { get; init; }
    public required string WorkspaceId { get; init; }

    /// <summary>1, 2, 3, ... per package.</summary>
    public int Number { get; init; }

    /// <summary>Lower-case hex SHA-256 of the zip; workers cache packages by it.</summary>
    public required string Sha256 { get; init; }

    public long Size { get; init; }

    /// <summary>Where the zip is in the blob store.</summary>
    public required string BlobKey { get; init; }

    /// <summary>The folder inside the zip that holds <c>robot.yaml</c> ("" for the zip's root).</summary>
    public required string RobotRoot { get; init; }

    /// <summary>Task names from <c>robot.yaml</c>, in file order.</summary>
    public required List<string> Tasks { get; init; }

    public required string UploadedByType { get; init; }
    public string? UploadedById { get; init; }
    public string? UploadedByName { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
}

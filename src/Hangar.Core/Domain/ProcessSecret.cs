namespace Hangar.Core.Domain;

/// <summary>
/// The deprecated per-process secret of Robocorp's "Process API access" (<c>robocloud-process-secret</c> header).
/// One per process; only its SHA-256 is stored, so it is shown once when generated or rotated.
/// </summary>
public sealed class ProcessSecret
{
    public required string ProcessId { get; init; }
    public required string WorkspaceId { get; init; }
    public required string SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedByName { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

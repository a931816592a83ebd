namespace Hangar.Core.Domain;

/// <summary>
/// A machine (or process) that runs robots for one workspace. It authenticates with a credential (<c>hgw_...</c>)
/// of which only the SHA-256 is kept; <see cref="LastSeenAt"/> is refreshed by its claims and heartbeats.
/// </summary>
public sealed class Worker
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; set; }
    public required string CredentialHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>How the worker isolates robots, as it last said in a claim (<see cref="Runs.WorkerIsolation"/>); null until then.</summary>
    public string? Isolation { get; set; }
}

using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

/// <summary>What step runs leave behind: artifacts, console lines and lifecycle events.</summary>
public interface IStepRunOutputStore
{
    Task<Page<Artifact>> ListArtifactsAsync(string workspaceId, string stepRunId, PageRequest page, CancellationToken ct);

    Task<Artifact?> FindArtifactAsync(string workspaceId, string stepRunId, string artifactId, CancellationToken ct);

    /// <summary>Console lines in order, after sequence number <paramref name="afterSequence"/>.</summary>
    Task<IReadOnlyList<ConsoleMessage>> ListConsoleAsync(string workspaceId, string stepRunId, long afterSequence, int limit, CancellationToken ct);

    Task<Page<StepRunEvent>> ListEventsAsync(string workspaceId, string stepRunId, PageRequest page, CancellationToken ct);
}

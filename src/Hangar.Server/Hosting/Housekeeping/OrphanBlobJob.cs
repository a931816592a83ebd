using Hangar.Core.Coordination;
using Hangar.Core.Storage;

namespace Hangar.Server.Hosting.Housekeeping;

/// <summary>
/// Deletes blobs that no row names, a day after they were written (<see cref="OrphanBlobCollector"/>): what an upload
/// left behind when its row never committed. Stops between checks when this node stops leading.
/// </summary>
public sealed partial class OrphanBlobJob(OrphanBlobCollector collector, ILeadership leadership, ILogger<OrphanBlobJob> logger) : IHousekeepingJob
{
    public string Name => "orphan blobs";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var deleted = await collector.CollectAsync(() => leadership.IsLeader, ct);
        if (deleted > 0)
        {
            LogDeleted(logger, deleted);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Housekeeping deleted {Count} files that no row names (left by uploads that never completed)")]
    private static partial void LogDeleted(ILogger logger, int count);
}

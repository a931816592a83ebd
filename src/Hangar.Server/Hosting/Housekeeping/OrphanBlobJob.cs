using Hangar.Core.Coordination;
using Hangar.Core.Storage;

namespace Hangar.Server.Hosting.Housekeeping;

/// <summary>
/// Deletes blobs that no row names, a day after they were written (<see cref="OrphanBlobCollector"/>): what an upload
/// left behind when its row never committed. Stops between checks when this node stops leading.
/// </summary>
public sealed class OrphanBlobJob(OrphanBlobCollector collector, ILeadership leadership) : IHousekeepingJob
{
    public string Name => "orphan blobs";

    public Task<int> RunAsync(CancellationToken ct) => collector.CollectAsync(() => leadership.IsLeader, ct);
}

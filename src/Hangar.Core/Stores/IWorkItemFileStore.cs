using Hangar.Core.Domain;

namespace Hangar.Core.Stores;

public interface IWorkItemFileStore
{
    /// <summary>
    /// Adds a file and records its upload URL as used, in one transaction; the item's earlier file of the same name
    /// goes in the same transaction. 403 <c>upload_url_used</c> when the URL was used already, 404 when the item is gone.
    /// </summary>
    Task<WorkItemFile?> AddAsync(WorkItemFile file, UsedUploadGrant grant, CancellationToken ct);

    /// <summary>The files of the given items, by item id.</summary>
    Task<ILookup<string, WorkItemFile>> ListAsync(string workspaceId, IReadOnlyCollection<string> workItemIds, CancellationToken ct);

    Task<WorkItemFile?> FindAsync(string workspaceId, string workItemId, string fileId, CancellationToken ct);

    Task DeleteAsync(WorkItemFile file, CancellationToken ct);
}

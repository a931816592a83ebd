using Hangar.Contracts.V1;

namespace Hangar.Client;

public sealed partial class HangarClient
{
    /// <summary>
    /// Work items, without their payloads and files (read one with <see cref="GetWorkItemAsync"/> for those); filter by
    /// run, process and state (<c>new, pending, in_progress, failed, done</c>).
    /// </summary>
    public IAsyncEnumerable<WorkItemResponse> ListWorkItemsAsync(string workspaceId, string? runId = null, string? state = null, string? processId = null,
        CancellationToken ct = default) =>
        ListAsync<WorkItemResponse>($"{WorkspacePath(workspaceId)}/work-items{Query(("process_run_id", runId), ("state", state), ("process_id", processId))}", ct);

    /// <summary>One work item with its payload and files.</summary>
    public Task<WorkItemResponse> GetWorkItemAsync(string workspaceId, string workItemId, CancellationToken ct = default) =>
        SendAsync<WorkItemResponse>(HttpMethod.Get, $"{WorkspacePath(workspaceId)}/work-items/{Uri.EscapeDataString(workItemId)}", null, ct);

    /// <summary>Sends failed work items back to work: their step runs again, and the run is in progress until they settle.</summary>
    public Task<AcceptedResponse> RetryWorkItemsAsync(string workspaceId, IEnumerable<string> workItemIds, CancellationToken ct = default) =>
        BatchAsync(workspaceId, "retry", workItemIds, ct);

    /// <summary>Marks work items done (e.g. failed ones settled by hand); a run whose items are all settled completes.</summary>
    public Task<AcceptedResponse> MarkWorkItemsDoneAsync(string workspaceId, IEnumerable<string> workItemIds, CancellationToken ct = default) =>
        BatchAsync(workspaceId, "mark_as_done", workItemIds, ct);

    private Task<AcceptedResponse> BatchAsync(string workspaceId, string operation, IEnumerable<string> workItemIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workItemIds);
        return SendAsync<AcceptedResponse>(HttpMethod.Post, $"{WorkspacePath(workspaceId)}/work-items/batch",
            new WorkItemBatchRequest(operation, workItemIds.ToList()), ct);
    }
}

using Hangar.Contracts.V1;

namespace Hangar.Client;

/// <summary>Processes: an ordered list of steps, each a task of a task package run by a worker (group).</summary>
public sealed partial class HangarClient
{
    /// <summary>The workspace's processes (id, name, created), all of them.</summary>
    public IAsyncEnumerable<ProcessSummaryResponse> ListProcessesAsync(string workspaceId, CancellationToken ct = default) =>
        ListAsync<ProcessSummaryResponse>(ProcessesPath(workspaceId), ct);

    /// <summary>A process with its steps.</summary>
    public Task<ProcessResponse> GetProcessAsync(string workspaceId, string processId, CancellationToken ct = default) =>
        SendAsync<ProcessResponse>(HttpMethod.Get, ProcessPath(workspaceId, processId), null, ct);

    public Task<ProcessResponse> CreateProcessAsync(string workspaceId, CreateProcessRequest process, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(process);
        return SendAsync<ProcessResponse>(HttpMethod.Post, ProcessesPath(workspaceId), process, ct);
    }

    /// <summary>Deletes the process with its runs and work items.</summary>
    public Task<DeletedResponse> DeleteProcessAsync(string workspaceId, string processId, CancellationToken ct = default) =>
        SendAsync<DeletedResponse>(HttpMethod.Delete, ProcessPath(workspaceId, processId), null, ct);

    /// <summary>The workspace's worker groups (id and name).</summary>
    public IAsyncEnumerable<NamedRef> ListWorkerGroupsAsync(string workspaceId, CancellationToken ct = default) =>
        ListAsync<NamedRef>($"api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/worker-groups", ct);

    /// <summary>One worker group (id and name).</summary>
    public Task<NamedRef> GetWorkerGroupAsync(string workspaceId, string workerGroupId, CancellationToken ct = default) =>
        SendAsync<NamedRef>(HttpMethod.Get, $"api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/worker-groups/{Uri.EscapeDataString(workerGroupId)}", null, ct);

    private static string ProcessesPath(string workspaceId) => $"api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/processes";

    private static string ProcessPath(string workspaceId, string processId) => $"{ProcessesPath(workspaceId)}/{Uri.EscapeDataString(processId)}";
}

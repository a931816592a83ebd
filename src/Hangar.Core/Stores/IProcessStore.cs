using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

public interface IProcessStore
{
    /// <summary>Adds a process with its steps; a conflict when the workspace has one of that name.</summary>
    Task AddAsync(Process process, CancellationToken ct);

    /// <summary>The process with its steps in order.</summary>
    Task<Process?> FindAsync(string workspaceId, string id, CancellationToken ct);

    /// <summary>The process with its steps in order, read only: what starting a run needs (cheaper than <see cref="FindAsync"/>).</summary>
    Task<Process?> FindForRunAsync(string workspaceId, string id, CancellationToken ct);

    /// <summary>The process's steps in order, read only (empty when it has none or does not exist).</summary>
    Task<IReadOnlyList<ProcessStep>> ListStepsAsync(string workspaceId, string processId, CancellationToken ct);

    Task<Page<Process>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct);

    /// <summary>Saves a process loaded with <see cref="FindAsync"/>, replacing its steps by <paramref name="steps"/> when given.</summary>
    Task SaveAsync(Process process, IReadOnlyList<ProcessStep>? steps, CancellationToken ct);

    /// <summary>Deletes the process with its steps, runs and work items.</summary>
    Task DeleteAsync(Process process, CancellationToken ct);
}

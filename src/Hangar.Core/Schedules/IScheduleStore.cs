using Hangar.Core.Paging;

namespace Hangar.Core.Schedules;

/// <summary>Schedules, and the record of the times they handled.</summary>
public interface IScheduleStore
{
    Task AddAsync(Schedule schedule, CancellationToken ct);

    /// <summary>A schedule of a process, tracked (a change is written by <see cref="SaveAsync"/>).</summary>
    Task<Schedule?> FindAsync(string workspaceId, string processId, string id, CancellationToken ct);

    /// <summary>A process's schedules in creation order.</summary>
    Task<Page<Schedule>> ListAsync(string workspaceId, string processId, PageRequest page, CancellationToken ct);

    Task<int> CountAsync(string workspaceId, string processId, CancellationToken ct);

    Task SaveAsync(CancellationToken ct);

    Task DeleteAsync(Schedule schedule, CancellationToken ct);

    /// <summary>Schedules whose next time is at or before <paramref name="at"/>, earliest first, untracked.</summary>
    Task<IReadOnlyList<Schedule>> ListDueAsync(DateTimeOffset at, int limit, CancellationToken ct);

    /// <summary>The earliest next time of any schedule, or null when none has one.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct);

    /// <summary>
    /// Writes a claim that starts no run (a skipped or failed time) in a transaction of its own; false when another
    /// node or an edit of the schedule was first (nothing is written then).
    /// </summary>
    Task<bool> RecordAsync(ScheduleClaim claim, CancellationToken ct);

    /// <summary>Moves the schedule's next time from <paramref name="expected"/> to <paramref name="nextFireAt"/> if it is still the expected one.</summary>
    Task AdvanceAsync(string scheduleId, DateTimeOffset expected, DateTimeOffset? nextFireAt, CancellationToken ct);

    /// <summary>Deletes the records of times handled before <paramref name="cutoff"/>.</summary>
    Task<int> DeleteFiresBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);
}

using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Schedules;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfScheduleStore(HangarDbContext db, WriteGate writeGate) : IScheduleStore
{
    public async Task AddAsync(Schedule schedule, CancellationToken ct)
    {
        db.Schedules.Add(schedule);
        await db.SaveChangesAsync(ct);
    }

    public Task<Schedule?> FindAsync(string workspaceId, string processId, string id, CancellationToken ct) =>
        db.Schedules.FirstOrDefaultAsync(s => s.Id == id && s.ProcessId == processId && s.WorkspaceId == workspaceId, ct);

    public Task<Page<Schedule>> ListAsync(string workspaceId, string processId, PageRequest page, CancellationToken ct) =>
        db.Schedules.AsNoTracking().Where(s => s.WorkspaceId == workspaceId && s.ProcessId == processId).ToKeysetPageAsync(s => s.Id, page, ct);

    public Task<int> CountAsync(string workspaceId, string processId, CancellationToken ct) =>
        db.Schedules.CountAsync(s => s.WorkspaceId == workspaceId && s.ProcessId == processId, ct);

    public Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);

    public async Task DeleteAsync(Schedule schedule, CancellationToken ct)
    {
        await db.Schedules.Where(s => s.Id == schedule.Id).ExecuteDeleteAsync(ct);
        db.ChangeTracker.Clear();
    }

    public async Task<IReadOnlyList<Schedule>> ListDueAsync(DateTimeOffset at, int limit, CancellationToken ct) =>
        await db.Schedules.AsNoTracking().Where(s => s.NextFireAt != null && s.NextFireAt <= at).OrderBy(s => s.NextFireAt).Take(limit).ToListAsync(ct);

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken ct) =>
        db.Schedules.Where(s => s.NextFireAt != null).MinAsync(s => s.NextFireAt, ct);

    public async Task<bool> RecordAsync(ScheduleClaim claim, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var turn = await writeGate.EnterAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await ScheduleClaims.ClaimAsync(db, claim, null, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (HangarException ex) when (ex.Code == ScheduleClaim.TakenCode)
        {
            return false;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task AdvanceAsync(string scheduleId, DateTimeOffset expected, DateTimeOffset? nextFireAt, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        await db.Schedules.Where(s => s.Id == scheduleId && s.NextFireAt == expected).ExecuteUpdateAsync(u => u.SetProperty(s => s.NextFireAt, nextFireAt), ct);
    }

    public async Task<int> DeleteFiresBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        return await db.ScheduleFires.Where(f => f.HandledAt < cutoff).ExecuteDeleteAsync(ct);
    }
}

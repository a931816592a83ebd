using Hangar.Core.Errors;
using Hangar.Core.Schedules;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

/// <summary>Writes a <see cref="ScheduleClaim"/> inside the caller's transaction: a run's start, or a skipped time alone.</summary>
internal static class ScheduleClaims
{
    /// <summary>
    /// Moves the schedule's next time forward if it is still the expected one (a conditional update: on PostgreSQL it
    /// locks the row until commit, so a second node waits and then finds the time moved), checks that nobody recorded
    /// the time already (an edit may have set the schedule back onto it), and adds the record, which the caller's
    /// next save writes under its unique key. 409 <see cref="ScheduleClaim.TakenCode"/> when the claim is lost.
    /// </summary>
    public static async Task ClaimAsync(HangarDbContext db, ScheduleClaim claim, string? runId, CancellationToken ct)
    {
        var fire = claim.Fire;
        var moved = await db.Schedules
            .Where(s => s.Id == claim.ScheduleId && s.NextFireAt == claim.ExpectedNextFireAt)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.NextFireAt, claim.NextFireAt)
                .SetProperty(s => s.LastFireAt, fire.FireAt)
                .SetProperty(s => s.LastOutcome, fire.Outcome)
                .SetProperty(s => s.LastRunId, runId)
                .SetProperty(s => s.LastError, fire.Error), ct);
        if (moved == 0 || await db.ScheduleFires.AnyAsync(f => f.ScheduleId == claim.ScheduleId && f.FireAt == fire.FireAt, ct))
        {
            throw Taken();
        }

        fire.RunId = runId;
        db.ScheduleFires.Add(fire);
    }

    public static HangarException Taken() =>
        HangarException.Conflict(ScheduleClaim.TakenCode, "This time of the schedule was handled already (by another node, or before an edit).");
}

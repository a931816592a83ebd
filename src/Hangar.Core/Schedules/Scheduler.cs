using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Services;
using Hangar.Core.Stores;

namespace Hangar.Core.Schedules;

/// <summary>
/// Fires due schedules. Every node runs it; each due time is claimed in the database (<see cref="ScheduleClaim"/>)
/// in the same transaction as the run it starts, so whichever node is first fires it and the others find it taken.
/// The run starts through <see cref="RunService"/>, as a trigger over the API does.
/// </summary>
public sealed class Scheduler(IScheduleStore schedules, IRunStore runs, RunService runService, TimeProvider time)
{
    public Task<IReadOnlyList<Schedule>> ListDueAsync(CancellationToken ct) =>
        schedules.ListDueAsync(time.GetUtcNow(), ScheduleLimits.DueBatch, ct);

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken ct) => schedules.NextDueAsync(ct);

    public Task<int> ForgetOldFiresAsync(CancellationToken ct) => schedules.DeleteFiresBeforeAsync(time.GetUtcNow() - ScheduleLimits.FiresKept, ct);

    /// <summary>
    /// Handles a due schedule: its times from its next time up to now. The newest of them fires when it is recent
    /// (within <see cref="ScheduleLimits.MissedAfter"/>); older ones were missed, and either pass (catch-up
    /// <c>skip</c>) or start one run together (<c>once</c>). A run is skipped while another run of the process is
    /// active, unless the overlap policy allows it. At most one run per schedule and pass.
    /// </summary>
    public async Task<FireResult> FireAsync(Schedule schedule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var now = time.GetUtcNow();
        var expected = schedule.NextFireAt ?? throw new ArgumentException("The schedule has no next time.", nameof(schedule));
        var cron = CronSchedule.Parse(schedule.Cron, schedule.TimeZone);
        var next = cron.NextAfter(now);

        // Times up to the latest handled one never fire again, even if an edit that raced that fire set the schedule back.
        var first = schedule.LastFireAt is { } last && last >= expected ? cron.NextAfter(last) : expected;
        if (first is null || first > now)
        {
            await schedules.AdvanceAsync(schedule.Id, expected, first, ct);
            return new FireResult(schedule.Id, expected, null, 0, null, null);
        }

        var latest = cron.LatestAtOrBefore(now) is { } l && l >= first ? l : first.Value;
        var onTime = now - latest <= ScheduleLimits.MissedAfter;
        var missed = cron.CountBetween(first.Value, latest, ScheduleLimits.MaxMissedCounted) + (onTime ? 0 : 1);

        ScheduleFireOutcome outcome;
        if (!onTime && schedule.CatchUp == CatchUpPolicy.Skip)
        {
            outcome = ScheduleFireOutcome.SkippedMissed;
        }
        else if (schedule.Overlap == OverlapPolicy.Skip && await runs.HasActiveRunAsync(schedule.WorkspaceId, schedule.ProcessId, ct))
        {
            outcome = ScheduleFireOutcome.SkippedOverlap;
        }
        else
        {
            return await StartAsync(schedule, expected, next, latest, missed, now, ct);
        }

        var fire = Fire(schedule, latest, outcome, missed, null, now);
        return await schedules.RecordAsync(new ScheduleClaim(schedule.Id, expected, next, fire), ct)
            ? Result(fire)
            : new FireResult(schedule.Id, latest, null, missed, null, null);
    }

    private async Task<FireResult> StartAsync(Schedule schedule, DateTimeOffset expected, DateTimeOffset? next, DateTimeOffset latest, int missed,
        DateTimeOffset now, CancellationToken ct)
    {
        var fire = Fire(schedule, latest, ScheduleFireOutcome.Started, missed, null, now);
        var claim = new ScheduleClaim(schedule.Id, expected, next, fire);
        var request = (schedule.Payload is null ? StartRequest.Default : StartRequest.WithPayload(schedule.Payload)) with { Claim = claim, Surface = "schedule" };
        var label = ScheduleService.Label(schedule) + (missed > 0 && schedule.CatchUp == CatchUpPolicy.Once ? $", catching up {missed} missed time(s)" : "");
        try
        {
            var outcome = await runService.StartAsync(new StartedBy("schedule", schedule.Id, label[..Math.Min(label.Length, 200)]),
                schedule.WorkspaceId, schedule.ProcessId, request, null, string.Empty, ct);
            return Result(fire) with { RunId = outcome.Runs.Count > 0 ? outcome.Runs[0].Id : null };
        }
        catch (HangarException ex) when (ex.Code == ScheduleClaim.TakenCode)
        {
            return new FireResult(schedule.Id, latest, null, missed, null, null);
        }
        catch (HangarException ex)
        {
            // The run cannot start (no steps, no robot uploaded, ...): the time is handled, with the reason kept.
            var failed = Fire(schedule, latest, ScheduleFireOutcome.Failed, missed, ex.Message, now);
            return await schedules.RecordAsync(new ScheduleClaim(schedule.Id, expected, next, failed), ct)
                ? Result(failed)
                : new FireResult(schedule.Id, latest, null, missed, null, null);
        }
    }

    private static ScheduleFire Fire(Schedule schedule, DateTimeOffset at, ScheduleFireOutcome outcome, int missed, string? error, DateTimeOffset now) => new()
    {
        ScheduleId = schedule.Id,
        FireAt = at,
        WorkspaceId = schedule.WorkspaceId,
        ProcessId = schedule.ProcessId,
        Outcome = outcome,
        Missed = missed,
        Error = error is { Length: > 500 } ? error[..500] : error,
        HandledAt = now,
    };

    private static FireResult Result(ScheduleFire fire) => new(fire.ScheduleId, fire.FireAt, fire.Outcome, fire.Missed, fire.RunId, fire.Error);
}

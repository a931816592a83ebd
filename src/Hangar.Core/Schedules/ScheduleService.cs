using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;

namespace Hangar.Core.Schedules;

/// <summary>
/// A process's schedules: create, read, change, delete, each change audited. A change sets the schedule's next time
/// afresh from now, so a new expression never fires for times that passed before it was saved.
/// </summary>
public sealed class ScheduleService(IScheduleStore store, IProcessStore processes, AuditLog audit, ScheduleWakeUp wakeUp, TimeProvider time)
{
    public async Task<Page<Schedule>> ListAsync(string workspaceId, string processId, PageRequest page, CancellationToken ct)
    {
        var process = await ProcessAsync(workspaceId, processId, ct);
        return await store.ListAsync(workspaceId, process.Id, page, ct);
    }

    public async Task<Schedule> GetAsync(string workspaceId, string processId, string id, CancellationToken ct)
    {
        var process = await ProcessAsync(workspaceId, processId, ct);
        return (Ids.IsWellFormed(id) ? await store.FindAsync(workspaceId, process.Id, id, ct) : null) ?? throw HangarException.NotFound("The schedule");
    }

    /// <summary>
    /// Creates a schedule. A schedule starts runs, so besides the route's <c>Processes.write_processes</c> the caller
    /// needs <c>Processes.trigger_processes</c>: no one schedules runs they could not start themselves.
    /// </summary>
    public async Task<Schedule> CreateAsync(Caller caller, WorkspaceGrant grant, string processId, ScheduleInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(input);
        RequireTrigger(grant);
        var process = await ProcessAsync(grant.WorkspaceId, processId, ct);
        var cron = CronSchedule.Parse(input.Cron, input.TimeZone ?? "UTC");
        var now = time.GetUtcNow();
        var schedule = new Schedule
        {
            Id = Ids.New(),
            WorkspaceId = process.WorkspaceId,
            ProcessId = process.Id,
            Cron = cron.Cron,
            TimeZone = cron.TimeZone,
            Enabled = input.Enabled ?? true,
            Payload = Payloads.Check(input.PayloadGiven ? input.Payload : null),
            Overlap = ParseOverlap(input.Overlap) ?? OverlapPolicy.Skip,
            CatchUp = ParseCatchUp(input.CatchUp) ?? CatchUpPolicy.Skip,
            CreatedAt = now,
            UpdatedAt = now,
        };
        schedule.NextFireAt = NextFireAt(schedule, cron, now);
        if (await store.CountAsync(process.WorkspaceId, process.Id, ct) >= ScheduleLimits.MaxPerProcess)
        {
            throw HangarException.Conflict("too_many_schedules", $"A process has at most {ScheduleLimits.MaxPerProcess} schedules.");
        }

        await store.AddAsync(schedule, ct);
        await audit.RecordAsync(caller, AuditActions.ScheduleCreated, Target(schedule, process), ct);
        wakeUp.Changed();
        return schedule;
    }

    /// <summary>Changes what <paramref name="input"/> gives; needs <c>Processes.trigger_processes</c> as creating does.</summary>
    public async Task<Schedule> UpdateAsync(Caller caller, WorkspaceGrant grant, string processId, string id, ScheduleInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(input);
        RequireTrigger(grant);
        var process = await ProcessAsync(grant.WorkspaceId, processId, ct);
        var schedule = await GetAsync(grant.WorkspaceId, process.Id, id, ct);
        var cron = CronSchedule.Parse(input.Cron ?? schedule.Cron, input.TimeZone ?? schedule.TimeZone);
        var overlap = ParseOverlap(input.Overlap);
        var catchUp = ParseCatchUp(input.CatchUp);
        var payload = input.PayloadGiven ? Payloads.Check(input.Payload) : schedule.Payload;
        var now = time.GetUtcNow();
        schedule.Cron = cron.Cron;
        schedule.TimeZone = cron.TimeZone;
        schedule.Enabled = input.Enabled ?? schedule.Enabled;
        schedule.Payload = payload;
        schedule.Overlap = overlap ?? schedule.Overlap;
        schedule.CatchUp = catchUp ?? schedule.CatchUp;
        schedule.NextFireAt = NextFireAt(schedule, cron, now);
        schedule.UpdatedAt = now;
        await store.SaveAsync(ct);
        await audit.RecordAsync(caller, AuditActions.ScheduleUpdated, Target(schedule, process), ct);
        wakeUp.Changed();
        return schedule;
    }

    public async Task DeleteAsync(Caller caller, string workspaceId, string processId, string id, CancellationToken ct)
    {
        var process = await ProcessAsync(workspaceId, processId, ct);
        var schedule = await GetAsync(workspaceId, process.Id, id, ct);
        await store.DeleteAsync(schedule, ct);
        await audit.RecordAsync(caller, AuditActions.ScheduleDeleted, Target(schedule, process), ct);
        wakeUp.Changed();
    }

    /// <summary>The schedule's next times from now (none while it is disabled).</summary>
    public IReadOnlyList<DateTimeOffset> NextFireTimes(Schedule schedule, int count = ScheduleLimits.NextFireTimesShown)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.Enabled ? CronSchedule.Parse(schedule.Cron, schedule.TimeZone).Next(time.GetUtcNow(), count) : [];
    }

    /// <summary>The next <paramref name="count"/> times of an expression, to try it before saving it.</summary>
    public IReadOnlyList<DateTimeOffset> Preview(string? cron, string? timeZone, int count)
    {
        if (count is < 1 or > ScheduleLimits.MaxPreviewCount)
        {
            throw HangarException.Invalid("invalid_count", $"'count' must be a whole number from 1 to {ScheduleLimits.MaxPreviewCount}.");
        }

        return CronSchedule.Parse(cron, timeZone ?? "UTC").Next(time.GetUtcNow(), count);
    }

    /// <summary>How runs a schedule started are labelled (<c>started_by.details.first_name</c>, the runs list).</summary>
    public static string Label(Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return $"{schedule.Cron} ({schedule.TimeZone})";
    }

    public static string Wire(OverlapPolicy policy) => policy == OverlapPolicy.Allow ? "allow" : "skip";

    public static string Wire(CatchUpPolicy policy) => policy == CatchUpPolicy.Once ? "once" : "skip";

    public static string Wire(ScheduleFireOutcome outcome) => outcome switch
    {
        ScheduleFireOutcome.Started => "started",
        ScheduleFireOutcome.SkippedOverlap => "skipped_overlap",
        ScheduleFireOutcome.SkippedMissed => "skipped_missed",
        _ => "failed",
    };

    private static DateTimeOffset? NextFireAt(Schedule schedule, CronSchedule cron, DateTimeOffset now)
    {
        var next = cron.NextAfter(now);
        if (next is null)
        {
            throw HangarException.Invalid("invalid_cron", $"'cron' matches no time after now ('{schedule.Cron}' in {schedule.TimeZone}).");
        }

        return schedule.Enabled ? next : null;
    }

    private static OverlapPolicy? ParseOverlap(string? value) => value switch
    {
        null => null,
        "skip" => OverlapPolicy.Skip,
        "allow" => OverlapPolicy.Allow,
        _ => throw HangarException.Invalid("invalid_overlap", "'overlap' must be \"skip\" or \"allow\"."),
    };

    private static CatchUpPolicy? ParseCatchUp(string? value) => value switch
    {
        null => null,
        "skip" => CatchUpPolicy.Skip,
        "once" => CatchUpPolicy.Once,
        _ => throw HangarException.Invalid("invalid_catch_up", "'catch_up' must be \"skip\" or \"once\"."),
    };

    private static void RequireTrigger(WorkspaceGrant grant)
    {
        if (!grant.Has(Permissions.TriggerProcesses))
        {
            throw HangarException.Forbidden("missing_permission",
                $"A schedule starts runs: setting one also needs the permission '{Permissions.TriggerProcesses}'.");
        }
    }

    private async Task<Process> ProcessAsync(string workspaceId, string processId, CancellationToken ct) =>
        (Ids.IsWellFormed(processId) ? await processes.FindAsync(workspaceId, processId, ct) : null) ?? throw HangarException.NotFound("The process");

    private static AuditTarget Target(Schedule schedule, Process process) =>
        new("schedule", schedule.Id, $"{Label(schedule)} of {process.Name}", schedule.WorkspaceId);
}

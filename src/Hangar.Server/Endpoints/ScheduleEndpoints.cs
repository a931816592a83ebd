using System.Globalization;
using System.Text.Json;
using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Schedules;
using Hangar.Core.Security;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>A process's schedules over v1 (Hangar's own routes), and the preview of a cron expression.</summary>
public static class ScheduleEndpoints
{
    public static void MapScheduleEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/processes/{process_id}/schedules").WithTags("Schedules");
        group.MapGet("/", ListAsync).RequireWorkspacePermission(Permissions.ReadProcesses)
            .WithSummary("The process's schedules, each with its next_fire_times (the next 5).");
        group.MapPost("/", CreateAsync).RequireWorkspacePermission(Permissions.WriteProcesses)
            .WithSummary("Create a schedule {cron, timezone, enabled, payload, overlap: skip|allow, catch_up: skip|once} "
                         + "(also needs Processes.trigger_processes: a schedule starts runs).");
        group.MapGet("/{schedule_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadProcesses).WithSummary("A schedule.");
        group.MapPut("/{schedule_id}", UpdateAsync).RequireWorkspacePermission(Permissions.WriteProcesses)
            .WithSummary("Change a schedule: the fields given (also needs Processes.trigger_processes).");
        group.MapDelete("/{schedule_id}", DeleteAsync).RequireWorkspacePermission(Permissions.WriteProcesses).WithSummary("Delete a schedule.");

        // Reads nothing stored: any signed-in person or workspace key may try an expression.
        v1.MapGet("/schedule-preview", Preview).WithTags("Schedules").RequireAnyCaller()
            .WithSummary("The next times of a cron expression in a time zone: ?cron=…&timezone=…&count=N (1 to 50, default 5).");
    }

    public static ScheduleResponse ToResponse(this Schedule schedule, ScheduleService schedules)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(schedules);
        return new ScheduleResponse(schedule.Id, new IdRef(schedule.ProcessId), schedule.Cron, schedule.TimeZone, schedule.Enabled,
            RunMapping.Json(schedule.Payload), ScheduleService.Wire(schedule.Overlap), ScheduleService.Wire(schedule.CatchUp),
            schedules.NextFireTimes(schedule),
            schedule is { LastFireAt: { } at, LastOutcome: { } outcome }
                ? new ScheduleLastFireResponse(at, ScheduleService.Wire(outcome), schedule.LastRunId is null ? null : new IdRef(schedule.LastRunId),
                    schedule.LastError)
                : null,
            schedule.CreatedAt, schedule.UpdatedAt);
    }

    private static async Task<Ok<PageResponse<ScheduleResponse>>> ListAsync(string workspace_id, string process_id, HttpContext http,
        ScheduleService schedules, CancellationToken ct)
    {
        var page = await schedules.ListAsync(workspace_id, process_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, s => s.Id, s => s.ToResponse(schedules)));
    }

    private static async Task<Ok<ScheduleResponse>> CreateAsync(string workspace_id, string process_id, ScheduleRequest body, HttpContext http,
        ScheduleService schedules, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var schedule = await schedules.CreateAsync(http.RequireCaller(), http.RequireGrant(), process_id, Input(body), ct);
        return TypedResults.Ok(schedule.ToResponse(schedules));
    }

    private static async Task<Ok<ScheduleResponse>> GetAsync(string workspace_id, string process_id, string schedule_id, ScheduleService schedules,
        CancellationToken ct) =>
        TypedResults.Ok((await schedules.GetAsync(workspace_id, process_id, schedule_id, ct)).ToResponse(schedules));

    private static async Task<Ok<ScheduleResponse>> UpdateAsync(string workspace_id, string process_id, string schedule_id, ScheduleRequest body,
        HttpContext http, ScheduleService schedules, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var schedule = await schedules.UpdateAsync(http.RequireCaller(), http.RequireGrant(), process_id, schedule_id, Input(body), ct);
        return TypedResults.Ok(schedule.ToResponse(schedules));
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string process_id, string schedule_id, HttpContext http,
        ScheduleService schedules, CancellationToken ct)
    {
        await schedules.DeleteAsync(http.RequireCaller(), workspace_id, process_id, schedule_id, ct);
        return TypedResults.Ok(new DeletedResponse(schedule_id, true));
    }

    private static Ok<SchedulePreviewResponse> Preview(string? cron, string? timezone, string? count, ScheduleService schedules)
    {
        var n = ScheduleLimits.DefaultPreviewCount;
        if (count is not null && !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out n))
        {
            n = -1;
        }

        var times = schedules.Preview(cron, timezone, n);
        return TypedResults.Ok(new SchedulePreviewResponse(cron!.Trim(), (timezone ?? "UTC").Trim(), times));
    }

    private static ScheduleInput Input(ScheduleRequest body) => new(body.Cron, body.Timezone, body.Enabled, body.PayloadGiven,
        body.Payload is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } payload ? payload.GetRawText() : null,
        body.Overlap, body.CatchUp);
}

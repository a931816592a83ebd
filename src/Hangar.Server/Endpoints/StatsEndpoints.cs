using System.Globalization;
using Hangar.Contracts.V1.Stats;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stats;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// A workspace's numbers for dashboards (Hangar additions): runs per local day and per process from the aggregates,
/// and the queue as it is now.
/// </summary>
public static class StatsEndpoints
{
    public static void MapStatsEndpoints(this RouteGroupBuilder v1)
    {
        var ws = v1.MapGroup("/workspaces/{workspace_id}/stats").WithTags("Statistics");
        ws.MapGet("/runs", RunsAsync).RequireWorkspacePermission(Permissions.ReadRuns)
            .WithSummary("Runs that ended per local day (from, to: inclusive YYYY-MM-DD dates in time_zone, an IANA zone id such as Europe/Berlin, else 400 invalid_timezone; by default the last "
                         + "14 days in UTC; at most 92 days) by outcome; per process the success rate, duration percentiles and failed work items, "
                         + "worst first; the period's top exception codes. process_id keeps one process; bucket is \"day\".");
        ws.MapGet("/queue", QueueAsync).RequireWorkspacePermission(Permissions.ReadRuns)
            .WithSummary("Now: step runs waiting per worker group with the age of the oldest, runs in progress, workers by state, the last 10 failed runs.");
    }

    private static async Task<Ok<RunStatsResponse>> RunsAsync(string workspace_id, string? from, string? to, string? time_zone, string? process_id,
        string? bucket, HttpContext http, WorkspaceStatsService stats, CancellationToken ct)
    {
        var query = new RunStatsQuery(Date(from, "from"), Date(to, "to"), time_zone, process_id, bucket);
        var result = await stats.GetRunStatsAsync(http.RequireCaller(), workspace_id, query, ct);
        return TypedResults.Ok(new RunStatsResponse(result.From, result.To, result.TimeZone, result.Bucket,
            result.Days.Select(d => new RunStatsDayResponse(d.Date, d.Outcomes.Completed, d.Outcomes.Unresolved, d.Outcomes.Stopped, d.Outcomes.FailedToStart))
                .ToList(),
            result.Processes.Select(p => new ProcessRunStatsResponse(p.ProcessId, p.ProcessName, p.Runs, p.Outcomes.Completed, p.Outcomes.Unresolved,
                p.Outcomes.Stopped, p.Outcomes.FailedToStart, p.SuccessRate is { } rate ? Math.Round(rate, 4) : null, p.DurationP50Ms, p.DurationP95Ms,
                p.DailyDurationP50Ms, new WorkItemStatsResponse(p.WorkItems.Total, p.WorkItems.FailedBusiness, p.WorkItems.FailedApplication))).ToList(),
            result.Exceptions.Select(e => new ExceptionCountResponse(ExceptionType(e.Type), e.Code, e.Count)).ToList()));
    }

    private static async Task<Ok<QueueStatsResponse>> QueueAsync(string workspace_id, HttpContext http, WorkspaceStatsService stats, CancellationToken ct)
    {
        var result = await stats.GetQueueStatsAsync(http.RequireCaller(), workspace_id, ct);
        return TypedResults.Ok(new QueueStatsResponse(
            result.WorkerGroups.Select(g => new WorkerGroupWaitingResponse(g.Id, g.Name, g.Waiting, g.OldestWaitingSeconds)).ToList(),
            result.RunsInProgress,
            new WorkerCountsResponse(result.Workers.Online, result.Workers.Busy, result.Workers.Offline),
            result.RecentFailures.Select(f => new RecentFailureResponse(f.RunId, f.ProcessId, f.ProcessName, f.Number, Outcome(f.Outcome), f.ErrorCode,
                f.EndedAt)).ToList()));
    }

    /// <summary>The wire name of an outcome (<c>failed_to_start</c>).</summary>
    public static string Outcome(RunOutcome outcome) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString());

    /// <summary>An exception type as robots release it (<c>BUSINESS</c>, <c>APPLICATION</c>).</summary>
    public static string ExceptionType(Core.Runs.WorkItemExceptionType type) => type.ToString().ToUpperInvariant();

    private static DateOnly? Date(string? value, string name) =>
        value is null ? null
        : value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw HangarException.Invalid("invalid_date", $"'{name}' must be a date as YYYY-MM-DD.");
}

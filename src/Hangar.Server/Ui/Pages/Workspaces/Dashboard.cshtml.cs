using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stats;
using Hangar.Server.Ui.Charts;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces;

/// <summary>
/// A workspace's home: did the last days' runs go through, which process fails most, is the queue backing up, are the
/// workers busy. The numbers come from <see cref="WorkspaceStatsService"/> (the aggregates, never a scan of runs), the
/// days run midnight to midnight in the user's time zone, and every chart links to the runs or items behind it.
/// </summary>
public sealed class DashboardModel(WorkspaceStatsService stats, TimeProvider time) : UiPage
{
    /// <summary>The periods the page offers, in days.</summary>
    public static IReadOnlyList<int> Periods { get; } = [14, 30];

    public static IReadOnlyList<ChartSeries> OutcomeSeries { get; } =
    [
        new("completed", "completed"), new("unresolved", "unresolved"), new("stopped", "stopped"), new("failed_to_start", "failed to start"),
    ];

    /// <summary>14 or 30 (anything else shows 14).</summary>
    [BindProperty(SupportsGet = true)]
    public int? Days { get; set; }

    public int Period => Days is { } d && Periods.Contains(d) ? d : Periods[0];

    public UiTimeZone Zone { get; private set; } = UiTimeZone.Utc;

    /// <summary>Null when the user may not read runs (the page then shows no numbers).</summary>
    public RunStats? Runs { get; private set; }

    public QueueStats? Queue { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "dashboard";
        Zone = await LoadTimeZoneAsync(ct);
        if (!Can(Permissions.ReadRuns))
        {
            return;
        }

        var today = Zone.DateOf(time.GetUtcNow());
        Runs = await stats.GetRunStatsAsync(Caller, WorkspaceId, new RunStatsQuery(today.AddDays(-(Period - 1)), today, Zone.Id), ct);
        Queue = await stats.GetQueueStatsAsync(Caller, WorkspaceId, ct);
    }

    /// <summary>The runs list filtered to runs that ended between two local days (inclusive), with more filters appended.</summary>
    public string RunsLink(DateOnly from, DateOnly to, string? query = null) =>
        $"/workspaces/{WorkspaceId}/runs?{(query is null ? "" : query + "&")}from={Day(from)}&to={Day(to)}";

    /// <summary>The work items that failed with an exception in the period.</summary>
    public string ItemsLink(ExceptionCount exception) =>
        $"/workspaces/{WorkspaceId}/work-items?type={Wire(exception.Type)}{(exception.Code is { } code ? "&code=" + Uri.EscapeDataString(code) : "")}"
        + $"&from={Day(Runs!.From)}&to={Day(Runs.To)}";

    /// <summary>The stacked bars of runs per day: each segment links to that day's runs of that outcome.</summary>
    public StackedBarChartData RunsChart() => new(OutcomeSeries, Runs!.Days.Select(day => new Bar(
        Day(day.Date),
        day.Date.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [
            Segment(day.Date, "completed", day.Outcomes.Completed), Segment(day.Date, "unresolved", day.Outcomes.Unresolved),
            Segment(day.Date, "stopped", day.Outcomes.Stopped), Segment(day.Date, "failed_to_start", day.Outcomes.FailedToStart),
        ])).ToList());

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Wire(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Completed => "completed",
        RunOutcome.Unresolved => "unresolved",
        RunOutcome.Stopped => "stopped",
        _ => "failed_to_start",
    };

    /// <summary>An exception type as robots write it (BUSINESS, APPLICATION).</summary>
    public static string Label(Core.Runs.WorkItemExceptionType type) => type.ToString().ToUpperInvariant();

    public static string Wire(Core.Runs.WorkItemExceptionType type) => type.ToString().ToLowerInvariant();

    /// <summary>A share as a percentage with one decimal ("90.9 %"), or "—".</summary>
    public static string Percent(double? share) =>
        share is { } s ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s * 100:0.#} %") : "—";

    public static string Millis(long? ms) => UiFormat.Duration(ms is { } v ? TimeSpan.FromMilliseconds(v) : null);

    private BarSegment Segment(DateOnly date, string outcome, long value) => new(outcome, value, RunsLink(date, date, "outcome=" + outcome));
}

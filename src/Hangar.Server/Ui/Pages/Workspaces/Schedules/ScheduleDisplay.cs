using System.Globalization;
using Hangar.Core.Schedules;

namespace Hangar.Server.Ui.Pages.Workspaces.Schedules;

/// <summary>How schedule pages write times and policies: a schedule's times in its own time zone, where people set them.</summary>
public static class ScheduleDisplay
{
    /// <summary>The IANA time zones this machine knows, for the form's suggestions.</summary>
    public static IReadOnlyList<string> TimeZones { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Where(z => z.HasIanaId).Select(z => z.Id).Append("UTC").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>E.g. "Mon 2031-03-03 09:00" in <paramref name="timeZone"/> (UTC when the zone is unknown here).</summary>
    public static string Local(DateTimeOffset time, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(time, zone);
        return local.ToString(local.Second == 0 ? "ddd yyyy-MM-dd HH:mm" : "ddd yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    public static string Overlap(OverlapPolicy policy) => policy == OverlapPolicy.Allow ? "start anyway" : "skip";

    public static string CatchUp(CatchUpPolicy policy) => policy == CatchUpPolicy.Once ? "one run" : "skip";

    public static string Outcome(ScheduleFireOutcome outcome) => outcome switch
    {
        ScheduleFireOutcome.Started => "started",
        ScheduleFireOutcome.SkippedOverlap => "skipped: a run was active",
        ScheduleFireOutcome.SkippedMissed => "skipped: missed while down",
        _ => "failed",
    };
}

using Cronos;
using Hangar.Core.Errors;

namespace Hangar.Core.Schedules;

/// <summary>
/// A checked cron expression in a time zone, and its times. Cronos does the work, including daylight saving: a time
/// in a spring gap runs at the first valid time after it, and an autumn overlap runs a daily time once (interval
/// expressions, such as every 30 minutes, keep their interval through it).
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone, string cron, string timeZone)
    {
        _expression = expression;
        Zone = zone;
        Cron = cron;
        TimeZone = timeZone;
    }

    public string Cron { get; }
    public string TimeZone { get; }
    public TimeZoneInfo Zone { get; }

    /// <summary>Checks and parses; 400 <c>invalid_cron</c> or <c>invalid_timezone</c> saying what is wrong.</summary>
    public static CronSchedule Parse(string? cron, string? timeZone)
    {
        var expression = ParseCron(cron, out var text);
        var (zone, zoneId) = Validate.TimeZone(timeZone, "timezone");
        return new CronSchedule(expression, zone, text, zoneId);
    }

    /// <summary>The first <paramref name="count"/> times strictly after <paramref name="after"/>, in UTC (fewer when the expression runs out).</summary>
    public IReadOnlyList<DateTimeOffset> Next(DateTimeOffset after, int count)
    {
        var times = new List<DateTimeOffset>(count);
        var from = after;
        while (times.Count < count && _expression.GetNextOccurrence(from, Zone) is { } next)
        {
            times.Add(next.ToUniversalTime());
            from = next;
        }

        return times;
    }

    /// <summary>The first time strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone)?.ToUniversalTime();

    /// <summary>The latest time at or before <paramref name="at"/>, or null.</summary>
    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset at) => _expression.GetPreviousOccurrence(at, Zone, inclusive: true)?.ToUniversalTime();

    /// <summary>How many times fall in [<paramref name="from"/>, <paramref name="to"/>), counting up to <paramref name="max"/>.</summary>
    public int CountBetween(DateTimeOffset from, DateTimeOffset to, int max)
    {
        var count = 0;
        foreach (var _ in _expression.GetOccurrences(from, to, Zone, fromInclusive: true, toInclusive: false))
        {
            if (++count >= max)
            {
                break;
            }
        }

        return count;
    }

    private static CronExpression ParseCron(string? cron, out string text)
    {
        text = cron?.Trim() ?? string.Empty;
        if (text.Length == 0 || text.Length > ScheduleLimits.MaxCronLength)
        {
            throw HangarException.Invalid("invalid_cron", $"'cron' is required and must be at most {ScheduleLimits.MaxCronLength} characters.");
        }

        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        CronFormat format;
        if (text.StartsWith('@'))
        {
            format = CronFormat.Standard;
        }
        else if (fields.Length is 5 or 6)
        {
            format = fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        }
        else
        {
            throw HangarException.Invalid("invalid_cron",
                $"'cron' has {fields.Length} field(s); write 5 (minute hour day-of-month month day-of-week) or 6 (with seconds first).");
        }

        try
        {
            return CronExpression.Parse(string.Join(' ', fields), format);
        }
        catch (CronFormatException ex)
        {
            throw HangarException.Invalid("invalid_cron", $"'cron' is not a valid cron expression: {ex.Message}");
        }
        catch (MissingSeedException)
        {
            // Cronos' jitter needs a seed per schedule; Hangar does not offer it.
            throw HangarException.Invalid("invalid_cron", "'cron' must not use 'H' (jitter); write the times you want.");
        }
    }
}

using System.Globalization;
using Hangar.Core.Errors;
using Hangar.Core.Services;

namespace Hangar.Server.Ui;

/// <summary>
/// The time zone a page shows the user's days and times in: the one set on their profile, else the browser's (which
/// ui.js writes into the <see cref="BrowserCookie"/> cookie), else UTC. A day runs midnight to midnight there.
/// </summary>
public sealed record UiTimeZone(TimeZoneInfo Zone, string Id, UiTimeZoneSource Source)
{
    /// <summary>The cookie holding the browser's IANA zone (not a secret; read only to show times).</summary>
    public const string BrowserCookie = "hangar_tz";

    public static UiTimeZone Utc { get; } = new(TimeZoneInfo.Utc, "UTC", UiTimeZoneSource.Default);

    /// <summary>The profile's zone when set, else the browser's when it is a zone this machine knows, else UTC.</summary>
    public static UiTimeZone Resolve(string? profileZone, string? browserZone)
    {
        foreach (var (candidate, source) in new[] { (profileZone, UiTimeZoneSource.Profile), (browserZone, UiTimeZoneSource.Browser) })
        {
            if (string.IsNullOrEmpty(candidate))
            {
                continue;
            }

            try
            {
                var (zone, id) = Validate.TimeZone(candidate, "time_zone");
                return new UiTimeZone(zone, id, source);
            }
            catch (HangarException)
            {
                // A zone this machine does not know (an older tzdata, a forged cookie): try the next one.
            }
        }

        return Utc;
    }

    /// <summary>E.g. "2026-12-07 14:03:05" in this zone.</summary>
    public string Time(DateTimeOffset? value) =>
        value is { } v ? TimeZoneInfo.ConvertTime(v, Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    /// <summary>The local date of <paramref name="instant"/> in this zone.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant a local date begins in this zone.</summary>
    public DateTimeOffset StartOf(DateOnly date) => WorkspaceStatsService.LocalMidnight(date, Zone);
}

using Hangar.Core.Errors;
using Hangar.Core.Schedules;

namespace Hangar.Core.Tests;

public class CronScheduleTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void FiveFields_AreMinutes_AndSixFields_StartWithSeconds()
    {
        var from = Utc(2031, 3, 3, 10, 0, 30);
        Assert.Equal([Utc(2031, 3, 3, 10, 5), Utc(2031, 3, 3, 10, 10)], CronSchedule.Parse("*/5 * * * *", "UTC").Next(from, 2));
        Assert.Equal([Utc(2031, 3, 3, 10, 0, 45), Utc(2031, 3, 3, 10, 1, 15)], CronSchedule.Parse("15,45 * * * * *", "UTC").Next(from, 2));
        Assert.Equal([Utc(2031, 3, 4, 0, 0)], CronSchedule.Parse("@daily", "UTC").Next(from, 1));
    }

    [Fact]
    public void Times_AreWallClockTimesOfTheZone()
    {
        // 09:00 in New York is 14:00 UTC in winter and 13:00 UTC in summer.
        var schedule = CronSchedule.Parse("0 9 * * *", "America/New_York");
        Assert.Equal(Utc(2031, 1, 6, 14, 0), schedule.NextAfter(Utc(2031, 1, 6, 0, 0)));
        Assert.Equal(Utc(2031, 7, 7, 13, 0), schedule.NextAfter(Utc(2031, 7, 7, 0, 0)));
    }

    [Fact]
    public void ATimeInTheSpringGap_RunsAtTheFirstValidTimeAfterIt()
    {
        // Berlin skips 02:00-03:00 on 2025-03-30: 02:30 does not exist that day, so the run is at 03:00 CEST (01:00 UTC).
        var times = CronSchedule.Parse("30 2 * * *", "Europe/Berlin").Next(Utc(2025, 3, 29, 0, 0), 3);
        Assert.Equal([Utc(2025, 3, 29, 1, 30), Utc(2025, 3, 30, 1, 0), Utc(2025, 3, 31, 0, 30)], times);
    }

    [Fact]
    public void InTheAutumnOverlap_ADailyTimeRunsOnce_AndAnIntervalKeepsItsPace()
    {
        // Berlin goes through 02:00-03:00 twice on 2025-10-26 (first at +02:00, then at +01:00).
        var daily = CronSchedule.Parse("30 2 * * *", "Europe/Berlin").Next(Utc(2025, 10, 25, 12, 0), 2);
        Assert.Equal([Utc(2025, 10, 26, 0, 30), Utc(2025, 10, 27, 1, 30)], daily);

        var halfHourly = CronSchedule.Parse("*/30 2 * * *", "Europe/Berlin").Next(Utc(2025, 10, 25, 12, 0), 4);
        Assert.Equal([Utc(2025, 10, 26, 0, 0), Utc(2025, 10, 26, 0, 30), Utc(2025, 10, 26, 1, 0), Utc(2025, 10, 26, 1, 30)], halfHourly);
    }

    [Fact]
    public void LatestAndCount_SeeTheTimesUpToNow()
    {
        var schedule = CronSchedule.Parse("*/10 * * * *", "UTC");
        Assert.Equal(Utc(2031, 3, 3, 10, 40), schedule.LatestAtOrBefore(Utc(2031, 3, 3, 10, 45)));
        Assert.Equal(Utc(2031, 3, 3, 10, 40), schedule.LatestAtOrBefore(Utc(2031, 3, 3, 10, 40)));
        Assert.Equal(3, schedule.CountBetween(Utc(2031, 3, 3, 10, 10), Utc(2031, 3, 3, 10, 40), 100));
        Assert.Equal(2, schedule.CountBetween(Utc(2031, 3, 3, 10, 10), Utc(2031, 3, 3, 10, 40), 2));
    }

    [Theory]
    [InlineData("0 9 * *")]
    [InlineData("0 0 0 9 * * *")]
    [InlineData("61 * * * *")]
    [InlineData("H * * * *")]
    [InlineData("@sometimes")]
    [InlineData("")]
    [InlineData(null)]
    public void BadExpressions_AreRefused(string? cron)
    {
        var refusal = Assert.Throws<HangarException>(() => CronSchedule.Parse(cron, "UTC"));
        Assert.Equal("invalid_cron", refusal.Code);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("Eastern Standard Time")]
    [InlineData("../../../etc/passwd")]
    [InlineData("")]
    [InlineData(null)]
    public void UnknownTimeZones_AreRefused(string? zone)
    {
        var refusal = Assert.Throws<HangarException>(() => CronSchedule.Parse("0 9 * * *", zone));
        Assert.Equal("invalid_timezone", refusal.Code);
    }
}

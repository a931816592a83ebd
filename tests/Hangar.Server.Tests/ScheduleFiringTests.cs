using Hangar.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Hangar.Server.Tests;

/// <summary>
/// The scheduler on a fake clock: each test moves the server's time instead of waiting for it, and then polls (the
/// scheduler works on its own task) for the runs to appear.
/// </summary>
public class ScheduleFiringTests
{
    /// <summary>A Monday, 30 seconds past ten (UTC).</summary>
    private static readonly DateTimeOffset Start = new(2031, 3, 3, 10, 0, 30, TimeSpan.Zero);

    private static DateTimeOffset At(int hour, int minute) => new(2031, 3, 3, hour, minute, 0, TimeSpan.Zero);

    private static async Task<(HangarTestServer Server, HttpClient Admin, string Process, FakeTimeProvider Clock)> StartAsync()
    {
        var clock = new FakeTimeProvider(Start);
        var server = await HangarTestServer.StartAsync(time: clock);
        var admin = await server.LoginAsAdminAsync();
        return (server, admin, await Api.NewProcessAsync(server, admin), clock);
    }

    private static async Task<string> ScheduleAsync(HangarTestServer server, HttpClient admin, string process, object body) =>
        (await Schedules.CreateAsync(admin, server.DefaultWorkspaceId, process, body))["id"]!.GetValue<string>();

    [Fact]
    public async Task ASchedule_FiresOnceAtItsTime_WithItsPayload_AsAScheduledRun()
    {
        var (server, admin, process, clock) = await StartAsync();
        await using var _ = server;
        using var __ = admin;
        var ws = server.DefaultWorkspaceId;
        var created = await Schedules.CreateAsync(admin, ws, process, new { cron = "*/5 * * * *", payload = new { report = "stock" } });
        var id = created["id"]!.GetValue<string>();
        Assert.Equal(At(10, 5), created["next_fire_times"]![0]!.GetValue<DateTimeOffset>());

        clock.SetUtcNow(At(10, 4).AddSeconds(59));
        Assert.Empty(await Schedules.RunsAsync(admin, ws, process));
        clock.SetUtcNow(At(10, 5));
        var run = Assert.Single(await Schedules.WaitForRunsAsync(admin, ws, process, 1));
        Assert.Equal("schedule", run["started_by"]!["type"]!.GetValue<string>());
        Assert.Equal(id, run["started_by"]!["id"]!.GetValue<string>());
        Assert.Equal("*/5 * * * * (UTC)", run["started_by"]!["name"]!.GetValue<string>());

        var items = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items?process_run_id={run["id"]!.GetValue<string>()}");
        var item = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items/{items["data"]![0]!["id"]!.GetValue<string>()}");
        Assert.Equal("stock", item["payload"]!["report"]!.GetValue<string>());

        var schedule = await Schedules.WaitForFireAsync(admin, ws, process, id, At(10, 5));
        Assert.Equal("started", schedule["last_fire"]!["outcome"]!.GetValue<string>());
        Assert.Equal(run["id"]!.GetValue<string>(), schedule["last_fire"]!["process_run"]!["id"]!.GetValue<string>());
        Assert.Equal(At(10, 10), schedule["next_fire_times"]![0]!.GetValue<DateTimeOffset>());

        // The first run is still active, and the default overlap policy skips the next time.
        clock.SetUtcNow(At(10, 10));
        var skipped = await Schedules.WaitForFireAsync(admin, ws, process, id, At(10, 10));
        Assert.Equal("skipped_overlap", skipped["last_fire"]!["outcome"]!.GetValue<string>());
        Assert.Null(skipped["last_fire"]!["process_run"]);
        Assert.Single(await Schedules.RunsAsync(admin, ws, process));

        // Once it has ended, the next time starts a run again.
        await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{run["id"]!.GetValue<string>()}/stop", new { });
        clock.SetUtcNow(At(10, 15));
        await Schedules.WaitForRunsAsync(admin, ws, process, 2);
    }

    [Fact]
    public async Task OverlapAllow_StartsARunAtEachTime_WhileEarlierOnesAreActive()
    {
        var (server, admin, process, clock) = await StartAsync();
        await using var _ = server;
        using var __ = admin;
        var ws = server.DefaultWorkspaceId;
        await ScheduleAsync(server, admin, process, new { cron = "* * * * *", overlap = "allow" });
        for (var minute = 1; minute <= 3; minute++)
        {
            clock.SetUtcNow(At(10, minute));
            var runs = await Schedules.WaitForRunsAsync(admin, ws, process, minute);
            Assert.All(runs, r => Assert.Equal("new", r["state"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task ADisabledSchedule_DoesNotFire_UntilItIsEnabledAgain()
    {
        var (server, admin, process, clock) = await StartAsync();
        await using var _ = server;
        using var __ = admin;
        var ws = server.DefaultWorkspaceId;
        var id = await ScheduleAsync(server, admin, process, new { cron = "*/5 * * * *", enabled = false });
        var other = await ScheduleAsync(server, admin, process, new { cron = "*/5 * * * *", overlap = "allow" });
        clock.SetUtcNow(At(10, 5));
        var fired = await Schedules.WaitForFireAsync(admin, ws, process, other, At(10, 5));
        Assert.Single(await Schedules.WaitForRunsAsync(admin, ws, process, 1), r => r["started_by"]!["id"]!.GetValue<string>() == other);
        Assert.Equal("started", fired["last_fire"]!["outcome"]!.GetValue<string>());
        Assert.Null((await Api.GetAsync(admin, $"{Schedules.Path(ws, process)}/{id}"))["last_fire"]);

        await Api.PutAsync(admin, $"{Schedules.Path(ws, process)}/{id}", new { enabled = true, overlap = "allow" });
        await Api.DeleteJsonAsync(admin, $"{Schedules.Path(ws, process)}/{other}");
        clock.SetUtcNow(At(10, 10));
        var runs = await Schedules.WaitForRunsAsync(admin, ws, process, 2);
        Assert.Equal(id, runs[0]["started_by"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARunThatCannotStart_IsRecordedAsFailed_AndTheScheduleMovesOn()
    {
        var (server, admin, _, clock) = await StartAsync();
        await using var __ = server;
        using var ___ = admin;
        var ws = server.DefaultWorkspaceId;
        var empty = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/processes", new { name = Api.Unique("empty") }))["id"]!.GetValue<string>();
        var id = await ScheduleAsync(server, admin, empty, new { cron = "*/5 * * * *" });
        clock.SetUtcNow(At(10, 5));
        var schedule = await Schedules.WaitForFireAsync(admin, ws, empty, id, At(10, 5));
        Assert.Equal("failed", schedule["last_fire"]!["outcome"]!.GetValue<string>());
        Assert.Contains("no steps", schedule["last_fire"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(At(10, 10), schedule["next_fire_times"]![0]!.GetValue<DateTimeOffset>());
        Assert.Empty(await Schedules.RunsAsync(admin, ws, empty));
    }

    [Fact]
    public async Task ARestart_NeverFiresATimeTwice()
    {
        var (server, admin, process, clock) = await StartAsync();
        var ws = server.DefaultWorkspaceId;
        try
        {
            var id = await ScheduleAsync(server, admin, process, new { cron = "*/10 * * * *", overlap = "allow", catch_up = "once" });
            clock.SetUtcNow(At(10, 10));
            await Schedules.WaitForRunsAsync(admin, ws, process, 1);

            // Back at once, at the very time just fired: nothing is due again.
            server = await server.RestartAsync();
            admin.Dispose();
            admin = await server.LoginAsAdminAsync();
            clock.SetUtcNow(At(10, 10).AddSeconds(30));
            clock.SetUtcNow(At(10, 20));
            await Schedules.WaitForFireAsync(admin, ws, process, id, At(10, 20));
            var runs = await Schedules.WaitForRunsAsync(admin, ws, process, 2);
            Assert.Equal(0, runs.Count(r => r["started_by"]!["name"]!.GetValue<string>().Contains("catching up", StringComparison.Ordinal)));
        }
        finally
        {
            admin.Dispose();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AfterDowntime_CatchUpSkip_LetsTheMissedTimesPass()
    {
        var (server, admin, process, clock) = await StartAsync();
        var ws = server.DefaultWorkspaceId;
        try
        {
            var id = await ScheduleAsync(server, admin, process, new { cron = "*/10 * * * *", overlap = "allow" });
            server = await DowntimeAsync(server, clock, At(10, 35));
            admin.Dispose();
            admin = await server.LoginAsAdminAsync();
            var schedule = await Schedules.WaitForFireAsync(admin, ws, process, id, At(10, 30));
            Assert.Equal("skipped_missed", schedule["last_fire"]!["outcome"]!.GetValue<string>());
            Assert.Empty(await Schedules.RunsAsync(admin, ws, process));

            clock.SetUtcNow(At(10, 40));
            var run = Assert.Single(await Schedules.WaitForRunsAsync(admin, ws, process, 1));
            Assert.Equal("*/10 * * * * (UTC)", run["started_by"]!["name"]!.GetValue<string>());
        }
        finally
        {
            admin.Dispose();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AfterDowntime_CatchUpOnce_StartsOneRunForTheMissedTimes()
    {
        var (server, admin, process, clock) = await StartAsync();
        var ws = server.DefaultWorkspaceId;
        try
        {
            var id = await ScheduleAsync(server, admin, process, new { cron = "*/10 * * * *", overlap = "allow", catch_up = "once" });
            clock.SetUtcNow(At(10, 10));
            await Schedules.WaitForRunsAsync(admin, ws, process, 1);

            // Down from 10:15 to 10:45: 10:20, 10:30 and 10:40 pass unseen.
            clock.SetUtcNow(At(10, 15));
            server = await DowntimeAsync(server, clock, At(10, 45));
            admin.Dispose();
            admin = await server.LoginAsAdminAsync();
            var runs = await Schedules.WaitForRunsAsync(admin, ws, process, 2);
            Assert.Equal("*/10 * * * * (UTC), catching up 3 missed time(s)", runs[0]["started_by"]!["name"]!.GetValue<string>());
            var schedule = await Schedules.WaitForFireAsync(admin, ws, process, id, At(10, 40));
            Assert.Equal("started", schedule["last_fire"]!["outcome"]!.GetValue<string>());

            clock.SetUtcNow(At(10, 50));
            await Schedules.WaitForRunsAsync(admin, ws, process, 3);
        }
        finally
        {
            admin.Dispose();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task ANewSchedule_WakesTheScheduler_BeforeItsPlannedLook()
    {
        // With no schedule the scheduler sleeps for a minute; a schedule due in 10 seconds must not wait for that.
        var (server, admin, process, clock) = await StartAsync();
        await using var _ = server;
        using var __ = admin;
        var created = await Schedules.CreateAsync(admin, server.DefaultWorkspaceId, process, new { cron = "*/10 * * * * *" });
        Assert.Equal(Start.AddSeconds(10), created["next_fire_times"]![0]!.GetValue<DateTimeOffset>());
        clock.SetUtcNow(Start.AddSeconds(10));
        await Schedules.WaitForRunsAsync(admin, server.DefaultWorkspaceId, process, 1);
    }

    /// <summary>Stops the server, moves the clock to <paramref name="until"/> while no node runs, and starts it again.</summary>
    private static Task<HangarTestServer> DowntimeAsync(HangarTestServer server, FakeTimeProvider clock, DateTimeOffset until) =>
        server.RestartAsync(() => clock.SetUtcNow(until));
}

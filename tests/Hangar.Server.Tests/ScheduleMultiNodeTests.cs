using Hangar.Core.Schedules;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hangar.Server.Tests;

/// <summary>Two nodes on one PostgreSQL database, both running their schedulers on one (fake) clock.</summary>
public class ScheduleMultiNodeTests
{
    [Fact]
    public async Task TwoNodes_FireEachTimeOnce()
    {
        var start = new DateTimeOffset(2031, 3, 3, 10, 0, 30, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using var a = await HangarTestServer.StartAsync(DatabaseProvider.Postgres, time: clock);
        await using var b = await HangarTestServer.JoinAsync(a, time: clock);
        using var admin = await a.LoginAsAdminAsync();
        var ws = a.DefaultWorkspaceId;
        var process = await Api.NewProcessAsync(a, admin);

        // Each node hears of the new schedule at its next look (within a minute); from then on both wake at every time.
        var id = (await Schedules.CreateAsync(admin, ws, process, new { cron = "* * * * *", overlap = "allow" }))["id"]!.GetValue<string>();
        const int Minutes = 6;
        for (var minute = 1; minute <= Minutes; minute++)
        {
            clock.SetUtcNow(start.AddSeconds(30).AddMinutes(minute - 1));
            await Schedules.WaitForRunsAsync(admin, ws, process, minute);
        }

        var runs = await Schedules.RunsAsync(admin, ws, process);
        Assert.Equal(Minutes, runs.Count);
        Assert.All(runs, r => Assert.Equal(id, r["started_by"]!["id"]!.GetValue<string>()));

        // Each time was fired by exactly one node, whichever was first.
        var fired = new[] { a, b }.SelectMany(n => n.Logs.Lines).Where(l => l.Contains($"Schedule {id} at ", StringComparison.Ordinal)
                                                                             && l.Contains(": started", StringComparison.Ordinal)).ToList();
        Assert.Equal(Minutes, fired.Count);
        Assert.Equal(Minutes, fired.Select(l => l[l.IndexOf(" at ", StringComparison.Ordinal)..l.IndexOf(": started", StringComparison.Ordinal)]).Distinct().Count());
    }

    [Fact]
    public async Task TwoNodes_RacingForOneTime_StartOneRun()
    {
        var start = new DateTimeOffset(2031, 3, 3, 10, 0, 30, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using var a = await HangarTestServer.StartAsync(DatabaseProvider.Postgres, time: clock);
        await using var b = await HangarTestServer.JoinAsync(a, time: clock);
        using var admin = await a.LoginAsAdminAsync();
        var ws = a.DefaultWorkspaceId;
        var process = await Api.NewProcessAsync(a, admin);
        var id = (await Schedules.CreateAsync(admin, ws, process, new { cron = "* * * * *", overlap = "allow" }))["id"]!.GetValue<string>();

        // Each node reads the schedule before its time, as its scheduler would, and then all fire it at once (their
        // background schedulers too): whoever claims the time first starts the run, every other attempt finds it taken.
        var nodes = new[] { a, b };
        var seen = new List<Schedule>();
        foreach (var node in nodes)
        {
            await using var scope = node.App.Services.CreateAsyncScope();
            seen.Add((await scope.ServiceProvider.GetRequiredService<IScheduleStore>().FindAsync(ws, process, id, CancellationToken.None))!);
        }

        clock.SetUtcNow(start.AddSeconds(30));
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var scope = nodes[i % 2].App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Scheduler>().FireAsync(seen[i % 2], CancellationToken.None);
        }));

        Assert.True(results.Count(r => !r.Lost) <= 1, string.Join(", ", results.Select(r => r.Outcome)));
        var run = Assert.Single(await Schedules.WaitForRunsAsync(admin, ws, process, 1));
        Assert.Equal(id, run["started_by"]!["id"]!.GetValue<string>());
        var schedule = await Schedules.WaitForFireAsync(admin, ws, process, id, start.AddSeconds(30));
        Assert.Equal(run["id"]!.GetValue<string>(), schedule["last_fire"]!["process_run"]!["id"]!.GetValue<string>());
        Assert.Single(await Schedules.RunsAsync(admin, ws, process));
    }
}

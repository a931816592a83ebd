using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stats;
using Hangar.Core.Stores;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>
/// The run statistics' aggregates on SQLite and PostgreSQL: every end of a run or an item keeps them equal to a recount
/// from the runs and items, concurrent ends lose nothing, a rebuild gives the same numbers, deletes keep history, and
/// days run midnight to midnight in the asked zone.
/// </summary>
public abstract class RunStatsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Aggregates_EqualARecount_AfterRunsAndItemsEndInEveryOutcome()
    {
        var (workspace, admin, processId) = await Seed.ProcessAsync(fixture);
        var completed = await StartAsync(workspace.Id, processId);
        await WorkAsync(workspace.Id, completed, new WorkItemRelease(WorkItemState.Done, null, null, null));
        var business = await StartAsync(workspace.Id, processId);
        await WorkAsync(workspace.Id, business, new WorkItemRelease(WorkItemState.Failed, WorkItemExceptionType.Business, "INVALID_ID", "bad id"));
        var application = await StartAsync(workspace.Id, processId);
        await WorkAsync(workspace.Id, application, new WorkItemRelease(WorkItemState.Failed, WorkItemExceptionType.Application, "TIMEOUT", "slow"));
        var stopped = await StartAsync(workspace.Id, processId);
        await using (var scope = fixture.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<RunService>().StopAsync(admin, workspace.Id, stopped, false, true, "enough", _ct);
        }

        Assert.Equal(new RunOutcomeCounts(1, 2, 1, 0), (await StatsAsync(workspace.Id)).Processes.Single().Outcomes);
        await AssertMatchesRecountAsync(workspace.Id);

        // Retrying the failed item reopens its run (its unresolved end is taken back); marking the other done completes that one.
        var failedItem = await ItemOfAsync(workspace.Id, business);
        var otherItem = await ItemOfAsync(workspace.Id, application);
        await using (var scope = fixture.Scope())
        {
            var items = scope.ServiceProvider.GetRequiredService<WorkItemService>();
            await items.ApplyBatchAsync(admin, workspace.Id, BatchOperation.Retry, [failedItem], _ct);
        }

        await using (var scope = fixture.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkItemService>().ApplyBatchAsync(admin, workspace.Id, BatchOperation.MarkAsDone, [otherItem], _ct);
        }

        var reopened = await StatsAsync(workspace.Id);
        Assert.Equal(new RunOutcomeCounts(2, 0, 1, 0), reopened.Processes.Single().Outcomes);
        await AssertMatchesRecountAsync(workspace.Id);

        await WorkAsync(workspace.Id, business, new WorkItemRelease(WorkItemState.Done, null, null, null));
        // A run that ends before any worker took it failed to start.
        var neverStarted = await StartAsync(workspace.Id, processId);
        await using (var scope = fixture.Scope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IDispatchStore>()
                .EndRunAsync(neverStarted, [ProcessRunState.New], ProcessRunState.Unresolved, DateTimeOffset.UtcNow, _ct));
        }

        var after = await StatsAsync(workspace.Id);
        Assert.Equal(new RunOutcomeCounts(3, 0, 1, 1), after.Processes.Single().Outcomes);
        Assert.Equal(new WorkItemCounts(4, 0, 1), after.Processes.Single().WorkItems);
        Assert.NotNull(after.Processes.Single().DurationP50Ms);
        await AssertMatchesRecountAsync(workspace.Id);
    }

    [Fact]
    public async Task FailedItems_AreCountedByTypeAndCode_UntilRetried()
    {
        var (workspace, _, processId) = await Seed.ProcessAsync(fixture);
        foreach (var (type, code) in new[] { (WorkItemExceptionType.Business, "INVALID_ID"), (WorkItemExceptionType.Business, "INVALID_ID"),
                     (WorkItemExceptionType.Application, "TIMEOUT") })
        {
            var run = await StartAsync(workspace.Id, processId);
            await WorkAsync(workspace.Id, run, new WorkItemRelease(WorkItemState.Failed, type, code, "m"));
        }

        var stats = await StatsAsync(workspace.Id);
        Assert.Equal(new WorkItemCounts(3, 2, 1), stats.Processes.Single().WorkItems);
        Assert.Equal([new ExceptionCount(WorkItemExceptionType.Business, "INVALID_ID", 2), new ExceptionCount(WorkItemExceptionType.Application, "TIMEOUT", 1)],
            stats.Exceptions);
        await AssertMatchesRecountAsync(workspace.Id);
    }

    [Fact]
    public async Task ConcurrentRunEnds_LoseNoCounts()
    {
        var (workspace, _, processId) = await Seed.ProcessAsync(fixture);
        var runs = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            runs.Add(await StartAsync(workspace.Id, processId));
        }

        // All in one bucket: every end adds to the same aggregate rows at once.
        var at = DateTimeOffset.UtcNow;
        await Task.WhenAll(runs.Select(async (run, i) =>
        {
            await using var scope = fixture.Scope();
            var dispatch = scope.ServiceProvider.GetRequiredService<IDispatchStore>();
            Assert.True(await dispatch.MarkRunStartedAsync(run, at.AddSeconds(-i), _ct));
            Assert.True(await dispatch.EndRunAsync(run, [ProcessRunState.InProgress], ProcessRunState.Completed, at, _ct));
        }));

        Assert.Equal(24, (await StatsAsync(workspace.Id)).Processes.Single().Outcomes.Completed);
        await AssertMatchesRecountAsync(workspace.Id);
    }

    [Fact]
    public async Task Rebuild_GivesTheSameNumbers_AndDeletedRunsKeepTheirHistoryUntilThen()
    {
        var (workspace, admin, processId) = await Seed.ProcessAsync(fixture);
        var kept = await StartAsync(workspace.Id, processId);
        await WorkAsync(workspace.Id, kept, new WorkItemRelease(WorkItemState.Failed, WorkItemExceptionType.Business, "X", "m"));
        var deleted = await StartAsync(workspace.Id, processId);
        await WorkAsync(workspace.Id, deleted, new WorkItemRelease(WorkItemState.Done, null, null, null));
        var before = await StoredAsync(workspace.Id);

        await using (var scope = fixture.Scope())
        {
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<IStatsStore>().RebuildAsync(workspace.Id, _ct));
        }

        Assert.Equal(before, await StoredAsync(workspace.Id));

        await using (var scope = fixture.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<RunService>().DeleteAsync(admin, workspace.Id, deleted, _ct);
        }

        Assert.Equal(before, await StoredAsync(workspace.Id));
        Assert.Equal(new RunOutcomeCounts(1, 1, 0, 0), (await StatsAsync(workspace.Id)).Processes.Single().Outcomes);

        await using (var scope = fixture.Scope())
        {
            // Every workspace's (other tests share the database): at least this one's remaining run.
            Assert.True(await scope.ServiceProvider.GetRequiredService<IStatsStore>().RebuildAsync(null, _ct) >= 1);
        }

        await AssertMatchesRecountAsync(workspace.Id);
    }

    [Fact]
    public async Task Days_RunMidnightToMidnight_InTheAskedZone_AcrossADaylightSavingChange()
    {
        var (workspace, _, processId) = await Seed.ProcessAsync(fixture);
        // Helsinki: UTC+2 until 2026-03-29 03:00 local, UTC+3 after.
        DateTimeOffset[] ends =
        [
            new(2026, 3, 28, 21, 59, 0, TimeSpan.Zero), // 28 March, 23:59 local
            new(2026, 3, 28, 22, 0, 0, TimeSpan.Zero), // 29 March, 00:00 local
            new(2026, 3, 29, 20, 59, 0, TimeSpan.Zero), // 29 March, 23:59 local (summer time)
            new(2026, 3, 29, 21, 0, 0, TimeSpan.Zero), // 30 March, 00:00 local
        ];
        foreach (var at in ends)
        {
            var run = await StartAsync(workspace.Id, processId);
            await using var scope = fixture.Scope();
            var dispatch = scope.ServiceProvider.GetRequiredService<IDispatchStore>();
            Assert.True(await dispatch.MarkRunStartedAsync(run, at.AddMinutes(-2), _ct));
            Assert.True(await dispatch.EndRunAsync(run, [ProcessRunState.InProgress], ProcessRunState.Completed, at, _ct));
        }

        var helsinki = await StatsAsync(workspace.Id, new RunStatsQuery(new DateOnly(2026, 3, 28), new DateOnly(2026, 3, 30), "Europe/Helsinki"));
        Assert.Equal([1L, 2L, 1L], helsinki.Days.Select(d => d.Outcomes.Completed));
        var utc = await StatsAsync(workspace.Id, new RunStatsQuery(new DateOnly(2026, 3, 28), new DateOnly(2026, 3, 30)));
        Assert.Equal([2L, 2L, 0L], utc.Days.Select(d => d.Outcomes.Completed));
        var process = helsinki.Processes.Single();
        Assert.Equal(3, process.DailyDurationP50Ms.Count);
        Assert.All(process.DailyDurationP50Ms, p => Assert.InRange(p!.Value, 120_000 * 0.9, 120_000 * 1.1));
    }

    private async Task<RunStats> StatsAsync(string workspaceId, RunStatsQuery? query = null)
    {
        await using var scope = fixture.Scope();
        return await scope.ServiceProvider.GetRequiredService<WorkspaceStatsService>().GetRunStatsAsync(Caller.System(), workspaceId, query ?? new RunStatsQuery(), _ct);
    }

    private async Task<IReadOnlyList<string>> StoredAsync(string workspaceId)
    {
        await using var scope = fixture.Scope();
        return await StatsRecount.StoredAsync(scope.ServiceProvider.GetRequiredService<HangarDbContext>(), workspaceId, _ct);
    }

    private async Task AssertMatchesRecountAsync(string workspaceId)
    {
        await using var scope = fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        var recount = await StatsRecount.RecountAsync(db, workspaceId, _ct);
        Assert.NotEmpty(recount);
        Assert.Equal(recount, await StatsRecount.StoredAsync(db, workspaceId, _ct));
    }

    private async Task<string> StartAsync(string workspaceId, string processId)
    {
        await using var scope = fixture.Scope();
        var outcome = await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", null, null), workspaceId, processId,
            new StartRequest(StartKind.WithPayloads, ["{}"], [], null), null, "h", _ct);
        return outcome.Runs.Single().Id;
    }

    private async Task<string> ItemOfAsync(string workspaceId, string runId)
    {
        await using var scope = fixture.Scope();
        var items = await scope.ServiceProvider.GetRequiredService<IRunStore>()
            .ListWorkItemsAsync(workspaceId, new WorkItemFilter(ProcessRunId: runId), new Core.Paging.PageRequest(null, 10), _ct);
        return items.Items.Single().Id;
    }

    /// <summary>A worker claims the run's waiting step run, its robot takes the one item and releases it, and the step run ends well.</summary>
    private async Task WorkAsync(string workspaceId, string runId, WorkItemRelease release)
    {
        await using var scope = fixture.Scope();
        var dispatch = scope.ServiceProvider.GetRequiredService<IDispatchStore>();
        var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
        var now = DateTimeOffset.UtcNow;
        var worker = Seed.Unique("worker");
        var stepRun = await dispatch.ClaimAsync(worker, workspaceId, now, now.AddMinutes(1), _ct);
        Assert.NotNull(stepRun);
        Assert.Equal(runId, stepRun.ProcessRunId);
        await dispatch.MarkRunStartedAsync(runId, now, _ct);
        var item = await runs.ReserveNextWorkItemAsync(stepRun, now, _ct);
        Assert.NotNull(item);
        Assert.True(await runs.ReleaseWorkItemAsync(item, stepRun.Id, release, now.AddMilliseconds(700), _ct));
        Assert.True(await dispatch.EndAsync(stepRun.Id, worker, StepRunState.Completed, null, now.AddSeconds(1), _ct));
        await scope.ServiceProvider.GetRequiredService<RunProgression>().AfterStepRunEndedAsync(stepRun, true, _ct);
    }
}

public sealed class SqliteRunStatsTests(SqliteStorageFixture fixture) : RunStatsTests<SqliteStorageFixture>(fixture);

public sealed class PostgresRunStatsTests(PostgresStorageFixture fixture) : RunStatsTests<PostgresStorageFixture>(fixture);

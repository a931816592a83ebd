using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Schedules;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Schedules and the claims of their times in storage, on SQLite and PostgreSQL.</summary>
public abstract class ScheduleStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    private Task<(Workspace Workspace, Caller Admin, string ProcessId)> ProcessAsync() => Seed.ProcessAsync(fixture);

    private async Task<Schedule> ScheduleAsync(Workspace workspace, Caller admin, string processId, string cron = "*/5 * * * *", bool enabled = true)
    {
        await using var scope = fixture.Scope();
        return await scope.ServiceProvider.GetRequiredService<ScheduleService>().CreateAsync(admin,
            new WorkspaceGrant(workspace.Id, Permissions.AllNames, true), processId, new ScheduleInput(cron, "Europe/Berlin", enabled, true, "{\"a\":1}", "allow", "once"), _ct);
    }

    private static ScheduleClaim Claim(Schedule schedule, DateTimeOffset? nextFireAt = null, ScheduleFireOutcome outcome = ScheduleFireOutcome.Started) =>
        new(schedule.Id, schedule.NextFireAt!.Value, nextFireAt ?? schedule.NextFireAt!.Value.AddMinutes(5), new ScheduleFire
        {
            ScheduleId = schedule.Id, FireAt = schedule.NextFireAt!.Value, WorkspaceId = schedule.WorkspaceId, ProcessId = schedule.ProcessId,
            Outcome = outcome, Missed = 0, HandledAt = DateTimeOffset.UtcNow,
        });

    private async Task<StartOutcome> StartAsync(Schedule schedule, ScheduleClaim claim)
    {
        await using var scope = fixture.Scope();
        return await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("schedule", schedule.Id, "label"), schedule.WorkspaceId,
            schedule.ProcessId, StartRequest.WithPayload(schedule.Payload) with { Claim = claim }, null, string.Empty, _ct);
    }

    private async Task<int> RunCountAsync(Workspace workspace, string processId)
    {
        await using var scope = fixture.Scope();
        return (await scope.ServiceProvider.GetRequiredService<IRunStore>().ListRunsAsync(workspace.Id, new RunFilter(processId), PageRequest.First(), _ct)).Items.Count;
    }

    [Fact]
    public async Task Schedule_IsStoredListedChangedAndDeleted()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        var first = await ScheduleAsync(workspace, admin, processId);
        var second = await ScheduleAsync(workspace, admin, processId, "0 9 * * *", enabled: false);
        Assert.Null(second.NextFireAt);

        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IScheduleStore>();
            var page = await store.ListAsync(workspace.Id, processId, PageRequest.First(), _ct);
            Assert.Equal([first.Id, second.Id], page.Items.Select(s => s.Id));
            Assert.Equal(2, await store.CountAsync(workspace.Id, processId, _ct));
            var read = await store.FindAsync(workspace.Id, processId, first.Id, _ct);
            Assert.NotNull(read);
            Assert.Equal(("*/5 * * * *", "Europe/Berlin", "{\"a\":1}", OverlapPolicy.Allow, CatchUpPolicy.Once, first.NextFireAt),
                (read.Cron, read.TimeZone, read.Payload, read.Overlap, read.CatchUp, read.NextFireAt));
            Assert.Null(await store.FindAsync(workspace.Id, Ids.New(), first.Id, _ct));
            Assert.Null(await store.FindAsync(Ids.New(), processId, first.Id, _ct));

            read.Cron = "0 * * * *";
            await store.SaveAsync(_ct);
            await store.DeleteAsync(second, _ct);
        }

        await using var check = fixture.Scope();
        var again = check.ServiceProvider.GetRequiredService<IScheduleStore>();
        Assert.Equal("0 * * * *", (await again.FindAsync(workspace.Id, processId, first.Id, _ct))!.Cron);
        Assert.Null(await again.FindAsync(workspace.Id, processId, second.Id, _ct));
    }

    [Fact]
    public async Task Due_ListsSchedulesWhoseNextTimeHasCome_EarliestFirst()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        var schedule = await ScheduleAsync(workspace, admin, processId);
        await using var scope = fixture.Scope();
        var store = scope.ServiceProvider.GetRequiredService<IScheduleStore>();
        var at = schedule.NextFireAt!.Value;
        Assert.DoesNotContain(await store.ListDueAsync(at.AddSeconds(-1), 1000, _ct), s => s.Id == schedule.Id);
        Assert.Contains(await store.ListDueAsync(at, 1000, _ct), s => s.Id == schedule.Id);
        var due = await store.ListDueAsync(at.AddYears(1), 1000, _ct);
        Assert.Equal(due.OrderBy(s => s.NextFireAt).Select(s => s.Id), due.Select(s => s.Id));
        Assert.Single(await store.ListDueAsync(at.AddYears(1), 1, _ct));
        Assert.True(await store.NextDueAsync(_ct) <= at);
    }

    [Fact]
    public async Task AClaimedStart_WritesTheRunTheRecordAndTheNextTime_InOneTransaction()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        var schedule = await ScheduleAsync(workspace, admin, processId);
        var claim = Claim(schedule);
        var run = Assert.Single((await StartAsync(schedule, claim)).Runs);

        await using var scope = fixture.Scope();
        var stored = (await scope.ServiceProvider.GetRequiredService<IScheduleStore>().FindAsync(workspace.Id, processId, schedule.Id, _ct))!;
        Assert.Equal(claim.NextFireAt, stored.NextFireAt);
        Assert.Equal((claim.Fire.FireAt, ScheduleFireOutcome.Started, run.Id), (stored.LastFireAt, stored.LastOutcome, stored.LastRunId));
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        var fire = Assert.Single(db.ScheduleFires.Where(f => f.ScheduleId == schedule.Id));
        Assert.Equal(run.Id, fire.RunId);
        Assert.Equal("schedule", run.StartedByType);
    }

    [Fact]
    public async Task ASecondClaimOfTheSameTime_IsRefused_AndWritesNoRun()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        var schedule = await ScheduleAsync(workspace, admin, processId);
        await StartAsync(schedule, Claim(schedule));
        var refusal = await Assert.ThrowsAsync<HangarException>(() => StartAsync(schedule, Claim(schedule)));
        Assert.Equal(ScheduleClaim.TakenCode, refusal.Code);
        Assert.Equal(1, await RunCountAsync(workspace, processId));
    }

    [Fact]
    public async Task ConcurrentClaimsOfOneTime_StartExactlyOneRun()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        var schedule = await ScheduleAsync(workspace, admin, processId);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return (await StartAsync(schedule, Claim(schedule))).Runs.Count;
            }
            catch (HangarException ex) when (ex.Code == ScheduleClaim.TakenCode)
            {
                return 0;
            }
        }));
        Assert.Equal(1, attempts.Sum());
        Assert.Equal(1, await RunCountAsync(workspace, processId));
    }

    [Fact]
    public async Task ARecordedTime_IsNeverClaimedAgain_EvenWhenAnEditSetTheScheduleBackOntoIt()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        var schedule = await ScheduleAsync(workspace, admin, processId);
        var skipped = Claim(schedule, outcome: ScheduleFireOutcome.SkippedOverlap);
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IScheduleStore>();
            Assert.True(await store.RecordAsync(skipped, _ct));
            Assert.False(await store.RecordAsync(skipped, _ct));

            // An edit that read the schedule before the claim writes its old next time back.
            var edited = (await store.FindAsync(workspace.Id, processId, schedule.Id, _ct))!;
            edited.NextFireAt = schedule.NextFireAt;
            await store.SaveAsync(_ct);
            Assert.False(await store.RecordAsync(skipped, _ct));
        }

        var refusal = await Assert.ThrowsAsync<HangarException>(() => StartAsync(schedule, Claim(schedule)));
        Assert.Equal(ScheduleClaim.TakenCode, refusal.Code);
        Assert.Equal(0, await RunCountAsync(workspace, processId));
    }

    [Fact]
    public async Task OldRecords_AreForgotten_AndDeletingTheProcessDeletesItsSchedules()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        var schedule = await ScheduleAsync(workspace, admin, processId);
        await StartAsync(schedule, Claim(schedule));
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IScheduleStore>();
            Assert.True(await store.DeleteFiresBeforeAsync(DateTimeOffset.UtcNow.AddMinutes(1), _ct) >= 1);
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            Assert.Empty(db.ScheduleFires.Where(f => f.ScheduleId == schedule.Id));
            await StartAsync(schedule, Claim((await store.FindAsync(workspace.Id, processId, schedule.Id, _ct))!));
            await scope.ServiceProvider.GetRequiredService<ProcessService>().DeleteAsync(admin, workspace.Id, processId, _ct);
        }

        await using var check = fixture.Scope();
        var checkDb = check.ServiceProvider.GetRequiredService<HangarDbContext>();
        Assert.Empty(checkDb.Schedules.Where(s => s.Id == schedule.Id));
        Assert.Empty(checkDb.ScheduleFires.Where(f => f.ScheduleId == schedule.Id));
    }

    [Fact]
    public async Task ActiveRuns_AreSeenPerProcess()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        var (_, _, otherId) = await ProcessAsync();
        var schedule = await ScheduleAsync(workspace, admin, processId);
        await using var scope = fixture.Scope();
        var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
        Assert.False(await runs.HasActiveRunAsync(workspace.Id, processId, _ct));
        await StartAsync(schedule, Claim(schedule));
        Assert.True(await runs.HasActiveRunAsync(workspace.Id, processId, _ct));
        Assert.False(await runs.HasActiveRunAsync(workspace.Id, otherId, _ct));
    }
}

public sealed class ScheduleStoreTests_Sqlite(SqliteStorageFixture fixture) : ScheduleStoreTests<SqliteStorageFixture>(fixture);

public sealed class ScheduleStoreTests_Postgres(PostgresStorageFixture fixture) : ScheduleStoreTests<PostgresStorageFixture>(fixture);

using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Processes and runs in storage, on SQLite and PostgreSQL.</summary>
public abstract class RunStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    private Task<(Workspace Workspace, Caller Admin, string ProcessId)> ProcessAsync(int maxParallel = 1) => Seed.ProcessAsync(fixture, maxParallel);

    [Fact]
    public async Task Start_WritesRunItemsAndStepRuns_WithIncreasingNumbers()
    {
        var (workspace, admin, processId) = await ProcessAsync(maxParallel: 2);
        var started = new List<ProcessRun>();
        for (var i = 0; i < 3; i++)
        {
            await using var scope = fixture.Scope();
            var outcome = await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", admin.Id, "k"), workspace.Id, processId,
                new StartRequest(StartKind.WithPayloads, ["{\"i\":1}", "{\"i\":2}", "[3]"], [], null), null, "h", _ct);
            started.Add(Assert.Single(outcome.Runs));
        }

        Assert.Equal([1L, 2L, 3L], started.Select(r => r.Number));
        await using var read = fixture.Scope();
        var runs = read.ServiceProvider.GetRequiredService<IRunStore>();
        var stepRuns = await runs.ListStepRunsAsync(workspace.Id, started[0].Id, PageRequest.First(), _ct);
        Assert.Equal(2, stepRuns.Items.Count);
        Assert.All(stepRuns.Items, s => Assert.Equal(StepRunState.AwaitingWorker, s.State));
        var items = await runs.ListWorkItemsAsync(workspace.Id, new WorkItemFilter(ProcessRunId: started[0].Id), PageRequest.First(), _ct);
        Assert.Equal(3, items.Items.Count);
        Assert.Equal("[3]", items.Items[2].Payload);

        var newestFirst = await runs.ListRunsAsync(workspace.Id, new RunFilter(processId), new PageRequest(null, 2), _ct);
        Assert.Equal([started[2].Id, started[1].Id], newestFirst.Items.Select(r => r.Id));
        var rest = await runs.ListRunsAsync(workspace.Id, new RunFilter(processId), new PageRequest(newestFirst.NextAfter(r => r.Id), 2), _ct);
        Assert.Equal([started[0].Id], rest.Items.Select(r => r.Id));
        Assert.Empty((await runs.ListRunsAsync(workspace.Id, new RunFilter(processId, ProcessRunState.Completed), PageRequest.First(), _ct)).Items);
    }

    [Fact]
    public async Task ListRuns_FiltersByOutcomeAndEndTime_AndItemsByException()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await using var scope = fixture.Scope();
            ids.Add(Assert.Single((await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", admin.Id, "k"), workspace.Id,
                processId, new StartRequest(StartKind.WithPayloads, ["{}"], [], null), null, "h", _ct)).Runs).Id);
        }

        var day = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IRunStore>();
            void End(ProcessRun run, ProcessRunState state, bool started, DateTimeOffset ended)
            {
                run.State = state;
                run.StartedAt = started ? ended.AddMinutes(-1) : null;
                run.EndedAt = ended;
            }

            End((await store.FindRunAsync(workspace.Id, ids[0], _ct))!, ProcessRunState.Completed, true, day.AddHours(1));
            End((await store.FindRunAsync(workspace.Id, ids[1], _ct))!, ProcessRunState.Unresolved, false, day.AddHours(23));
            End((await store.FindRunAsync(workspace.Id, ids[2], _ct))!, ProcessRunState.Unresolved, true, day.AddDays(1));
            var item = (await store.ListWorkItemsAsync(workspace.Id, new WorkItemFilter(ProcessRunId: ids[2]), PageRequest.First(), _ct)).Items.Single();
            var tracked = (await store.FindWorkItemsAsync(workspace.Id, [item.Id], _ct)).Single();
            tracked.State = WorkItemState.Failed;
            tracked.ExceptionType = WorkItemExceptionType.Business;
            tracked.ExceptionCode = "INVALID_ID";
            tracked.StateUpdatedAt = day.AddDays(1);
            await store.SaveAsync(_ct);
        }

        await using var read = fixture.Scope();
        var runs = read.ServiceProvider.GetRequiredService<IRunStore>();
        async Task<IEnumerable<string>> ListAsync(RunFilter filter) => (await runs.ListRunsAsync(workspace.Id, filter, PageRequest.First(), _ct)).Items.Select(r => r.Id);

        Assert.Equal([ids[1], ids[0]], await ListAsync(new RunFilter(processId, EndedFrom: day, EndedBefore: day.AddDays(1))));
        Assert.Equal([ids[0]], await ListAsync(new RunFilter(processId, Outcome: Core.Stats.RunOutcome.Completed)));
        Assert.Equal([ids[1]], await ListAsync(new RunFilter(processId, Outcome: Core.Stats.RunOutcome.FailedToStart)));
        Assert.Equal([ids[2]], await ListAsync(new RunFilter(processId, Outcome: Core.Stats.RunOutcome.Unresolved, EndedFrom: day.AddDays(1))));
        Assert.Empty(await ListAsync(new RunFilter(processId, Outcome: Core.Stats.RunOutcome.Unresolved, EndedBefore: day.AddDays(1))));

        async Task<int> CountItemsAsync(WorkItemFilter filter) => (await runs.ListWorkItemsAsync(workspace.Id, filter, PageRequest.First(), _ct)).Items.Count;
        Assert.Equal(1, await CountItemsAsync(new WorkItemFilter(ExceptionType: WorkItemExceptionType.Business, ExceptionCode: "INVALID_ID",
            UpdatedFrom: day.AddDays(1), UpdatedBefore: day.AddDays(2))));
        Assert.Equal(0, await CountItemsAsync(new WorkItemFilter(ExceptionType: WorkItemExceptionType.Application, ExceptionCode: "INVALID_ID")));
        Assert.Equal(0, await CountItemsAsync(new WorkItemFilter(ExceptionCode: "INVALID_ID", UpdatedBefore: day.AddDays(1))));
    }

    [Fact]
    public async Task Start_WritesNothing_WhenAQueuedItemIsGone()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        string queued;
        await using (var scope = fixture.Scope())
        {
            queued = (await scope.ServiceProvider.GetRequiredService<WorkItemService>().CreateInputAsync(workspace.Id, processId, "{}", _ct)).Id;
        }

        await using (var scope = fixture.Scope())
        {
            var ex = await Assert.ThrowsAsync<HangarException>(() => scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(
                new StartedBy("api", admin.Id, "k"), workspace.Id, processId,
                new StartRequest(StartKind.WithWorkItemIds, [], [queued, Ids.New()], null), null, "h", _ct));
            Assert.Equal("work_item_not_available", ex.Code);
        }

        await using var read = fixture.Scope();
        var runs = read.ServiceProvider.GetRequiredService<IRunStore>();
        Assert.Empty((await runs.ListRunsAsync(workspace.Id, new RunFilter(processId), PageRequest.First(), _ct)).Items);
        Assert.Equal(WorkItemState.New, (await runs.FindWorkItemAsync(workspace.Id, queued, _ct))!.State);
        // The failed start did not burn a run number either.
        var outcome = await read.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", admin.Id, "k"), workspace.Id, processId,
            StartRequest.Default, null, "h", _ct);
        Assert.Equal(1, outcome.Runs[0].Number);
    }

    [Fact]
    public async Task IdempotencyKey_ReplaysTheFirstRuns()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        await using var scope = fixture.Scope();
        var service = scope.ServiceProvider.GetRequiredService<RunService>();
        var first = await service.StartAsync(new StartedBy("api", admin.Id, "k"), workspace.Id, processId, StartRequest.Default, "key-1", "hash-a", _ct);
        var again = await service.StartAsync(new StartedBy("api", admin.Id, "k"), workspace.Id, processId, StartRequest.Default, "key-1", "hash-a", _ct);
        Assert.True(again.Replayed);
        Assert.Equal(first.Runs[0].Id, again.Runs[0].Id);
        var ex = await Assert.ThrowsAsync<HangarException>(() =>
            service.StartAsync(new StartedBy("api", admin.Id, "k"), workspace.Id, processId, StartRequest.Default, "key-1", "hash-b", _ct));
        Assert.Equal("idempotency_key_reused", ex.Code);
    }

    [Fact]
    public async Task ConcurrentStarts_OfSeveralProcesses_NumberEachProcesssRunsOneToN()
    {
        // Concurrent triggers are written in batches (one transaction for many): each process's numbers stay unique
        // and gapless however the triggers of several processes mix.
        var first = await ProcessAsync();
        var inWorkspace = (first.Workspace, first.Admin);
        string[] processes = [first.ProcessId, (await Seed.ProcessAsync(fixture, inWorkspace: inWorkspace)).ProcessId,
            (await Seed.ProcessAsync(fixture, inWorkspace: inWorkspace)).ProcessId];
        var starts = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            await using var scope = fixture.Scope();
            var outcome = await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", first.Admin.Id, "k"),
                first.Workspace.Id, processes[i % 3], new StartRequest(StartKind.WithPayloads, [$"{{\"i\":{i}}}"], [], null), null, "h", _ct);
            return (Process: processes[i % 3], Run: Assert.Single(outcome.Runs));
        }));

        foreach (var process in processes)
        {
            Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), starts.Where(s => s.Process == process).Select(s => s.Run.Number).Order());
            await using var read = fixture.Scope();
            var stored = await read.ServiceProvider.GetRequiredService<IRunStore>().ListRunsAsync(first.Workspace.Id, new RunFilter(process), new PageRequest(null, 100), _ct);
            Assert.Equal(20, stored.Items.Count);
        }
    }

    [Fact]
    public async Task ConcurrentStarts_OneRefused_TheOthersAreWritten()
    {
        // Two triggers with the same idempotency key among many at once: whether or not they share a batch, one of
        // them wins, the other replays it or is told to retry, and every other trigger is written with its number.
        var (workspace, admin, processId) = await ProcessAsync();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            await using var scope = fixture.Scope();
            try
            {
                return await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", admin.Id, "k"), workspace.Id,
                    processId, StartRequest.Default, i is 3 or 4 ? "same-key" : null, "hash", _ct);
            }
            catch (HangarException ex) when (ex.Code == "idempotency_key_in_use")
            {
                return null;
            }
        }));

        var written = outcomes.Where(o => o is { Replayed: false }).Select(o => Assert.Single(o!.Runs)).ToList();
        Assert.Equal(23, written.Count);
        Assert.Equal(Enumerable.Range(1, 23).Select(n => (long)n), written.Select(r => r.Number).Order());
        await using var read = fixture.Scope();
        Assert.Equal(23, (await read.ServiceProvider.GetRequiredService<IRunStore>().ListRunsAsync(workspace.Id, new RunFilter(processId), new PageRequest(null, 100), _ct)).Items.Count);
    }

    [Fact]
    public async Task ConcurrentStarts_StoreEveryValueAsTheStartReturnedIt()
    {
        // Run starts are written as plain INSERTs from the model's mapping: what is read back equals what the start
        // answered, field by field, for every run of a concurrent batch (callback and secret, several items each).
        var (workspace, admin, processId) = await ProcessAsync(maxParallel: 2);
        var started = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            await using var scope = fixture.Scope();
            var request = new StartRequest(StartKind.WithPayloads, [$"{{\"i\":{i}}}", null, "[2]"], [],
                i % 2 == 0 ? new RunCallback($"https://example.test/hook/{i}", "s3cret", ["completed"]) : null);
            return Assert.Single((await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", admin.Id, "key name"),
                workspace.Id, processId, request, i % 3 == 0 ? $"key-{i}" : null, "h", _ct)).Runs);
        }));

        await using var read = fixture.Scope();
        var db = read.ServiceProvider.GetRequiredService<HangarDbContext>();
        foreach (var run in started)
        {
            var stored = await db.ProcessRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id, _ct);
            AssertSameValues(run, stored);
            var items = await db.WorkItems.AsNoTracking().Where(w => w.ProcessRunId == run.Id).OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).ToListAsync(_ct);
            Assert.Equal(3, items.Count);
            Assert.Contains(items, w => w.Payload == null);
            Assert.Contains(items, w => w.Payload == "[2]");
            Assert.Contains(items, w => w.Payload?.StartsWith("{\"i\":", StringComparison.Ordinal) == true);
            Assert.All(items, w => Assert.Equal(WorkItemState.Pending, w.State));
            var stepRuns = await db.StepRuns.AsNoTracking().Where(s => s.ProcessRunId == run.Id).ToListAsync(_ct);
            Assert.Equal(2, stepRuns.Count);
            var stepRunIds = stepRuns.Select(s => s.Id).ToList();
            Assert.Equal(2, await db.StepRunEvents.AsNoTracking().CountAsync(e => stepRunIds.Contains(e.StepRunId), _ct));
        }

        Assert.Equal(Enumerable.Range(1, 16).Select(n => (long)n), started.Select(r => r.Number).Order());
        Assert.Equal(6, await db.IdempotencyRecords.AsNoTracking().CountAsync(r => r.WorkspaceId == workspace.Id, _ct));
    }

    // PostgreSQL keeps times to the microsecond.
    private static void AssertSameValues<T>(T expected, T actual)
    {
        foreach (var property in typeof(T).GetProperties())
        {
            object? Normalized(object? value) => value is DateTimeOffset time ? time.UtcTicks / 10 : value;
            Assert.True(Equals(Normalized(property.GetValue(expected)), Normalized(property.GetValue(actual)))
                        || (property.GetValue(expected) is byte[] a && property.GetValue(actual) is byte[] b && a.SequenceEqual(b)),
                $"{typeof(T).Name}.{property.Name} differs");
        }
    }

    [Fact]
    public async Task DeletingAProcess_DeletesItsRunsAndItems()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        string runId;
        await using (var scope = fixture.Scope())
        {
            runId = (await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", admin.Id, "k"), workspace.Id, processId,
                StartRequest.Default, null, "h", _ct)).Runs[0].Id;
            await scope.ServiceProvider.GetRequiredService<ProcessService>().DeleteAsync(admin, workspace.Id, processId, _ct);
        }

        await using var read = fixture.Scope();
        var runs = read.ServiceProvider.GetRequiredService<IRunStore>();
        Assert.Null(await runs.FindRunAsync(workspace.Id, runId, _ct));
        Assert.Empty((await runs.ListWorkItemsAsync(workspace.Id, new WorkItemFilter(processId), PageRequest.First(), _ct)).Items);
    }
}

public sealed class RunStoreTests_Sqlite(SqliteStorageFixture fixture) : RunStoreTests<SqliteStorageFixture>(fixture);

public sealed class RunStoreTests_Postgres(PostgresStorageFixture fixture) : RunStoreTests<PostgresStorageFixture>(fixture);

using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>What a robot's work item calls need of the run store (reserve, release, an output's parent), on SQLite and PostgreSQL.</summary>
public abstract class WorkItemStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task OutputParent_NamesTheNextStep_NoneAfterTheLast_AndNothingInAnotherWorkspace()
    {
        var (workspace, admin, processId) = await Seed.ProcessAsync(fixture, steps: 2);
        var (otherWorkspace, _, _) = await Seed.ProcessAsync(fixture);
        var (runId, _) = await StartAsync(workspace.Id, admin, processId, 1);
        await using var scope = fixture.Scope();
        var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
        var steps = await scope.ServiceProvider.GetRequiredService<IProcessStore>().ListStepsAsync(workspace.Id, processId, _ct);
        var input = Assert.Single((await runs.ListWorkItemsAsync(workspace.Id, new WorkItemFilter(ProcessRunId: runId), PageRequest.First(), _ct)).Items);

        var parent = await runs.FindOutputParentAsync(workspace.Id, input.Id, _ct);

        Assert.Equal(new OutputParent(input.Id, processId, runId, steps[0].Id, steps[1].Id), parent);
        var now = DateTimeOffset.UtcNow;
        var last = new WorkItem
        {
            Id = Ids.New(), WorkspaceId = workspace.Id, ProcessId = processId, ProcessRunId = runId, StepId = steps[1].Id, ParentId = input.Id,
            State = WorkItemState.Pending, CreatedAt = now, StateUpdatedAt = now, Payload = "{}",
        };
        await runs.AddWorkItemAsync(last, _ct);
        Assert.Equal(new OutputParent(last.Id, processId, runId, steps[1].Id, null), await runs.FindOutputParentAsync(workspace.Id, last.Id, _ct));
        Assert.Null(await runs.FindOutputParentAsync(otherWorkspace.Id, input.Id, _ct));
    }

    [Fact]
    public async Task Release_OnlyTakesAnItemTheStepRunHolds_AndOnlyOnce()
    {
        var (workspace, admin, processId) = await Seed.ProcessAsync(fixture, maxParallel: 2);
        var (runId, stepRuns) = await StartAsync(workspace.Id, admin, processId, 2);
        Assert.Equal(2, stepRuns.Count);
        await using var scope = fixture.Scope();
        var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
        var held = await runs.ReserveNextWorkItemAsync(stepRuns[0], DateTimeOffset.UtcNow, _ct);
        Assert.NotNull(held);
        var release = new WorkItemRelease(WorkItemState.Done, null, null, null);

        Assert.False(await runs.ReleaseWorkItemAsync(held, stepRuns[1].Id, release, DateTimeOffset.UtcNow, _ct));
        Assert.Equal(WorkItemState.InProgress, (await ReadAsync(workspace.Id, held)).State);
        Assert.True(await runs.ReleaseWorkItemAsync(held, stepRuns[0].Id, release, DateTimeOffset.UtcNow, _ct));
        Assert.False(await runs.ReleaseWorkItemAsync(held, stepRuns[0].Id, release, DateTimeOffset.UtcNow, _ct));
        Assert.Equal(WorkItemState.Done, (await ReadAsync(workspace.Id, held)).State);
        var pending = await runs.ListWorkItemsAsync(workspace.Id, new WorkItemFilter(ProcessRunId: runId, State: WorkItemState.Pending), PageRequest.First(), _ct);
        Assert.Single(pending.Items);
    }

    [Fact]
    public async Task ConcurrentReserves_NeverHandOutOneItemTwice()
    {
        const int items = 20;
        var (workspace, admin, processId) = await Seed.ProcessAsync(fixture);
        var (_, stepRuns) = await StartAsync(workspace.Id, admin, processId, items);
        var stepRun = Assert.Single(stepRuns);

        var reserved = await Task.WhenAll(Enumerable.Range(0, items + 5).Select(_ => Task.Run(async () =>
        {
            await using var scope = fixture.Scope();
            return await scope.ServiceProvider.GetRequiredService<IRunStore>().ReserveNextWorkItemAsync(stepRun, DateTimeOffset.UtcNow, _ct);
        })));

        var ids = reserved.OfType<string>().ToList();
        Assert.Equal(items, ids.Count);
        Assert.Equal(items, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(5, reserved.Count(r => r is null));
    }

    private async Task<(string RunId, IReadOnlyList<StepRun> StepRuns)> StartAsync(string workspaceId, Core.Security.Caller admin, string processId,
        int payloads)
    {
        await using var scope = fixture.Scope();
        var run = Assert.Single((await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", admin.Id, "k"), workspaceId,
            processId, new StartRequest(StartKind.WithPayloads, [.. Enumerable.Range(1, payloads).Select(i => $"{{\"i\":{i}}}")], [], null), null, "h",
            _ct)).Runs);
        var stepRuns = await scope.ServiceProvider.GetRequiredService<IRunStore>().ListStepRunsAsync(workspaceId, run.Id, PageRequest.First(), _ct);
        return (run.Id, stepRuns.Items);
    }

    private async Task<WorkItem> ReadAsync(string workspaceId, string id)
    {
        await using var scope = fixture.Scope();
        return (await scope.ServiceProvider.GetRequiredService<IRunStore>().FindWorkItemAsync(workspaceId, id, _ct))!;
    }
}

public sealed class WorkItemStoreTests_Sqlite(SqliteStorageFixture fixture) : WorkItemStoreTests<SqliteStorageFixture>(fixture);

public sealed class WorkItemStoreTests_Postgres(PostgresStorageFixture fixture) : WorkItemStoreTests<PostgresStorageFixture>(fixture);

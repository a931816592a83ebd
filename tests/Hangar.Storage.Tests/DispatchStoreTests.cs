using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>The dispatch queue on SQLite and PostgreSQL: claims are atomic and honour worker groups; leases lapse.</summary>
public abstract class DispatchStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    private async Task<(Workspace Workspace, string RunId)> RunAsync(int stepRuns, string? groupId = null, Workspace? workspace = null)
    {
        Caller admin;
        if (workspace is null)
        {
            var (_, owner, created) = await Seed.TenantAsync(fixture);
            workspace = created;
            admin = new Caller { Kind = CallerKind.User, Id = owner.Id, Name = owner.Username, UserId = owner.Id };
        }
        else
        {
            admin = Caller.System();
        }

        await using var scope = fixture.Scope();
        var packages = scope.ServiceProvider.GetRequiredService<ITaskPackageStore>();
        var now = DateTimeOffset.UtcNow;
        var package = new TaskPackage { Id = Ids.New(), WorkspaceId = workspace.Id, Name = Seed.Unique("robot"), CreatedAt = now, UpdatedAt = now };
        await packages.AddAsync(package, _ct);
        await packages.AddVersionAsync(package, new TaskPackageVersion
        {
            Id = Ids.New(), TaskPackageId = package.Id, WorkspaceId = workspace.Id, Number = 1, Sha256 = new string('a', 64), Size = 10,
            BlobKey = "k", RobotRoot = string.Empty, Tasks = ["Main"], UploadedByType = "user", UploadedAt = now,
        }, _ct);
        var process = await scope.ServiceProvider.GetRequiredService<ProcessService>().CreateAsync(admin, workspace.Id, Seed.Unique("process"), null,
            [new StepDefinition("Main", package.Id, null, "Main", groupId, null, stepRuns, null)], null, _ct);
        var outcome = await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", null, null), workspace.Id, process.Id,
            new StartRequest(StartKind.WithPayloads, Enumerable.Repeat<string?>("{}", stepRuns).ToList(), [], null), null, "h", _ct);
        return (workspace, outcome.Runs.Single().Id);
    }

    [Fact]
    public async Task ConcurrentClaims_TakeEachStepRunOnce()
    {
        var (workspace, runId) = await RunAsync(5);
        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            await using var scope = fixture.Scope();
            var now = DateTimeOffset.UtcNow;
            return await scope.ServiceProvider.GetRequiredService<IDispatchStore>().ClaimAsync($"worker-{i}", workspace.Id, now, now.AddSeconds(30), _ct);
        }));
        var taken = claims.Where(c => c is not null).Select(c => c!).ToList();
        Assert.Equal(5, taken.Count);
        Assert.Equal(5, taken.Select(c => c.Id).Distinct().Count());
        Assert.All(taken, c =>
        {
            Assert.Equal(StepRunState.InProgress, c.State);
            Assert.Equal(1, c.Attempt);
            Assert.Equal(runId, c.ProcessRunId);
        });
    }

    [Fact]
    public async Task Claim_TakesAGroupedStepRun_OnlyForAMemberOfTheGroup()
    {
        var (_, _, workspace) = await Seed.TenantAsync(fixture);
        var group = new WorkerGroup { Id = Ids.New(), WorkspaceId = workspace.Id, Name = "g", CreatedAt = DateTimeOffset.UtcNow };
        var member = new Worker { Id = Ids.New(), WorkspaceId = workspace.Id, Name = "m", CredentialHash = Seed.Unique("h"), CreatedAt = DateTimeOffset.UtcNow };
        await using (var scope = fixture.Scope())
        {
            var workers = scope.ServiceProvider.GetRequiredService<IWorkerStore>();
            await workers.AddGroupAsync(group, _ct);
            await workers.AddWorkerAsync(member, [new WorkerGroupMember { WorkerGroupId = group.Id, WorkerId = member.Id, WorkspaceId = workspace.Id }], _ct);
        }

        await RunAsync(1, group.Id, workspace);
        await using var claim = fixture.Scope();
        var dispatch = claim.ServiceProvider.GetRequiredService<IDispatchStore>();
        var now = DateTimeOffset.UtcNow;
        Assert.Null(await dispatch.ClaimAsync(Ids.New(), workspace.Id, now, now.AddSeconds(30), _ct));
        Assert.NotNull(await dispatch.ClaimAsync(member.Id, workspace.Id, now, now.AddSeconds(30), _ct));
    }

    [Fact]
    public async Task LapsedLease_IsListed_AndRequeuedOnlyOnce_WithItsItemPendingAgain()
    {
        var (workspace, _) = await RunAsync(1);
        await using var scope = fixture.Scope();
        var dispatch = scope.ServiceProvider.GetRequiredService<IDispatchStore>();
        var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
        var then = DateTimeOffset.UtcNow.AddMinutes(-5);
        var claimed = await dispatch.ClaimAsync("w", workspace.Id, then, then.AddSeconds(30), _ct);
        Assert.NotNull(claimed);
        var item = await runs.ReserveNextWorkItemAsync(claimed, then, _ct);
        Assert.NotNull(item);
        var now = DateTimeOffset.UtcNow;
        Assert.Contains(await dispatch.ListLapsedAsync(now, 1000, _ct), s => s.Id == claimed.Id);
        Assert.True(await dispatch.RequeueLapsedAsync(claimed.Id, now, _ct));
        Assert.False(await dispatch.RequeueLapsedAsync(claimed.Id, now, _ct));
        Assert.False(await dispatch.RenewLeaseAsync(claimed.Id, "w", now.AddSeconds(30), _ct));
        await using var fresh = fixture.Scope();
        var reloaded = await fresh.ServiceProvider.GetRequiredService<IRunStore>().FindWorkItemAsync(workspace.Id, item, _ct);
        Assert.Equal(WorkItemState.Pending, reloaded!.State);
    }

    [Fact]
    public async Task Stop_MovesTheRunOnce_FailsOnlyUnclaimedStepRuns_AndSettlesTheItemsNotHeld()
    {
        var (workspace, runId) = await RunAsync(2);
        await using var scope = fixture.Scope();
        var dispatch = scope.ServiceProvider.GetRequiredService<IDispatchStore>();
        var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
        var now = DateTimeOffset.UtcNow;
        var claimed = await dispatch.ClaimAsync("w", workspace.Id, now, now.AddSeconds(30), _ct);
        Assert.NotNull(claimed);
        Assert.NotNull(await runs.ReserveNextWorkItemAsync(claimed, now, _ct));

        Assert.True(await dispatch.BeginStopAsync(runId, [ProcessRunState.New, ProcessRunState.InProgress], false, true, "why", now, _ct));
        Assert.False(await dispatch.BeginStopAsync(runId, [ProcessRunState.New, ProcessRunState.InProgress], true, false, null, now, _ct));
        var run = await runs.FindRunAsync(workspace.Id, runId, _ct);
        Assert.Equal(ProcessRunState.Stopping, run!.State);
        Assert.False(run.StopTerminatesOngoing);
        Assert.True(run.StopSetsRemainingDone);
        Assert.Equal("why", run.StopReason);

        var open = await runs.ListOpenStepRunsAsync(runId, _ct);
        Assert.False(await dispatch.FailQueuedStepRunAsync(claimed.Id, "stopped", now, _ct));
        Assert.True(await dispatch.FailQueuedStepRunAsync(open.Single(s => s.Id != claimed.Id).Id, "stopped", now, _ct));
        Assert.Equal(1, await dispatch.CountOpenStepRunsAsync(runId, _ct));

        Assert.Equal(1, await dispatch.SettleOpenItemsAsync(runId, false, WorkItemState.Done, null, null, null, now, _ct));
        Assert.Equal(1, await dispatch.CountItemsAsync(runId, null, WorkItemState.InProgress, _ct));
        Assert.Equal(1, await dispatch.SettleOpenItemsAsync(runId, true, WorkItemState.Failed, WorkItemExceptionType.Orchestrator, "run_stopped", "m", now, _ct));
        Assert.Equal(1, await dispatch.CountItemsAsync(runId, null, WorkItemState.Failed, _ct));
    }
}

public sealed class DispatchStoreTests_Sqlite(SqliteStorageFixture fixture) : DispatchStoreTests<SqliteStorageFixture>(fixture);

public sealed class DispatchStoreTests_Postgres(PostgresStorageFixture fixture) : DispatchStoreTests<PostgresStorageFixture>(fixture);

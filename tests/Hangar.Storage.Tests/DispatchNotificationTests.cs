using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Storage.Coordination;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>
/// On PostgreSQL every store call that queues step runs notifies the dispatch channel, with this node's mark, so that
/// the other nodes' waiting claims wake: a run's start, the next step runs, a retry, and a lapsed step run queued again.
/// </summary>
public sealed class DispatchNotificationTests(PostgresStorageFixture fixture) : IClassFixture<PostgresStorageFixture>
{
    private readonly CancellationToken _ct = CancellationToken.None;

    private string NodeId => fixture.Services.GetRequiredService<DispatchNotifier>().NodeId;

    [Fact]
    public async Task StartingARun_Notifies()
    {
        var (workspace, process) = await ProcessAsync();
        await using var listener = await ChannelListener.StartAsync(fixture.Settings.ConnectionString);
        await StartAsync(workspace, process);
        Assert.Equal(NodeId, await listener.NextAsync());
    }

    [Fact]
    public async Task QueueingTheNextStepRuns_Notifies()
    {
        var template = await QueuedStepRunAsync();
        await using var listener = await ChannelListener.StartAsync(fixture.Settings.ConnectionString);
        await using (var scope = fixture.Scope())
        {
            var next = Copy(template);
            await scope.ServiceProvider.GetRequiredService<IDispatchStore>().AddStepRunsAsync([next],
                [StepRunEvents.New(next, StepRunEvents.Queued, DateTimeOffset.UtcNow)], _ct);
        }

        Assert.Equal(NodeId, await listener.NextAsync());
    }

    [Fact]
    public async Task SavingARetry_Notifies()
    {
        var template = await QueuedStepRunAsync();
        await using var listener = await ChannelListener.StartAsync(fixture.Settings.ConnectionString);
        await using (var scope = fixture.Scope())
        {
            var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
            await runs.AddStepRunAsync(Copy(template), _ct);
            await runs.SaveAsync(_ct);
        }

        Assert.Equal(NodeId, await listener.NextAsync());
    }

    [Fact]
    public async Task RequeueingALapsedStepRun_Notifies_WithItsItemPendingAgain()
    {
        var queued = await QueuedStepRunAsync();
        await using var scope = fixture.Scope();
        var dispatch = scope.ServiceProvider.GetRequiredService<IDispatchStore>();
        var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
        var then = DateTimeOffset.UtcNow.AddMinutes(-5);
        var claimed = await dispatch.ClaimAsync("w", queued.WorkspaceId, then, then.AddSeconds(30), _ct);
        Assert.NotNull(claimed);
        var item = await runs.ReserveNextWorkItemAsync(claimed, then, _ct);
        Assert.NotNull(item);

        await using var listener = await ChannelListener.StartAsync(fixture.Settings.ConnectionString);
        Assert.True(await dispatch.RequeueLapsedAsync(claimed.Id, DateTimeOffset.UtcNow, _ct));
        Assert.Equal(NodeId, await listener.NextAsync());
        // The notification went out with the items already pending: a node it wakes can reserve them at once.
        await using var fresh = fixture.Scope();
        var reloaded = await fresh.ServiceProvider.GetRequiredService<IRunStore>().FindWorkItemAsync(queued.WorkspaceId, item, _ct);
        Assert.Equal(WorkItemState.Pending, reloaded!.State);
    }

    private static StepRun Copy(StepRun template) => new()
    {
        Id = Ids.New(), WorkspaceId = template.WorkspaceId, ProcessId = template.ProcessId, ProcessRunId = template.ProcessRunId,
        StepId = template.StepId, StepPosition = template.StepPosition, Number = template.Number + 1, TaskPackageVersionId = template.TaskPackageVersionId,
        State = StepRunState.AwaitingWorker, CreatedAt = DateTimeOffset.UtcNow, StateUpdatedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>A run started with one item; its one step run is queued.</summary>
    private async Task<StepRun> QueuedStepRunAsync()
    {
        var (workspace, process) = await ProcessAsync();
        var runId = await StartAsync(workspace, process);
        await using var scope = fixture.Scope();
        return (await scope.ServiceProvider.GetRequiredService<IRunStore>().ListOpenStepRunsAsync(runId, _ct)).Single();
    }

    private async Task<(Workspace Workspace, string ProcessId)> ProcessAsync()
    {
        var (workspace, _, processId) = await Seed.ProcessAsync(fixture);
        return (workspace, processId);
    }

    private async Task<string> StartAsync(Workspace workspace, string processId)
    {
        await using var scope = fixture.Scope();
        var outcome = await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", null, null), workspace.Id, processId,
            new StartRequest(StartKind.WithPayloads, ["{}"], [], null), null, "h", _ct);
        return outcome.Runs.Single().Id;
    }
}

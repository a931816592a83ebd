using Hangar.Core.Coordination;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>Two nodes on one PostgreSQL database, as a scale-out installation runs them behind a load balancer.</summary>
public class MultiNodeTests
{
    [Fact]
    public async Task ClaimWaitingOnOneNode_GetsTheStepRunOfARunTriggeredOnTheOther()
    {
        await using var a = await HangarTestServer.StartAsync(DatabaseProvider.Postgres);
        // Node B looks at the queue on its own only every 10 minutes, far beyond the claim's wait, and a claim that
        // reaches its deadline answers without a last look: the claim can only get the step run if A's notification
        // wakes B.
        await using var b = await HangarTestServer.JoinAsync(a, o => o.ClaimRecheckSeconds = 600);
        using var admin = await a.LoginAsAdminAsync();
        var ws = a.DefaultWorkspaceId;
        var (_, worker) = await Workers.LinkAsync(b, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(a, admin, ws);

        var claim = Workers.ClaimAsync(worker, 20);
        // Give the claim time for its first look at the (empty) queue, so that it waits when the run comes. Were it
        // slower than this, it would find the run in that look: the test would prove less, never fail wrongly.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(claim.IsCompleted);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });

        using var response = await claim;
        var assignment = await Api.OkJsonAsync(response);
        Assert.Equal(runId, assignment["process_run_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task NodesSharingADatabase_ElectOneLeader()
    {
        await using var a = await HangarTestServer.StartAsync(DatabaseProvider.Postgres, o => o.WatchdogIntervalSeconds = 0.2);
        await using var b = await HangarTestServer.JoinAsync(a, o => o.WatchdogIntervalSeconds = 0.2);
        var leaders = new[] { a, b }.Select(n => n.App.Services.GetRequiredService<ILeadership>()).ToList();

        // The watchdog of each node asks for leadership at every sweep; within a few sweeps one of them has won it.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!leaders.Any(l => l.IsLeader))
        {
            Assert.True(DateTime.UtcNow < deadline, "No node became leader.");
            await Task.Delay(50);
        }

        // Each asks again: the leader keeps it, the other cannot take it.
        var answers = await Task.WhenAll(leaders.Select(l => l.IsLeaderAsync(CancellationToken.None)));
        Assert.Single(answers, leading => leading);
    }
}

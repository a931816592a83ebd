using System.Net;
using Hangar.Core.Retention;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hangar.Server.Tests;

/// <summary>
/// Retention end to end: runs made over HTTP by a worker and clients, time moved on by a fake clock, and housekeeping
/// deleting what the workspace's retention lets go, on one node and on two sharing PostgreSQL.
/// </summary>
public class RetentionTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Retention_DeletesAnOldRunWithItsBlobs_AndKeepsYoungUnfinishedAndOtherWorkspacesRuns(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await HangarTestServer.StartAsync(provider, Quiet, clock);
        using var admin = await server.LoginAsAdminAsync();
        var ws = server.DefaultWorkspaceId;
        using var client = await RetentionRuns.KeyClientAsync(server, admin, ws);
        var other = await Api.NewWorkspaceAsync(admin);
        using var otherClient = await RetentionRuns.KeyClientAsync(server, admin, other);
        await Api.PutAsync(client, $"/api/v1/workspaces/{ws}/settings", new { run_retention_days = 2 });
        var (_, worker) = await Workers.LinkAsync(server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(server, admin, ws);
        var otherProcess = await Workers.ProcessAsync(server, admin, other);

        // Now: a run that leaves everything behind, a run nobody takes, and a stopped run of another workspace (which keeps 90 days).
        var old = await RetentionRuns.CompletedWithFilesAsync(server, client, worker, ws, process);
        var unfinished = await Workers.StartAsync(client, ws, process, new { n = 2 });
        var otherOld = await RetentionRuns.StoppedAsync(otherClient, other, otherProcess);
        clock.Advance(TimeSpan.FromDays(1));
        var young = await RetentionRuns.StoppedAsync(client, ws, process);
        clock.Advance(TimeSpan.FromDays(1.5));

        Assert.True(await RetentionRuns.GoneAsync(client, ws, old.RunId), "the expired run was not deleted");
        foreach (var path in new[] { $"step-runs/{old.StepRunId}", $"work-items/{old.ItemId}", $"step-runs/{old.StepRunId}/console-messages" })
        {
            using var response = await client.GetAsync($"/api/v1/workspaces/{ws}/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }

        Assert.True(await EventuallyAsync(() => !Directory.Exists(old.ArtifactFolder) && !Directory.Exists(old.ItemFileFolder)),
            "the expired run's artifact and item file are still in the blob store");
        Assert.Equal("stopped", await RetentionRuns.StateAsync(client, ws, young));
        Assert.NotEqual("stopped", await RetentionRuns.StateAsync(client, ws, unfinished));
        Assert.Equal("stopped", await RetentionRuns.StateAsync(otherClient, other, otherOld));
        var usage = await RetentionRuns.UsageAsync(client, ws);
        Assert.Equal(2, usage["process_runs"]!.GetValue<long>());
        Assert.Equal(0, usage["artifacts"]!["count"]!.GetValue<long>());
        Assert.Equal(0, usage["work_item_files"]!["bytes"]!.GetValue<long>());
    }

    [Fact]
    public async Task TwoNodes_OnlyTheLeaderSweeps_AndTwoSweepsAtOnceDeleteEachRunOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var a = await HangarTestServer.StartAsync(DatabaseProvider.Postgres, Quiet, clock);
        await using var b = await HangarTestServer.JoinAsync(a, Quiet, clock);
        using var admin = await a.LoginAsAdminAsync();
        var ws = a.DefaultWorkspaceId;
        using var client = await RetentionRuns.KeyClientAsync(a, admin, ws);
        await Api.PutAsync(client, $"/api/v1/workspaces/{ws}/settings", new { run_retention_days = 1 });
        var (_, worker) = await Workers.LinkAsync(b, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(a, admin, ws);
        var old = await RetentionRuns.CompletedWithFilesAsync(a, client, worker, ws, process);

        // Both nodes' housekeeping wakes up; the one that leads deletes the run, the other does nothing.
        clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await RetentionRuns.GoneAsync(client, ws, old.RunId), "the expired run was not deleted");
        Assert.True(await EventuallyAsync(() => !Directory.Exists(old.ArtifactFolder) && !Directory.Exists(old.ItemFileFolder)));
        var sweepers = new[] { a, b }.Where(n => n.Logs.Lines.Any(l => l.Contains("Retention deleted 1 expired runs", StringComparison.Ordinal))).ToList();
        Assert.Single(sweepers);

        // A leader handing over may sweep while the next one does: both delete in batches at once, and each run goes once.
        var runs = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            runs.Add(await RetentionRuns.StoppedAsync(client, ws, process));
        }

        runs.Add((await RetentionRuns.CompletedWithFilesAsync(b, client, worker, ws, process)).RunId);
        var cutoff = clock.GetUtcNow().AddSeconds(1);
        var deleted = await Task.WhenAll(new[] { a, b }.Select(node => Task.Run(async () =>
        {
            var total = 0;
            while (true)
            {
                await using var scope = node.App.Services.CreateAsyncScope();
                var n = await scope.ServiceProvider.GetRequiredService<IRetentionStore>().DeleteExpiredRunsAsync(ws, cutoff, 3, clock.GetUtcNow(), CancellationToken.None);
                if (n == 0)
                {
                    return total;
                }

                total += n;
            }
        })));
        Assert.Equal(runs.Count, deleted.Sum());
        foreach (var run in runs)
        {
            using var response = await client.GetAsync($"/api/v1/workspaces/{ws}/process-runs/{run}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Their blobs were queued once per file; both nodes emptying the queue at once delete each and leave nothing queued.
        await Task.WhenAll(new[] { a, b }.Select(node => Task.Run(async () =>
        {
            await using var scope = node.App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RetentionService>().SweepAsync(() => true, CancellationToken.None);
        })));
        await using var check = a.App.Services.CreateAsyncScope();
        Assert.Empty(await check.ServiceProvider.GetRequiredService<IRetentionStore>().ListBlobDeletionsAsync(10, CancellationToken.None));
        Assert.Empty(Directory.GetDirectories(Path.Combine(a.DataDirectory, "blobs", "ws", ws, "artifacts")));
    }

    /// <summary>
    /// Moving a fake clock by days fires every periodic timer once per period, and on SQLite (whose async calls complete
    /// synchronously) each lease watchdog sweep then runs inside the move: a longer interval keeps the moves quick.
    /// </summary>
    private static void Quiet(Hangar.Server.Hosting.HangarServerOptions options) => options.WatchdogIntervalSeconds = 300;

    /// <summary>Polls a real asynchronous effect (housekeeping runs in the background) for up to 30 s.</summary>
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}

using Hangar.Core.Domain;
using Hangar.Core.Retention;
using Hangar.Core.Runs;
using Hangar.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Retention in storage, on SQLite and PostgreSQL: which runs go, what goes with them, and their blobs.</summary>
public abstract class RetentionStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Sweep_DeletesAnExpiredRunWithEverythingOfIts_AndItsBlobs_AndKeepsTheOthers()
    {
        var ws = await WorkspaceAsync(retentionDays: 30);
        var other = await WorkspaceAsync(retentionDays: 365);
        var forever = await WorkspaceAsync(retentionDays: null);
        var old = await RunAsync(ws, ProcessRunState.Completed, ended: _now.AddDays(-31), files: true);
        var unresolved = await RunAsync(ws, ProcessRunState.Unresolved, ended: _now.AddDays(-40));
        var young = await RunAsync(ws, ProcessRunState.Stopped, ended: _now.AddDays(-29), files: true);
        var active = await RunAsync(ws, ProcessRunState.InProgress, ended: null, created: _now.AddDays(-400));
        var stopping = await RunAsync(ws, ProcessRunState.Stopping, ended: _now.AddDays(-100));
        var otherOld = await RunAsync(other, ProcessRunState.Completed, ended: _now.AddDays(-31), files: true);
        var keptForever = await RunAsync(forever, ProcessRunState.Completed, ended: _now.AddDays(-3000));

        var sweep = await SweepAsync();

        Assert.True(sweep.Runs >= 2);
        await using var scope = fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        var blobs = fixture.Services.GetRequiredService<IBlobStore>();
        foreach (var gone in new[] { old, unresolved })
        {
            Assert.False(await db.ProcessRuns.AnyAsync(r => r.Id == gone.RunId, _ct));
            Assert.False(await db.StepRuns.AnyAsync(s => s.Id == gone.StepRunId, _ct));
            Assert.False(await db.WorkItems.AnyAsync(w => w.ProcessRunId == gone.RunId, _ct));
            Assert.False(await db.ConsoleMessages.AnyAsync(m => m.StepRunId == gone.StepRunId, _ct));
            Assert.False(await db.StepRunEvents.AnyAsync(e => e.StepRunId == gone.StepRunId, _ct));
            Assert.False(await db.Artifacts.AnyAsync(a => a.StepRunId == gone.StepRunId, _ct));
        }

        Assert.False(await db.WorkItemFiles.AnyAsync(f => f.WorkItemId == old.ItemId, _ct));
        foreach (var key in old.BlobKeys)
        {
            Assert.False(await blobs.ExistsAsync(key, _ct), key);
        }

        Assert.False(await db.BlobDeletions.AnyAsync(d => old.BlobKeys.Contains(d.BlobKey), _ct));
        foreach (var kept in new[] { young, active, stopping, otherOld, keptForever })
        {
            Assert.True(await db.ProcessRuns.AnyAsync(r => r.Id == kept.RunId, _ct));
            Assert.Equal(2, await db.ConsoleMessages.CountAsync(m => m.StepRunId == kept.StepRunId, _ct));
            foreach (var key in kept.BlobKeys)
            {
                Assert.True(await blobs.ExistsAsync(key, _ct), key);
            }
        }
    }

    [Fact]
    public async Task Sweep_GoesThroughManyBatches_OldestEndFirst()
    {
        var ws = await WorkspaceAsync(retentionDays: 1);
        var count = RetentionLimits.RunsPerBatch * 2 + 7;
        await using (var scope = fixture.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            for (var i = 0; i < count; i++)
            {
                db.ProcessRuns.Add(Run(ws, ProcessRunState.Completed, _now.AddDays(-2).AddMinutes(-i), _now.AddDays(-3)));
            }

            await db.SaveChangesAsync(_ct);
        }

        await using (var scope = fixture.Scope())
        {
            // One batch of 5 takes the five that ended first.
            var store = scope.ServiceProvider.GetRequiredService<IRetentionStore>();
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            var oldest = await db.ProcessRuns.Where(r => r.WorkspaceId == ws.Id).OrderBy(r => r.EndedAt).Take(5).Select(r => r.Id).ToListAsync(_ct);
            Assert.Equal(5, await store.DeleteExpiredRunsAsync(ws.Id, _now.AddDays(-1), 5, _now, _ct));
            Assert.False(await db.ProcessRuns.AnyAsync(r => oldest.Contains(r.Id), _ct));
        }

        await SweepAsync();
        await using var read = fixture.Scope();
        Assert.Equal(0, await read.ServiceProvider.GetRequiredService<HangarDbContext>().ProcessRuns.CountAsync(r => r.WorkspaceId == ws.Id, _ct));
    }

    [Fact]
    public async Task TwoBatchesAtOnce_DeleteEachRunOnce()
    {
        var ws = await WorkspaceAsync(retentionDays: 1);
        var runs = new List<Seeded>();
        for (var i = 0; i < 20; i++)
        {
            runs.Add(await RunAsync(ws, ProcessRunState.Completed, _now.AddDays(-2), files: i % 4 == 0));
        }

        var deleted = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var total = 0;
            int n;
            do
            {
                await using var scope = fixture.Scope();
                n = await scope.ServiceProvider.GetRequiredService<IRetentionStore>().DeleteExpiredRunsAsync(ws.Id, _now.AddDays(-1), 3, _now, _ct);
                total += n;
            }
            while (n > 0);

            return total;
        })));

        Assert.Equal(runs.Count, deleted.Sum());
        await using var read = fixture.Scope();
        var db = read.ServiceProvider.GetRequiredService<HangarDbContext>();
        var keys = runs.SelectMany(r => r.BlobKeys).ToList();
        // Each blob queued exactly once, for the sweep to delete.
        Assert.Equal(keys.Order(StringComparer.Ordinal), (await db.BlobDeletions.Where(d => keys.Contains(d.BlobKey)).Select(d => d.BlobKey).ToListAsync(_ct))
            .Order(StringComparer.Ordinal));
        await SweepAsync();
        Assert.False(await db.BlobDeletions.AnyAsync(d => keys.Contains(d.BlobKey), _ct));
    }

    [Fact]
    public async Task ABlobLeftQueuedByACrash_IsDeletedByTheNextSweep()
    {
        var blobs = fixture.Services.GetRequiredService<IBlobStore>();
        var key = $"ws/{Ids.New()}/artifacts/{Ids.New()}/{Ids.New()}";
        await blobs.PutAsync(key, new MemoryStream([1, 2, 3]), _ct);
        await using (var scope = fixture.Scope())
        {
            // The rows' transaction committed with the key queued; the server stopped before the blob was deleted.
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            db.BlobDeletions.Add(new BlobDeletion { Id = Ids.New(), BlobKey = key, QueuedAt = _now.AddHours(-1) });
            await db.SaveChangesAsync(_ct);
        }

        var sweep = await SweepAsync();
        Assert.True(sweep.Blobs >= 1);
        Assert.False(await blobs.ExistsAsync(key, _ct));
        await using var read = fixture.Scope();
        Assert.False(await read.ServiceProvider.GetRequiredService<HangarDbContext>().BlobDeletions.AnyAsync(d => d.BlobKey == key, _ct));
    }

    [Fact]
    public async Task DeletingARunByHand_QueuesItsBlobs()
    {
        var ws = await WorkspaceAsync(retentionDays: null);
        var run = await RunAsync(ws, ProcessRunState.Completed, _now, files: true);
        await using (var scope = fixture.Scope())
        {
            var runs = scope.ServiceProvider.GetRequiredService<Core.Stores.IRunStore>();
            await runs.DeleteRunAsync((await runs.FindRunAsync(ws.Id, run.RunId, _ct))!, _now, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            Assert.False(await db.StepRuns.AnyAsync(s => s.Id == run.StepRunId, _ct));
            Assert.Equal(run.BlobKeys.Count, await db.BlobDeletions.CountAsync(d => run.BlobKeys.Contains(d.BlobKey), _ct));
        }

        await SweepAsync();
        foreach (var key in run.BlobKeys)
        {
            Assert.False(await fixture.Services.GetRequiredService<IBlobStore>().ExistsAsync(key, _ct));
        }
    }

    [Fact]
    public async Task Usage_CountsTheWorkspacesRowsAndFileBytesOnly()
    {
        var ws = await WorkspaceAsync(retentionDays: null);
        var other = await WorkspaceAsync(retentionDays: null);
        await RunAsync(ws, ProcessRunState.Completed, _now, files: true);
        await RunAsync(ws, ProcessRunState.InProgress, null);
        await RunAsync(other, ProcessRunState.Completed, _now, files: true);
        await using var scope = fixture.Scope();
        var usage = await scope.ServiceProvider.GetRequiredService<IRetentionStore>().MeasureAsync(ws.Id, _ct);
        Assert.Equal(2, usage.ProcessRuns);
        Assert.Equal(2, usage.StepRuns);
        Assert.Equal(2, usage.WorkItems);
        Assert.Equal(new StoredFiles(1, 3), usage.Artifacts);
        Assert.Equal(new StoredFiles(1, 4), usage.WorkItemFiles);
        Assert.Equal(7, usage.BlobBytes);
    }

    private async Task<RetentionSweep> SweepAsync()
    {
        await using var scope = fixture.Scope();
        return await scope.ServiceProvider.GetRequiredService<RetentionService>().SweepAsync(() => true, _ct);
    }

    /// <summary>A workspace keeping runs <paramref name="retentionDays"/> days (null: forever), with a process.</summary>
    private async Task<Space> WorkspaceAsync(int? retentionDays)
    {
        var (_, _, workspace) = await Seed.TenantAsync(fixture);
        await using var scope = fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        await db.Workspaces.Where(w => w.Id == workspace.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.RunRetentionDays, retentionDays), _ct);
        var process = new Process { Id = Ids.New(), WorkspaceId = workspace.Id, Name = "p", CreatedAt = _now, UpdatedAt = _now };
        db.Processes.Add(process);
        await db.SaveChangesAsync(_ct);
        return new Space(workspace.Id, process.Id);
    }

    private static ProcessRun Run(Space ws, ProcessRunState state, DateTimeOffset? ended, DateTimeOffset created) => new()
    {
        Id = Ids.New(), WorkspaceId = ws.Id, ProcessId = ws.ProcessId, State = state, CreatedAt = created, StateUpdatedAt = ended ?? created,
        StartedAt = created, EndedAt = ended, StartedByType = "api",
    };

    /// <summary>A run with a step run, an input item, two console lines, an event, and with <paramref name="files"/> an artifact and an item file (blobs too).</summary>
    private async Task<Seeded> RunAsync(Space ws, ProcessRunState state, DateTimeOffset? ended, bool files = false, DateTimeOffset? created = null)
    {
        var at = created ?? ended?.AddHours(-1) ?? _now;
        var run = Run(ws, state, ended, at);
        var stepRun = new StepRun
        {
            Id = Ids.New(), WorkspaceId = ws.Id, ProcessId = run.ProcessId, ProcessRunId = run.Id, StepId = Ids.New(), Number = 1,
            TaskPackageVersionId = Ids.New(), State = ended is null ? StepRunState.AwaitingWorker : StepRunState.Completed, CreatedAt = at,
            StateUpdatedAt = at,
        };
        var item = new WorkItem
        {
            Id = Ids.New(), WorkspaceId = ws.Id, ProcessId = run.ProcessId, ProcessRunId = run.Id, State = WorkItemState.Done, CreatedAt = at,
            StateUpdatedAt = at, Payload = "{}",
        };
        var keys = new List<string>();
        await using var scope = fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        db.ProcessRuns.Add(run);
        db.StepRuns.Add(stepRun);
        db.WorkItems.Add(item);
        db.StepRunEvents.Add(new StepRunEvent { Id = Ids.New(), WorkspaceId = ws.Id, StepRunId = stepRun.Id, Timestamp = at, EventType = "queued" });
        for (var i = 0; i < 2; i++)
        {
            db.ConsoleMessages.Add(new ConsoleMessage { StepRunId = stepRun.Id, Sequence = i, WorkspaceId = ws.Id, Timestamp = at, Stream = "stdout", Message = $"line {i}" });
        }

        if (files)
        {
            var blobs = fixture.Services.GetRequiredService<IBlobStore>();
            var artifactKey = $"ws/{ws.Id}/artifacts/{stepRun.Id}/{Ids.New()}";
            var fileKey = $"ws/{ws.Id}/work-items/{item.Id}/{Ids.New()}";
            await blobs.PutAsync(artifactKey, new MemoryStream([1, 2, 3]), _ct);
            await blobs.PutAsync(fileKey, new MemoryStream([1, 2, 3, 4]), _ct);
            db.Artifacts.Add(new Artifact { Id = Ids.New(), WorkspaceId = ws.Id, StepRunId = stepRun.Id, Name = "log.html", Size = 3, Sha256 = "x", BlobKey = artifactKey, CreatedAt = at });
            db.WorkItemFiles.Add(new WorkItemFile { Id = Ids.New(), WorkspaceId = ws.Id, WorkItemId = item.Id, Name = "in.txt", Size = 4, Sha256 = "y", BlobKey = fileKey, CreatedAt = at });
            keys.AddRange([artifactKey, fileKey]);
        }

        await db.SaveChangesAsync(_ct);
        return new Seeded(run.Id, stepRun.Id, item.Id, keys);
    }

    private sealed record Space(string Id, string ProcessId);

    private sealed record Seeded(string RunId, string StepRunId, string ItemId, IReadOnlyList<string> BlobKeys);
}

public sealed class RetentionStoreTests_Sqlite(SqliteStorageFixture fixture) : RetentionStoreTests<SqliteStorageFixture>(fixture);

public sealed class RetentionStoreTests_Postgres(PostgresStorageFixture fixture) : RetentionStoreTests<PostgresStorageFixture>(fixture);

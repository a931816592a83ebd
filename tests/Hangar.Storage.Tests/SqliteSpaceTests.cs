using Hangar.Core.Domain;
using Hangar.Core.Retention;
using Hangar.Core.Runs;
using Hangar.Storage.Database;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>SQLite gives the space of deleted runs back to the file system: incremental vacuum, switched on and used.</summary>
public sealed class SqliteSpaceTests : IAsyncLifetime
{
    private readonly SqliteStorageFixture _fixture = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task EnableIncrementalVacuum_SwitchesADatabase_OnlyBelowTheSizeLimit_AndOnlyOnce()
    {
        await using var scope = _fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        Assert.Equal(0, await PragmaAsync("auto_vacuum"));

        var (tooLarge, bytes) = await SqliteSpace.EnableIncrementalVacuumAsync(db, _fixture.Settings, 1024, _ct);
        Assert.Equal(IncrementalVacuumState.TooLarge, tooLarge);
        Assert.True(bytes > 1024);
        Assert.Equal(0, await PragmaAsync("auto_vacuum"));

        Assert.Equal(IncrementalVacuumState.Switched, (await SqliteSpace.EnableIncrementalVacuumAsync(db, _fixture.Settings, long.MaxValue, _ct)).State);
        Assert.Equal(2, await PragmaAsync("auto_vacuum"));
        Assert.Equal("wal", await TextPragmaAsync("journal_mode"));
        Assert.Equal(IncrementalVacuumState.AlreadyOn, (await SqliteSpace.EnableIncrementalVacuumAsync(db, _fixture.Settings, 0, _ct)).State);
    }

    [Fact]
    public async Task DeletedRuns_LeaveFreePages_WhichReclaimGivesBackToTheFileSystem()
    {
        await using (var scope = _fixture.Scope())
        {
            await SqliteSpace.EnableIncrementalVacuumAsync(scope.ServiceProvider.GetRequiredService<HangarDbContext>(), _fixture.Settings, long.MaxValue, _ct);
        }

        var (_, _, workspace) = await Seed.TenantAsync(_fixture);
        var now = DateTimeOffset.UtcNow;
        await using (var scope = _fixture.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            var process = new Process { Id = Ids.New(), WorkspaceId = workspace.Id, Name = "p", CreatedAt = now, UpdatedAt = now };
            db.Processes.Add(process);
            var line = new string('x', 2000);
            for (var i = 0; i < 300; i++)
            {
                var run = new ProcessRun
                {
                    Id = Ids.New(), WorkspaceId = workspace.Id, ProcessId = process.Id, State = ProcessRunState.Completed, CreatedAt = now.AddDays(-10),
                    StateUpdatedAt = now.AddDays(-10), EndedAt = now.AddDays(-10), StartedByType = "api",
                };
                var stepRun = new StepRun
                {
                    Id = Ids.New(), WorkspaceId = workspace.Id, ProcessId = process.Id, ProcessRunId = run.Id, StepId = "s", Number = 1,
                    TaskPackageVersionId = "v", State = StepRunState.Completed, CreatedAt = run.CreatedAt, StateUpdatedAt = run.CreatedAt,
                };
                db.ProcessRuns.Add(run);
                db.StepRuns.Add(stepRun);
                for (var n = 0; n < 5; n++)
                {
                    db.ConsoleMessages.Add(new ConsoleMessage
                    {
                        StepRunId = stepRun.Id, Sequence = n, WorkspaceId = workspace.Id, Timestamp = now, Stream = "stdout", Message = line,
                    });
                }
            }

            await db.SaveChangesAsync(_ct);
        }

        var pagesBefore = await PragmaAsync("page_count");
        await CheckpointAsync();
        var fileBefore = new FileInfo(DatabaseFile).Length;
        await using (var scope = _fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IRetentionStore>();
            while (await store.DeleteExpiredRunsAsync(workspace.Id, now.AddDays(-1), RetentionLimits.RunsPerBatch, now, _ct) > 0)
            {
            }
        }

        // The rows are gone, their pages are free but still part of the file...
        var free = await PragmaAsync("freelist_count");
        Assert.True(free > 300, $"only {free} free pages after deleting 3 MB of console lines");
        Assert.Equal(pagesBefore, await PragmaAsync("page_count"));

        // ... until reclaimed, a bounded step at a time.
        long reclaimed = 0;
        await using (var scope = _fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IRetentionStore>();
            long step;
            while ((step = await store.ReclaimSpaceAsync(100, _ct)) > 0)
            {
                Assert.True(step <= 100);
                reclaimed += step;
            }
        }

        Assert.Equal(free, reclaimed);
        Assert.Equal(0, await PragmaAsync("freelist_count"));
        Assert.True(await PragmaAsync("page_count") <= pagesBefore - free);
        await CheckpointAsync();
        Assert.True(new FileInfo(DatabaseFile).Length < fileBefore - free * 4096 / 2, "the database file did not shrink");
    }

    private string DatabaseFile => new SqliteConnectionStringBuilder(_fixture.Settings.ConnectionString).DataSource;

    private async Task<long> PragmaAsync(string name)
    {
        await using var connection = new SqliteConnection(_fixture.Settings.ConnectionString);
        await connection.OpenAsync(_ct);
        return await SqliteSpace.PragmaAsync(connection, name, _ct);
    }

    private async Task<string?> TextPragmaAsync(string name)
    {
        await using var connection = new SqliteConnection(_fixture.Settings.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (string?)await command.ExecuteScalarAsync(_ct);
    }

    private async Task CheckpointAsync()
    {
        await using var connection = new SqliteConnection(_fixture.Settings.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await command.ExecuteNonQueryAsync(_ct);
    }
}

using Hangar.TestSupport;
using Microsoft.Data.Sqlite;

namespace Hangar.EndToEnd.Tests;

/// <summary><c>hangar admin rebuild-stats</c> as an operator runs it: the real program on a real data directory.</summary>
public sealed class RebuildStatsTests : IDisposable
{
    private readonly string _dataDir = TempDirectory.Create("hangar-e2e-stats");

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    [Fact]
    public async Task RebuildStats_ReplacesWrongNumbersWithARecount_AndRefusesAnUnknownWorkspace()
    {
        Assert.Equal(0, (await HangarProcess.RunAsync(["admin", "migrate", "--data-dir", _dataDir])).ExitCode);
        var database = Path.Combine(_dataDir, "hangar.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False;Foreign Keys=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // Numbers no run stands behind, as a damaged database might hold.
            command.CommandText = "INSERT INTO run_stats (workspace_id, process_id, bucket_start, completed, unresolved, stopped, failed_to_start, "
                                  + "items_total, items_failed_business, items_failed_application) VALUES ('w', 'p', 0, 5, 0, 0, 0, 0, 0, 0)";
            await command.ExecuteNonQueryAsync();
        }

        var (code, output) = await HangarProcess.RunAsync(["admin", "rebuild-stats", "--data-dir", _dataDir]);
        Assert.Equal(0, code);
        Assert.Contains("Run statistics rebuilt from 0 ended runs in every workspace.", output, StringComparison.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM run_stats";
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }

        var unknown = await HangarProcess.RunAsync(["admin", "rebuild-stats", "--workspace", "Nope", "--data-dir", _dataDir]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("there is no workspace 'Nope'", unknown.Output, StringComparison.Ordinal);
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Hangar.Bench;

/// <summary>
/// Finished runs written straight into a stopped server's SQLite file (and their blobs into its blob folder), shaped
/// as the server writes them: each run with one step run, two events, an input and an output item, console lines, and
/// some with an artifact or an item file. Writing them through the API would take far longer than the measurement.
/// </summary>
internal static class RetentionSeed
{
    public const int ConsoleLinesPerRun = 10;
    public const int ArtifactEvery = 10;
    public const int ItemFileEvery = 20;
    public const int ArtifactBytes = 1024;
    public const int ItemFileBytes = 512;

    /// <summary>What was written: rows per kind, and blob files.</summary>
    public sealed record Seeded(int Runs, long Rows, int Blobs);

    /// <summary>
    /// Writes <paramref name="count"/> runs that ended around <paramref name="endedAround"/> (one millisecond apart), in
    /// one transaction; blobs go under <paramref name="blobRoot"/> with the keys the server would give them.
    /// </summary>
    public static Seeded Write(string databasePath, string blobRoot, RunsBenchmark.Setup setup, int count, DateTimeOffset endedAround, bool files,
        long firstNumber)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var run = Command(connection, transaction, """
            INSERT INTO process_runs (id, workspace_id, process_id, number, state, created_at, state_updated_at, started_at, ended_at,
                current_step, started_by_type, started_by_id, started_by_name, stop_terminates_ongoing, stop_sets_remaining_done)
            VALUES ($id, $ws, $process, $number, $state, $created, $ended, $created, $ended, 0, 'api', 'bench', 'bench', 0, 0)
            """, "$id", "$ws", "$process", "$number", "$state", "$created", "$ended");
        var stepRun = Command(connection, transaction, """
            INSERT INTO step_runs (id, workspace_id, process_id, process_run_id, step_id, step_position, number, task_package_version_id,
                state, created_at, state_updated_at, started_at, ended_at, attempt)
            VALUES ($id, $ws, $process, $run, 'seeded-step', 0, 1, 'seeded-version', 'Completed', $created, $ended, $created, $ended, 1)
            """, "$id", "$ws", "$process", "$run", "$created", "$ended");
        var stepEvent = Command(connection, transaction,
            "INSERT INTO step_run_events (id, workspace_id, step_run_id, timestamp, event_type) VALUES ($id, $ws, $step_run, $at, $type)",
            "$id", "$ws", "$step_run", "$at", "$type");
        var item = Command(connection, transaction, """
            INSERT INTO work_items (id, workspace_id, process_id, process_run_id, step_id, step_run_id, parent_id, state, created_at, state_updated_at, payload)
            VALUES ($id, $ws, $process, $run, $step, $step_run, $parent, 'Done', $created, $ended, $payload)
            """, "$id", "$ws", "$process", "$run", "$step", "$step_run", "$parent", "$created", "$ended", "$payload");
        var line = Command(connection, transaction,
            "INSERT INTO console_messages (step_run_id, sequence, workspace_id, timestamp, stream, message) VALUES ($step_run, $sequence, $ws, $at, 'stdout', $message)",
            "$step_run", "$sequence", "$ws", "$at", "$message");
        var artifact = Command(connection, transaction, """
            INSERT INTO artifacts (id, workspace_id, step_run_id, name, size, sha256, blob_key, created_at)
            VALUES ($id, $ws, $step_run, 'output/report.html', $size, 'seeded', $key, $at)
            """, "$id", "$ws", "$step_run", "$size", "$key", "$at");
        var file = Command(connection, transaction, """
            INSERT INTO work_item_files (id, workspace_id, work_item_id, name, size, sha256, blob_key, created_at)
            VALUES ($id, $ws, $item, 'input.csv', $size, 'seeded', $key, $at)
            """, "$id", "$ws", "$item", "$size", "$key", "$at");
        foreach (var command in new[] { run, stepRun, stepEvent, item, line, artifact, file })
        {
            command.Parameters["$ws"].Value = setup.WorkspaceId;
        }

        run.Parameters["$process"].Value = stepRun.Parameters["$process"].Value = item.Parameters["$process"].Value = setup.ProcessId;
        var artifactBody = new byte[ArtifactBytes];
        var fileBody = new byte[ItemFileBytes];
        long rows = 0;
        var blobs = 0;
        for (var i = 0; i < count; i++)
        {
            var ended = endedAround.AddMilliseconds(i);
            var created = ended.AddMinutes(-1);
            var runId = RunsBenchmark.UuidV7(created, i);
            var stepRunId = RunsBenchmark.UuidV7(created, i + 1);
            var inputId = RunsBenchmark.UuidV7(created, i + 2);
            Set(run, ("$id", runId), ("$number", firstNumber + i), ("$state", i % 25 == 0 ? "Stopped" : i % 10 == 0 ? "Unresolved" : "Completed"),
                ("$created", created.UtcTicks), ("$ended", ended.UtcTicks));
            Set(stepRun, ("$id", stepRunId), ("$run", runId), ("$created", created.UtcTicks), ("$ended", ended.UtcTicks));
            rows += 2;
            foreach (var (type, at) in new[] { ("queued", created), ("completed", ended) })
            {
                Set(stepEvent, ("$id", RunsBenchmark.UuidV7(at, i)), ("$step_run", stepRunId), ("$at", at.UtcTicks), ("$type", type));
                rows++;
            }

            // The run's input item, and the output its step created from it.
            Set(item, ("$id", inputId), ("$run", runId), ("$step", "seeded-step"), ("$step_run", stepRunId), ("$parent", DBNull.Value),
                ("$created", created.UtcTicks), ("$ended", ended.UtcTicks), ("$payload", $"{{\"invoice\":{i},\"customer\":\"c-{i % 977}\"}}"));
            Set(item, ("$id", RunsBenchmark.UuidV7(ended, i)), ("$step", DBNull.Value), ("$parent", inputId), ("$payload", $"{{\"invoice\":{i},\"paid\":true}}"));
            rows += 2;
            for (var n = 0; n < ConsoleLinesPerRun; n++)
            {
                Set(line, ("$step_run", stepRunId), ("$sequence", n), ("$at", created.AddSeconds(n).UtcTicks),
                    ("$message", $"[{n:00}] processing invoice {i}: fetched the customer record and booked the payment"));
                rows++;
            }

            if (files && i % ArtifactEvery == 0)
            {
                var id = RunsBenchmark.UuidV7(ended, i + 3);
                var key = $"ws/{setup.WorkspaceId}/artifacts/{stepRunId}/{id}";
                WriteBlob(blobRoot, key, artifactBody);
                Set(artifact, ("$id", id), ("$step_run", stepRunId), ("$size", (long)ArtifactBytes), ("$key", key), ("$at", ended.UtcTicks));
                rows++;
                blobs++;
            }

            if (files && i % ItemFileEvery == 0)
            {
                var id = RunsBenchmark.UuidV7(ended, i + 4);
                var key = $"ws/{setup.WorkspaceId}/work-items/{inputId}/{id}";
                WriteBlob(blobRoot, key, fileBody);
                Set(file, ("$id", id), ("$item", inputId), ("$size", (long)ItemFileBytes), ("$key", key), ("$at", created.UtcTicks));
                rows++;
                blobs++;
            }
        }

        using (var counter = connection.CreateCommand())
        {
            counter.Transaction = transaction;
            counter.CommandText = "UPDATE processes SET run_count = $n WHERE id = $p";
            counter.Parameters.AddWithValue("$n", firstNumber + count - 1);
            counter.Parameters.AddWithValue("$p", setup.ProcessId);
            counter.ExecuteNonQuery();
        }

        transaction.Commit();
        foreach (var command in new[] { run, stepRun, stepEvent, item, line, artifact, file })
        {
            command.Dispose();
        }

        return new Seeded(count, rows, blobs);
    }

    /// <summary>Blob files under the folder, as the file system blob store keeps them.</summary>
    public static int CountBlobs(string blobRoot, string workspaceId)
    {
        var folder = Path.Combine(blobRoot, "ws", workspaceId);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count(f => !f.Contains("/packages/", StringComparison.Ordinal))
            : 0;
    }

    public static void WriteBlob(string blobRoot, string key, byte[] body)
    {
        var path = Path.Combine(blobRoot, key.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, body);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    /// <summary>Sets the given parameters (the others keep their values) and runs the statement.</summary>
    private static void Set(SqliteCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            command.Parameters[name].Value = value;
        }

        command.ExecuteNonQuery();
    }

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

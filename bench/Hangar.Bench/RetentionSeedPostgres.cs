using Npgsql;

namespace Hangar.Bench;

/// <summary>
/// The runs of <see cref="RetentionSeed"/>, shaped the same, written into a stopped server's PostgreSQL database with
/// one <c>INSERT … SELECT … generate_series</c> per table (row by row over the network would take far longer than the
/// measurement). Ids are md5-derived UUIDs, distinct per <c>tag</c>; blobs go to disk under the keys the rows name.
/// </summary>
internal static class RetentionSeedPostgres
{
    public static RetentionSeed.Seeded Write(string connectionString, string blobRoot, RunsBenchmark.Setup setup, int count, DateTimeOffset endedAround,
        bool files, long firstNumber, string tag)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        // One row of "s" per run: its index, end, start and the ids of its step run and input item.
        var runs = $"""
            WITH s AS (
              SELECT i, @end + i * interval '1 millisecond' AS ended, @end + i * interval '1 millisecond' - interval '1 minute' AS created,
                     md5(@tag || 'r' || i)::uuid::text AS run, md5(@tag || 's' || i)::uuid::text AS step_run, md5(@tag || 'i' || i)::uuid::text AS input
              FROM generate_series(0, @n - 1) AS i)
            """;
        long rows = 0;
        rows += Execute(connection, transaction, runs + """
            INSERT INTO process_runs (id, workspace_id, process_id, number, state, created_at, state_updated_at, started_at, ended_at,
                current_step, started_by_type, started_by_id, started_by_name, stop_terminates_ongoing, stop_sets_remaining_done)
            SELECT run, @ws, @process, @first + i, CASE WHEN i % 25 = 0 THEN 'Stopped' WHEN i % 10 = 0 THEN 'Unresolved' ELSE 'Completed' END,
                created, ended, created, ended, 0, 'api', 'bench', 'bench', false, false FROM s
            """, setup, count, endedAround, firstNumber, tag);
        rows += Execute(connection, transaction, runs + """
            INSERT INTO step_runs (id, workspace_id, process_id, process_run_id, step_id, step_position, number, task_package_version_id,
                state, created_at, state_updated_at, started_at, ended_at, attempt)
            SELECT step_run, @ws, @process, run, 'seeded-step', 0, 1, 'seeded-version', 'Completed', created, ended, created, ended, 1 FROM s
            """, setup, count, endedAround, firstNumber, tag);
        rows += Execute(connection, transaction, runs + """
            INSERT INTO step_run_events (id, workspace_id, step_run_id, timestamp, event_type)
            SELECT md5(@tag || 'q' || i)::uuid::text, @ws, step_run, created, 'queued' FROM s
            UNION ALL SELECT md5(@tag || 'c' || i)::uuid::text, @ws, step_run, ended, 'completed' FROM s
            """, setup, count, endedAround, firstNumber, tag);
        rows += Execute(connection, transaction, runs + """
            INSERT INTO work_items (id, workspace_id, process_id, process_run_id, step_id, step_run_id, parent_id, state, created_at, state_updated_at, payload)
            SELECT input, @ws, @process, run, 'seeded-step', step_run, NULL, 'Done', created, ended,
                '{"invoice":' || i || ',"customer":"c-' || (i % 977) || '"}' FROM s
            UNION ALL SELECT md5(@tag || 'o' || i)::uuid::text, @ws, @process, run, NULL, step_run, input, 'Done', created, ended,
                '{"invoice":' || i || ',"paid":true}' FROM s
            """, setup, count, endedAround, firstNumber, tag);
        rows += Execute(connection, transaction, runs + $"""
            INSERT INTO console_messages (step_run_id, sequence, workspace_id, timestamp, stream, message)
            SELECT step_run, n, @ws, created + n * interval '1 second', 'stdout',
                '[' || lpad(n::text, 2, '0') || '] processing invoice ' || i || ': fetched the customer record and booked the payment'
            FROM s CROSS JOIN generate_series(0, {RetentionSeed.ConsoleLinesPerRun - 1}) AS n
            """, setup, count, endedAround, firstNumber, tag);
        var blobs = 0;
        if (files)
        {
            rows += Execute(connection, transaction, runs + $"""
                INSERT INTO artifacts (id, workspace_id, step_run_id, name, size, sha256, blob_key, created_at)
                SELECT a, @ws, step_run, 'output/report.html', {RetentionSeed.ArtifactBytes}, 'seeded', 'ws/' || @ws || '/artifacts/' || step_run || '/' || a, ended
                FROM (SELECT s.*, md5(@tag || 'a' || i)::uuid::text AS a FROM s WHERE i % {RetentionSeed.ArtifactEvery} = 0) AS t
                """, setup, count, endedAround, firstNumber, tag);
            rows += Execute(connection, transaction, runs + $"""
                INSERT INTO work_item_files (id, workspace_id, work_item_id, name, size, sha256, blob_key, created_at)
                SELECT f, @ws, input, 'input.csv', {RetentionSeed.ItemFileBytes}, 'seeded', 'ws/' || @ws || '/work-items/' || input || '/' || f, created
                FROM (SELECT s.*, md5(@tag || 'f' || i)::uuid::text AS f FROM s WHERE i % {RetentionSeed.ItemFileEvery} = 0) AS t
                """, setup, count, endedAround, firstNumber, tag);
            blobs = WriteBlobs(connection, transaction, blobRoot, setup.WorkspaceId);
        }

        using (var counter = new NpgsqlCommand("UPDATE processes SET run_count = @n WHERE id = @p", connection, transaction))
        {
            counter.Parameters.AddWithValue("n", firstNumber + count - 1);
            counter.Parameters.AddWithValue("p", setup.ProcessId);
            counter.ExecuteNonQuery();
        }

        transaction.Commit();
        return new RetentionSeed.Seeded(count, rows, blobs);
    }

    private static int WriteBlobs(NpgsqlConnection connection, NpgsqlTransaction transaction, string blobRoot, string workspaceId)
    {
        using var command = new NpgsqlCommand("""
            SELECT blob_key, size FROM artifacts WHERE workspace_id = @ws UNION ALL SELECT blob_key, size FROM work_item_files WHERE workspace_id = @ws
            """, connection, transaction);
        command.Parameters.AddWithValue("ws", workspaceId);
        using var reader = command.ExecuteReader();
        var blobs = 0;
        while (reader.Read())
        {
            RetentionSeed.WriteBlob(blobRoot, reader.GetString(0), new byte[reader.GetInt64(1)]);
            blobs++;
        }

        return blobs;
    }

    private static long Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, RunsBenchmark.Setup setup, int count,
        DateTimeOffset end, long first, string tag)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("ws", setup.WorkspaceId);
        command.Parameters.AddWithValue("process", setup.ProcessId);
        command.Parameters.AddWithValue("n", count);
        command.Parameters.AddWithValue("end", end.ToUniversalTime());
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("tag", tag);
        return command.ExecuteNonQuery();
    }
}

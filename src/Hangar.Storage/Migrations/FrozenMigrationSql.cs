#nullable enable

namespace Hangar.Storage.Migrations;

/// <summary>
/// The SQL a released migration runs, from the <c>.sql</c> file beside it (embedded in this assembly). Migrations that
/// need SQL written by code (such as <see cref="Database.StatsSql"/>) freeze its output there, so that changing that
/// code later changes only what new migrations and commands do, never what an old migration does to a database.
/// </summary>
internal static class FrozenMigrationSql
{
    /// <summary>The statements after the <c>-- up</c> lines of <c>{migration}.sql</c>, in order.</summary>
    public static IReadOnlyList<string> Up(string migration) => Read(migration, "-- up");

    /// <summary>The statements after the <c>-- down</c> lines of <c>{migration}.sql</c>, in order.</summary>
    public static IReadOnlyList<string> Down(string migration) => Read(migration, "-- down");

    private static List<string> Read(string migration, string marker)
    {
        var resource = $"Hangar.Storage.Migrations.{migration}.sql";
        using var stream = typeof(FrozenMigrationSql).Assembly.GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"The migration SQL {resource} is not embedded in Hangar.Storage.");
        using var reader = new StreamReader(stream);
        var statements = new List<string>();
        List<string>? current = null;
        while (reader.ReadLine() is { } line)
        {
            if (line is "-- up" or "-- down")
            {
                Flush();
                current = line == marker ? [] : null;
            }
            else
            {
                current?.Add(line);
            }
        }

        Flush();
        return statements;

        void Flush()
        {
            if (current is { Count: > 0 })
            {
                statements.Add(string.Join('\n', current));
            }
        }
    }
}

using System.Data.Common;

namespace Hangar.Storage.Database;

/// <summary>
/// Parameters for the statements Hangar writes as plain SQL (claims, run starts, reserve and release, retention,
/// statistics), with values as EF Core stores them: times as UTC ticks on SQLite and UTC timestamps on PostgreSQL.
/// </summary>
internal static class SqlParameters
{
    /// <summary>Adds a named parameter; null becomes SQL NULL.</summary>
    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A time as the provider's column holds it.</summary>
    public static object Time(DatabaseProvider provider, DateTimeOffset at) =>
        provider == DatabaseProvider.Postgres ? at.ToUniversalTime() : at.UtcTicks;
}

namespace Hangar.Storage.Database;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

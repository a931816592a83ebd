namespace Hangar.Storage.Database;

/// <summary>The database cannot be used: unreachable, refused, or its schema is newer than this binary.</summary>
public sealed class DatabaseStartupException : Exception
{
    public DatabaseStartupException(string message)
        : base(message)
    {
    }

    public DatabaseStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DatabaseStartupException()
    {
    }
}

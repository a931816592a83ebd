namespace Hangar.Server.Hosting;

/// <summary>What the server logs about its own start.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{What}")]
    public static partial void DataDirectoryTightened(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The SQLite database now gives the space of deleted runs back to the file system (auto_vacuum=INCREMENTAL; a one-time VACUUM rewrote its {MiB} MiB)")]
    public static partial void IncrementalVacuumSwitched(ILogger logger, long miB);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The SQLite database ({MiB} MiB) keeps the space of deleted runs for reuse but cannot give it back to the file system: "
                  + "stop the server once and run '{CompactCommand}' (a one-time VACUUM that needs as much free disk space as the database)")]
    public static partial void IncrementalVacuumTooLarge(ILogger logger, long miB, string compactCommand);
}

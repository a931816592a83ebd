namespace Hangar.Server.Hosting;

/// <summary>What the server logs about its own start.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{What}")]
    public static partial void DataDirectoryTightened(ILogger logger, string what);
}

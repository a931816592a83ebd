namespace Hangar.Server.Endpoints;

/// <summary>Log messages of the worker protocol.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Step run {StepRunId} failed on its worker ({ErrorCode}): {ErrorMessage}")]
    public static partial void StepRunError(ILogger logger, string stepRunId, string? errorCode, string errorMessage);
}

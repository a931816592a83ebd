namespace Hangar.Core.Runs;

/// <summary>Bounds on what workers send.</summary>
public static class WorkerLimits
{
    public const int MaxWaitSeconds = 30;
    public const int MaxConsoleMessagesPerBatch = 1000;

    /// <summary>Longest console line kept (characters); longer ones are cut.</summary>
    public const int MaxConsoleMessageLength = 65_536;

    /// <summary>The console route's body limit: a full batch of the longest lines, JSON-escaped.</summary>
    public const long MaxConsoleRequestBytes = 160L * 1024 * 1024;

    public const long MaxArtifactBytes = 512L * 1024 * 1024;
    public const int MaxArtifactNameLength = 1024;
}

namespace Hangar.Core.Runs;

/// <summary>Bounds on what processes and runs accept.</summary>
public static class RunLimits
{
    public const int MaxSteps = 50;
    public const int DefaultTimeoutSeconds = 3600;
    public const int MaxTimeoutSeconds = 7 * 24 * 3600;
    public const int MaxParallelLimit = 100;
    public const int MaxRetriesOnWorkerLoss = 10;

    /// <summary>Largest payload of one work item, as JSON text (bytes of UTF-8).</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    /// <summary>
    /// Deepest nesting of a payload. Answers wrap payloads a few levels deep (a page, an item), and JSON is written
    /// at most 64 levels deep, so a payload must leave room for them to be read back.
    /// </summary>
    public const int MaxPayloadDepth = 32;

    /// <summary>Most payloads (so items, or runs for a batch) one trigger may carry.</summary>
    public const int MaxPayloadsPerTrigger = 1000;

    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);
}

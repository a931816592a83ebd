namespace Hangar.Contracts.V1.Stats;

/// <summary>
/// A run that ended <c>unresolved</c>, <c>stopped</c> or <c>failed_to_start</c>, with the error code of its last failed
/// step run (null when none failed, e.g. only items did).
/// </summary>
public sealed record RecentFailureResponse(
    string RunId,
    string ProcessId,
    string ProcessName,
    long Number,
    string State,
    string? ErrorCode,
    DateTimeOffset? EndedAt);

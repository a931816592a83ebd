namespace Hangar.Core.Stats;

/// <summary>A run that ended badly, with the error code of its last failed step run (null when none failed).</summary>
public sealed record RecentFailure(string RunId, string ProcessId, string ProcessName, long Number, RunOutcome Outcome, string? ErrorCode,
    DateTimeOffset? EndedAt);

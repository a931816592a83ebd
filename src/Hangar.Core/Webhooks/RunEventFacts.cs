using Hangar.Core.Runs;

namespace Hangar.Core.Webhooks;

/// <summary>What a run event's payload says about the run, as it stands right after the change.</summary>
public sealed record RunEventFacts(
    string WorkspaceId,
    string ProcessId,
    string? ProcessName,
    string ProcessRunId,
    long ProcessRunNumber,
    ProcessRunState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string StartedByType,
    string? StartedById);

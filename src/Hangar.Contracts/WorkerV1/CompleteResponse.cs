namespace Hangar.Contracts.WorkerV1;

/// <summary>The step run's final state (<c>completed</c> or <c>failed</c>) and error code.</summary>
public sealed record CompleteResponse(string State, string? ErrorCode);

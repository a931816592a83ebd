namespace Hangar.Contracts.V1.Stats;

/// <summary>
/// Step runs waiting for a worker of one group; <c>id</c> and <c>name</c> are null for step runs that any worker of the
/// workspace may take.
/// </summary>
public sealed record WorkerGroupWaitingResponse(string? Id, string? Name, long Waiting, long? OldestWaitingSeconds);

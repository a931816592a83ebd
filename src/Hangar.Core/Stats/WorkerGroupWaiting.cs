namespace Hangar.Core.Stats;

/// <summary>Step runs waiting for a worker of one group (null id and name: any worker of the workspace).</summary>
public sealed record WorkerGroupWaiting(string? Id, string? Name, long Waiting, long? OldestWaitingSeconds);

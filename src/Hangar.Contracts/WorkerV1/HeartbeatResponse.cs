namespace Hangar.Contracts.WorkerV1;

/// <summary>The renewed lease, and whether the worker must stop the robot (the run is being stopped).</summary>
public sealed record HeartbeatResponse(DateTimeOffset LeaseExpiresAt, bool Cancel);

namespace Hangar.Contracts.WorkerV1;

/// <summary>
/// What became of a step run a stopping worker gave back: <c>awaiting_worker</c> (queued again for any worker), or
/// <c>failed</c> when its run was being stopped anyway.
/// </summary>
public sealed record ReleaseResponse(string State);

namespace Hangar.Contracts.V1;

/// <summary><c>{"worker": {"id": "..."}}</c>: the worker to add to a group.</summary>
public sealed record WorkerMembershipRequest(IdRef? Worker);

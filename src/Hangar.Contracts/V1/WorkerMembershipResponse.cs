namespace Hangar.Contracts.V1;

/// <summary>A worker and every group it is in after a membership change.</summary>
public sealed record WorkerMembershipResponse(IdRef Worker, List<NamedRef> WorkerGroups);

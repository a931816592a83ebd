namespace Hangar.Contracts.V1;

public sealed record AuditEventResponse(string Id, string Action, ActorResponse Actor, AuditTargetResponse? Target, string? ClientAddress,
    DateTimeOffset CreatedAt);

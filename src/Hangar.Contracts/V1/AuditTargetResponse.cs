namespace Hangar.Contracts.V1;

public sealed record AuditTargetResponse(string Type, string? Id, string? Name);

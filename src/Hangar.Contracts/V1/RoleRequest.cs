namespace Hangar.Contracts.V1;

public sealed record RoleRequest(string? Role);

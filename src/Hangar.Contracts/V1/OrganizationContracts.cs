namespace Hangar.Contracts.V1;

public sealed record OrganizationResponse(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record NameRequest(string? Name);

public sealed record RoleRequest(string? Role);

public sealed record MemberResponse(UserRef User, string Role, DateTimeOffset CreatedAt);

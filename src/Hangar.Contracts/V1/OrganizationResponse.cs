namespace Hangar.Contracts.V1;

public sealed record OrganizationResponse(string Id, string Name, DateTimeOffset CreatedAt);

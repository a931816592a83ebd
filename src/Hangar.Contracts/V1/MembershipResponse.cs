namespace Hangar.Contracts.V1;

public sealed record MembershipResponse(string Id, string Name, string Role);

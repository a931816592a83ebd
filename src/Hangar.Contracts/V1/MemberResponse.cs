namespace Hangar.Contracts.V1;

public sealed record MemberResponse(UserRef User, string Role, DateTimeOffset CreatedAt);

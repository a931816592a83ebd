namespace Hangar.Contracts.V1;

public sealed record LoginResponse(UserResponse User, DateTimeOffset ExpiresAt);

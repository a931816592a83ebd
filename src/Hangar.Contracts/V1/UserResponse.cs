namespace Hangar.Contracts.V1;

public sealed record UserResponse(string Id, string Username, string? DisplayName, bool Disabled, DateTimeOffset CreatedAt);

namespace Hangar.Contracts.V1;

public sealed record CreateUserRequest(string? Username, string? Password, string? DisplayName, IdRef? Organization);

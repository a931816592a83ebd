namespace Hangar.Contracts.V1;

public sealed record LoginRequest(string? Username, string? Password);

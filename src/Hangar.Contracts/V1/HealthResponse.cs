namespace Hangar.Contracts.V1;

public sealed record HealthResponse(string Status);

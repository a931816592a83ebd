namespace Hangar.Contracts.V1;

/// <summary><c>/healthz</c>'s answer.</summary>
public sealed record HealthResponse(string Status);

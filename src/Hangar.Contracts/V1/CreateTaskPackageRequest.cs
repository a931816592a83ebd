namespace Hangar.Contracts.V1;

public sealed record CreateTaskPackageRequest(string? Name);

namespace Hangar.Contracts.V1;

public sealed record NameRequest(string? Name);

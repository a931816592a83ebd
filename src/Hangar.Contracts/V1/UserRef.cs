namespace Hangar.Contracts.V1;

public sealed record UserRef(string Id, string Username, string? DisplayName);

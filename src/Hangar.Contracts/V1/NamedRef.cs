namespace Hangar.Contracts.V1;

public sealed record NamedRef(string Id, string Name);

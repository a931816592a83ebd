namespace Hangar.Contracts.V1;

public sealed record DeletedResponse(string Id, bool Deleted);

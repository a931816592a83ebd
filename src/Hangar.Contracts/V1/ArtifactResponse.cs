namespace Hangar.Contracts.V1;

public sealed record ArtifactResponse(string Id, string Name, long Size);

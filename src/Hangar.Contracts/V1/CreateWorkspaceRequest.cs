namespace Hangar.Contracts.V1;

public sealed record CreateWorkspaceRequest(string? Name, IdRef? Organization);

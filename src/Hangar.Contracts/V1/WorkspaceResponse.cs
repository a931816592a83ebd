namespace Hangar.Contracts.V1;

/// <summary>Robocorp's v1 workspace shape: <c>{id, name, organization:{id, name}}</c>.</summary>
public sealed record WorkspaceResponse(string Id, string Name, NamedRef Organization);

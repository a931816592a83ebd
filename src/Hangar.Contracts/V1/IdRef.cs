namespace Hangar.Contracts.V1;

/// <summary>A reference to another object by id, as v1 bodies nest them: <c>{"id": "..."}</c>.</summary>
public sealed record IdRef(string Id);

namespace Hangar.Contracts.WorkerV1;

/// <summary>A worker's first call: the link token it was given and the name it wants to be shown with.</summary>
public sealed record LinkRequest(string? LinkToken, string? Name);

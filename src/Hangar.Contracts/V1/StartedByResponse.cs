namespace Hangar.Contracts.V1;

/// <summary>
/// Who started a run. <see cref="Details"/> follows Robocorp: filled for runs a user started, null for API, schedule
/// and email starts. <see cref="Id"/> and <see cref="Name"/> are Hangar's additions and say for every type which user,
/// key, schedule or sender it was.
/// </summary>
public sealed record StartedByResponse(string Type, StartedByDetails? Details, string? Id, string? Name);

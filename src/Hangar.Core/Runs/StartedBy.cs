namespace Hangar.Core.Runs;

/// <summary>Who started a run: <c>api</c> (keys, integrations, process secrets), <c>user</c>, <c>schedule</c> or <c>email</c>.</summary>
public sealed record StartedBy(string Type, string? Id, string? Name);

namespace Hangar.Contracts.V1;

/// <summary>The person who started a run, as Robocorp declares it: three strings, never null.</summary>
public sealed record StartedByDetails(string Id, string FirstName, string LastName);

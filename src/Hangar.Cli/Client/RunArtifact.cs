namespace Hangar.Cli.Client;

/// <summary><c>hangar artifacts list --output json</c>: an artifact with the step run that made it.</summary>
internal sealed record RunArtifact(string StepRunId, long StepRunNumber, string Id, string Name, long Size);

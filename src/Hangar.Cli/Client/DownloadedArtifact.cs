namespace Hangar.Cli.Client;

/// <summary><c>hangar artifacts download --output json</c>: an artifact and the file it was written to.</summary>
internal sealed record DownloadedArtifact(string StepRunId, string Id, string Name, long Size, string Path);

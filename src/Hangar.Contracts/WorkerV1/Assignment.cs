namespace Hangar.Contracts.WorkerV1;

/// <summary>A claimed step run: what to run, for how long, and the environment to run it in.</summary>
public sealed record Assignment(
    string StepRunId,
    string ProcessRunId,
    string ProcessId,
    string WorkspaceId,
    string OrganizationId,
    string ProcessName,
    long RunNumber,
    int StepRunNumber,
    AssignmentStep Step,
    string Task,
    int TimeoutSeconds,
    DateTimeOffset LeaseExpiresAt,
    string RunToken,
    string? WorkItemId,
    AssignmentPackage Package,
    Dictionary<string, string> Env)
{
    /// <summary>
    /// The server's public URL, which the package URL and the <c>RC_*</c> hosts in <see cref="Env"/> are built on. A
    /// worker that reaches the server by another address puts its own in their place.
    /// </summary>
    public string? ServerUrl { get; init; }
}

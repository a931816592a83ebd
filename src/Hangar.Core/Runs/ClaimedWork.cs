using Hangar.Core.Domain;

namespace Hangar.Core.Runs;

/// <summary>A step run a worker just claimed, with everything its assignment is made of.</summary>
public sealed record ClaimedWork(
    StepRun StepRun,
    ProcessRun Run,
    Process Process,
    ProcessStep Step,
    TaskPackageVersion Version,
    string OrganizationId,
    string? WorkItemId,
    string RunToken);

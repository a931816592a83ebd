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
    string RunToken)
{
    /// <summary>The claim's span in the run's trace (W3C traceparent), for the robot's <c>TRACEPARENT</c>; null when nothing traces.</summary>
    public string? TraceParent { get; init; }
}

namespace Hangar.Core.Runs;

/// <summary>Why a work item failed: bad data (<see cref="Business"/>, not worth retrying) or anything else.</summary>
public enum WorkItemExceptionType
{
    Unspecified,
    Business,
    Application,
    Orchestrator,
}

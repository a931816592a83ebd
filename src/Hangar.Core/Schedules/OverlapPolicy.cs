namespace Hangar.Core.Schedules;

/// <summary>What a schedule does at its time while a run of its process is still active (new, in progress or stopping).</summary>
public enum OverlapPolicy
{
    /// <summary>Start nothing this time (the default).</summary>
    Skip,

    /// <summary>Start another run anyway.</summary>
    Allow,
}

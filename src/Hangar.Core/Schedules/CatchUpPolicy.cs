namespace Hangar.Core.Schedules;

/// <summary>What a schedule does with the times it missed while no node was running (or all were too busy to fire).</summary>
public enum CatchUpPolicy
{
    /// <summary>Let them pass (the default).</summary>
    Skip,

    /// <summary>Start one run for all of them together.</summary>
    Once,
}

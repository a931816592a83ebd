namespace Hangar.Core.Runs;

/// <summary>Robocorp's worker states: no heartbeat lately, waiting for work, or running a step run.</summary>
public enum WorkerState
{
    Offline,
    Idle,
    Busy,
}

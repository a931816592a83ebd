namespace Hangar.Core.Runs;

/// <summary>Robocorp's process run states, plus the terminal <see cref="Stopped"/>.</summary>
public enum ProcessRunState
{
    New,
    InProgress,
    Completed,
    Unresolved,
    Stopping,
    Stopped,
}

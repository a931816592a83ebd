namespace Hangar.Worker.Isolation;

/// <summary>How far a robot is kept from the worker that starts it, best first. The worker reports it to the server.</summary>
public enum IsolationLevel
{
    /// <summary>A bubblewrap sandbox: its own folder, a private /tmp, read-only system folders, its own PID namespace.</summary>
    Sandbox,

    /// <summary>Another, unprivileged OS user (the worker runs as root and bubblewrap is missing).</summary>
    SeparateUser,

    /// <summary>Only a clean environment: the robot runs as the worker's own user and can read what it can.</summary>
    EnvironmentOnly,
}

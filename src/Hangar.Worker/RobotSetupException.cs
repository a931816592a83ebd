namespace Hangar.Worker;

/// <summary>A robot that cannot be started (bad package, unknown task, missing program): the step run fails with <see cref="Code"/>.</summary>
public sealed class RobotSetupException : Exception
{
    public RobotSetupException(string code, string message)
        : base(message) => Code = code;

    public RobotSetupException()
        : this("robot_setup_failed", "The robot could not be started.")
    {
    }

    public RobotSetupException(string message)
        : this("robot_setup_failed", message)
    {
    }

    public RobotSetupException(string message, Exception innerException)
        : base(message, innerException) => Code = "robot_setup_failed";

    public string Code { get; }
}

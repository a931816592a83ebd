namespace Hangar.Contracts.WorkerV1;

/// <summary>
/// How the robot ended: exit code 0 completes the step run, anything else fails it with <c>error_code</c>
/// (<c>robot_failure</c> when none is given; the worker's own codes: <c>timeout</c>, <c>stopped</c>, <c>package_error</c>, ...).
/// </summary>
public sealed record CompleteRequest(int? ExitCode, string? ErrorCode, string? ErrorMessage);

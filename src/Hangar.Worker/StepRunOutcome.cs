using System.Text.Json.Serialization;

namespace Hangar.Worker;

/// <summary>
/// How a step run ended on this worker, as the server must learn it: <c>complete</c> with the robot's exit code and
/// error code, or, when the worker had to end the robot because it is stopping, <see cref="Release"/> (queued again).
/// </summary>
public sealed record StepRunOutcome(
    [property: JsonPropertyName("step_run_id")] string StepRunId,
    [property: JsonPropertyName("exit_code")] int ExitCode,
    [property: JsonPropertyName("error_code")] string? ErrorCode,
    [property: JsonPropertyName("error_message")] string? ErrorMessage,
    [property: JsonPropertyName("release")] bool Release);

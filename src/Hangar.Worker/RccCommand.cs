namespace Hangar.Worker;

/// <summary>
/// How the worker runs a task through rcc, as Robocorp's agent does: rcc builds (or reuses) the environment the
/// package's conda.yaml describes and runs the task in it; the worker only says which robot.yaml, task and space.
/// </summary>
internal static class RccCommand
{
    /// <summary>
    /// <c>rcc run --robot &lt;root&gt;/robot.yaml --task &lt;task&gt; --space &lt;space&gt; --silent</c>: the flags of rcc 11
    /// and later (<c>-r</c>, <c>-t</c>, <c>-s</c>; <c>--silent</c> is a global flag that leaves out rcc's own progress
    /// output, so the console holds what the robot prints).
    /// </summary>
    public static IReadOnlyList<string> Argv(string rcc, string robotYaml, string task, string space) =>
        [rcc, "run", "--robot", robotYaml, "--task", task, "--space", space, "--silent"];

    /// <summary>
    /// The holotree space of one worker slot. rcc leaves it to its user which runs share a space; runs at the same
    /// time must not (rcc would restore another environment under a running robot), so every slot of every worker
    /// on the machine has its own, and reuses it from run to run.
    /// </summary>
    public static string Space(string workerId, int slot)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        var tail = workerId.Replace("-", string.Empty, StringComparison.Ordinal);
        return $"hangar-{(tail.Length > 8 ? tail[^8..] : tail)}-{slot}";
    }

    /// <summary>
    /// What an exit of rcc means. rcc does not pass on the robot's own exit code: a robot that failed makes rcc exit
    /// 10 (9 in older versions, where later ones use 9 for an artifacts folder they cannot make); 3, 4, 6 and 7 are
    /// rcc's refusals before the robot ran (unknown task, the environment could not be built, a program not found).
    /// </summary>
    public static string? ErrorCodeFor(int exitCode) => exitCode switch
    {
        0 => null,
        3 => "task_not_found",
        4 => "environment_error",
        6 or 7 => "executable_not_found",
        9 or 10 => "robot_failure",
        _ => "rcc_failure",
    };
}

namespace Hangar.Worker.Isolation;

/// <summary>
/// One robot to start: the program (already resolved to a path the robot can see), its arguments, where it starts, and
/// its whole environment (nothing of the worker's is added). <see cref="ReadOnlyFiles"/> and
/// <see cref="WritableFolders"/> are what it needs outside its own folder (rcc's executable and its holotree).
/// </summary>
public sealed record RobotLaunch(string Executable, IReadOnlyList<string> Arguments, string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment, RunFolder Folder)
{
    public IReadOnlyList<string> ReadOnlyFiles { get; init; } = [];
    public IReadOnlyList<string> WritableFolders { get; init; } = [];
}

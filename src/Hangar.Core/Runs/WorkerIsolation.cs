namespace Hangar.Core.Runs;

/// <summary>
/// What a worker says it does to keep robots away from itself (docs/security.md): <see cref="Sandbox"/> (bubblewrap),
/// <see cref="User"/> (robots run as an unprivileged user), or <see cref="Environment"/> (a clean environment only).
/// </summary>
public static class WorkerIsolation
{
    public const string Sandbox = "sandbox";
    public const string User = "user";
    public const string Environment = "environment";

    public static bool IsKnown(string? value) => value is Sandbox or User or Environment;
}

namespace Hangar.Worker.Isolation;

/// <summary>
/// What isolation the worker should give robots (flag <c>--isolation</c>, env <c>HANGAR_WORKER_ISOLATION</c>):
/// <c>auto</c> (the default: the best this machine offers), or one level that is required (the worker refuses to start
/// without it): <c>sandbox</c>, <c>user</c>, or <c>none</c> (environment only). <see cref="RobotUser"/> is the OS user
/// robots run as when the worker runs as root (flag <c>--robot-user</c>, env <c>HANGAR_WORKER_ROBOT_USER</c>;
/// created when missing).
/// </summary>
public sealed record IsolationOption(IsolationLevel? Required, string RobotUser)
{
    public const string EnvironmentVariable = "HANGAR_WORKER_ISOLATION";
    public const string RobotUserEnvironmentVariable = "HANGAR_WORKER_ROBOT_USER";
    public const string SandboxReadOnlyEnvironmentVariable = "HANGAR_WORKER_SANDBOX_READ_ONLY";
    public const string DefaultRobotUser = "hangar-robot";

    public static IsolationOption Auto { get; } = new(null, DefaultRobotUser);

    /// <summary>
    /// Read-only folders added to the sandbox besides the system ones (env <c>HANGAR_WORKER_SANDBOX_READ_ONLY</c>,
    /// separated by ':'), for tools installed outside them.
    /// </summary>
    public IReadOnlyList<string> SandboxReadOnly { get; init; } = [];

    /// <summary>Reads the settings; throws <see cref="FormatException"/> with a readable message for a bad one.</summary>
    public static IsolationOption Parse(string? isolation, string? robotUser, string? sandboxReadOnly = null)
    {
        IsolationLevel? required = isolation?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => null,
            "sandbox" => IsolationLevel.Sandbox,
            "user" => IsolationLevel.SeparateUser,
            "none" => IsolationLevel.EnvironmentOnly,
            _ => throw new FormatException($"--isolation must be auto, sandbox, user or none, not '{isolation}'."),
        };
        var user = string.IsNullOrWhiteSpace(robotUser) ? DefaultRobotUser : robotUser.Trim();
        if (user.Length > 32 || !user.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || user[0] == '-' || user == "root")
        {
            throw new FormatException($"--robot-user must be the name of an unprivileged user (letters, digits, '-', '_', '.'), not '{robotUser}'.");
        }

        var readOnly = (sandboxReadOnly ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var folder in readOnly)
        {
            if (!Path.IsPathFullyQualified(folder))
            {
                throw new FormatException($"Sandbox folders must be absolute paths, not '{folder}'.");
            }
        }

        return new IsolationOption(required, user) { SandboxReadOnly = readOnly.Select(Path.GetFullPath).ToList() };
    }
}

namespace Hangar.Cli.Client;

/// <summary>
/// What the client commands' exit codes mean, so scripts and CI can branch on them. <c>hangar run</c> adds its own
/// meanings for a run's end state (see <see cref="RunCompleted"/> and the two after it).
/// </summary>
internal static class ClientExitCodes
{
    public const int Ok = 0;

    /// <summary>The server refused the request (its <c>error.code</c> is printed), or could not be reached.</summary>
    public const int Failed = 1;

    /// <summary><c>hangar run</c>: the run ended completed.</summary>
    public const int RunCompleted = 0;

    /// <summary><c>hangar run</c>: the run ended unresolved (a step or a work item failed).</summary>
    public const int RunUnresolved = 1;

    /// <summary><c>hangar run</c>: the run was stopped or failed to start.</summary>
    public const int RunStoppedOrNotStarted = 2;

    /// <summary>The command line is wrong, or there is no login to use (run <c>hangar login</c>).</summary>
    public const int Usage = 3;
}

using Hangar.Core.Runs;

namespace Hangar.Worker.Isolation;

/// <summary>The names of the isolation levels on the wire and in logs.</summary>
public static class IsolationLevels
{
    public static string WireName(this IsolationLevel level) => level switch
    {
        IsolationLevel.Sandbox => WorkerIsolation.Sandbox,
        IsolationLevel.SeparateUser => WorkerIsolation.User,
        _ => WorkerIsolation.Environment,
    };
}

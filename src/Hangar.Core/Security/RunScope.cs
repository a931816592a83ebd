namespace Hangar.Core.Security;

/// <summary>What a run token is bound to: the robot may touch this process, this run and this step run only.</summary>
public sealed record RunScope(string ProcessId, string ProcessRunId, string StepRunId)
{
    /// <summary>
    /// The step run as authentication read it (in progress) for this request, so that the request's own checks need
    /// not read it again; null when the caller was built without it.
    /// </summary>
    public Domain.StepRun? StepRun { get; init; }

    /// <summary>The run's trace context the token carries (W3C traceparent); the robot's runtime calls join that trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// Refuses ids outside the scope of <paramref name="caller"/>'s run token (other callers pass): 403, because the
    /// work item clients retry a 404 five times and read a 404 on a payload as "empty", which would hide the mistake.
    /// </summary>
    public static void Require(Caller caller, string? processId = null, string? processRunId = null, string? stepRunId = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Run is not { } scope)
        {
            return;
        }

        if ((processId is not null && !string.Equals(processId, scope.ProcessId, StringComparison.Ordinal))
            || (processRunId is not null && !string.Equals(processRunId, scope.ProcessRunId, StringComparison.Ordinal))
            || (stepRunId is not null && !string.Equals(stepRunId, scope.StepRunId, StringComparison.Ordinal)))
        {
            throw Errors.HangarException.Forbidden("outside_run_scope",
                "This run token is bound to another process, run or step run: a robot may only touch its own run's work items.");
        }
    }
}

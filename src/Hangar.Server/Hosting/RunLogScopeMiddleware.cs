using Hangar.Server.Auth;

namespace Hangar.Server.Hosting;

/// <summary>
/// Puts every log line of a request about a run on that run (<see cref="RunLogScope"/>): the run named in the route,
/// or the run a robot's run token is bound to. Requests about no run pass through untouched.
/// </summary>
public sealed class RunLogScopeMiddleware(RequestDelegate next, ILogger<RunLogScopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.GetCaller();
        var route = context.Request.RouteValues;
        var run = caller?.Run?.ProcessRunId ?? route["process_run_id"] as string;
        var stepRun = caller?.Run?.StepRunId ?? route["step_run_id"] as string;
        if (run is null && stepRun is null)
        {
            await next(context);
            return;
        }

        using (RunLogScope.Begin(logger, route["workspace_id"] as string ?? caller?.WorkspaceId, run, stepRun))
        {
            await next(context);
        }
    }
}

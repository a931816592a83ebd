using Hangar.Core.Observability;
using Hangar.Server.Auth;

namespace Hangar.Server.Observability;

/// <summary>
/// Puts a robot's runtime calls (work items, vault, assets; any call made with a run token) into its run's trace:
/// robots' libraries send no <c>traceparent</c>, so the request's own span starts a new trace, and this one, a child
/// of the run's claim span (carried in the token), joins the run's. Costs nothing when no one traces.
/// </summary>
public sealed class RunTraceMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!HangarActivities.Source.HasListeners() || http.GetCaller() is not { Run: { TraceParent: { } traceParent } scope })
        {
            await next(http);
            return;
        }

        using var span = HangarActivities.StartChild("hangar.runtime " + http.Request.Method, traceParent, System.Diagnostics.ActivityKind.Server);
        span?.SetTag(HangarActivities.RunId, scope.ProcessRunId);
        span?.SetTag(HangarActivities.StepRunId, scope.StepRunId);
        span?.SetTag(HangarActivities.ProcessId, scope.ProcessId);
        span?.SetTag("url.path", http.Request.Path.Value);
        await next(http);
        span?.SetTag("http.response.status_code", http.Response.StatusCode);
        if ((http.GetRouteValue("work_item_id") ?? http.GetRouteValue("workItemId")) is { } itemId)
        {
            span?.SetTag(HangarActivities.WorkItemId, itemId.ToString());
        }
    }
}

using System.Globalization;
using Hangar.Core.Runs;

namespace Hangar.Server.Endpoints;

/// <summary>The <c>RC_*</c> variables a step run's robot gets (docs/runtime.md): every host is this server, every token the run token.</summary>
internal static class StepRunEnvironment
{
    public static Dictionary<string, string> Build(ClaimedWork work, string baseUrl, string workerId)
    {
        var stepRun = work.StepRun;
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RC_WORKSPACE_ID"] = stepRun.WorkspaceId,
            ["RC_ORGANIZATION_ID"] = work.OrganizationId,
            ["RC_PROCESS_ID"] = work.Process.Id,
            ["RC_PROCESS_NAME"] = work.Process.Name,
            ["RC_PROCESS_RUN_ID"] = work.Run.Id,
            ["RC_PROCESS_RUN_NUMBER"] = work.Run.Number.ToString(CultureInfo.InvariantCulture),
            ["RC_ACTIVITY_ID"] = work.Step.Id,
            ["RC_ACTIVITY_NAME"] = work.Step.Name,
            ["RC_ACTIVITY_RUN_ID"] = stepRun.Id,
            ["RC_ACTIVITY_RUN_NUMBER"] = stepRun.Number.ToString(CultureInfo.InvariantCulture),
            ["RC_RUNTIME_ID"] = workerId,
            ["RC_API_WORKITEM_HOST"] = baseUrl,
            ["RC_API_WORKITEM_TOKEN"] = work.RunToken,
            ["RC_API_PROCESS_HOST"] = baseUrl,
            ["RC_API_PROCESS_TOKEN"] = work.RunToken,
            ["RC_API_SECRET_HOST"] = baseUrl,
            ["RC_API_SECRET_TOKEN"] = work.RunToken,
            ["RC_API_URL_V1"] = baseUrl + "/api/v1",
            ["RC_API_TOKEN_V1"] = work.RunToken,
        };
        if (work.WorkItemId is { } itemId)
        {
            env["RC_WORKITEM_ID"] = itemId;
        }

        if (work.TraceParent is { } traceParent)
        {
            // The claim's span in the run's trace; the worker puts its own robot span here when it traces.
            env["TRACEPARENT"] = traceParent;
        }

        return env;
    }
}

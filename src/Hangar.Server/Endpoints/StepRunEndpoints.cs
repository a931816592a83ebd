using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>Step runs ("robot runs") of process runs over v1.</summary>
public static class StepRunEndpoints
{
    public static void MapStepRunEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/step-runs").WithTags("Step runs");
        group.MapGet("/", ListAsync).RequireWorkspacePermission(Permissions.ReadRuns).WithSummary("The step runs of a process run (process_run_id is required).");
        group.MapGet("/{step_run_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadRuns).WithSummary("One step run.");
    }

    private static async Task<Ok<PageResponse<StepRunResponse>>> ListAsync(string workspace_id, string? process_run_id, HttpContext http,
        RunService runs, IRunStore store, IProcessStore processes, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(process_run_id))
        {
            throw HangarException.Invalid("missing_field", "'process_run_id' is required.");
        }

        var run = await runs.GetAsync(workspace_id, process_run_id, ct);
        var page = await store.ListStepRunsAsync(workspace_id, run.Id, V1Paging.Read(http), ct);
        var steps = (await processes.FindAsync(workspace_id, run.ProcessId, ct))?.Steps.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal) ?? [];
        return TypedResults.Ok(V1Paging.Respond(http, page, s => s.Id, s => s.ToResponse(steps.GetValueOrDefault(s.StepId, string.Empty))));
    }

    private static async Task<Ok<StepRunResponse>> GetAsync(string workspace_id, string step_run_id, IRunStore store, IProcessStore processes,
        CancellationToken ct)
    {
        var stepRun = (Core.Domain.Ids.IsWellFormed(step_run_id) ? await store.FindStepRunAsync(workspace_id, step_run_id, ct) : null)
                      ?? throw HangarException.NotFound("The step run");
        var step = (await processes.FindAsync(workspace_id, stepRun.ProcessId, ct))?.Steps.FirstOrDefault(s => s.Id == stepRun.StepId);
        return TypedResults.Ok(stepRun.ToResponse(step?.Name ?? string.Empty));
    }
}

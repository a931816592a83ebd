using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>Processes and their steps over v1 (Robocorp's list, and Hangar's create / read / change / delete).</summary>
public static class ProcessEndpoints
{
    public static void MapProcessEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/processes").WithTags("Processes");
        group.MapGet("/", ListAsync).RequireWorkspacePermission(Permissions.ReadProcesses)
            .WithSummary("The workspace's processes: all of them, unless 'limit' or 'cursor' asks for a page.");
        group.MapPost("/", CreateAsync).RequireWorkspacePermission(Permissions.WriteProcesses)
            .WithSummary("Create a process from steps (task package, task, limits).");
        group.MapGet("/{process_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadProcesses).WithSummary("A process with its steps.");
        group.MapPut("/{process_id}", UpdateAsync).RequireWorkspacePermission(Permissions.WriteProcesses)
            .WithSummary("Change a process: name, description, the whole list of steps, the default payload.");
        group.MapDelete("/{process_id}", DeleteAsync).RequireWorkspacePermission(Permissions.WriteProcesses)
            .WithSummary("Delete a process with its runs and work items.");
    }

    private static async Task<Ok<PageResponse<ProcessSummaryResponse>>> ListAsync(string workspace_id, HttpContext http, ProcessService processes,
        CancellationToken ct)
    {
        // Robocorp answers every process in 'data' and has no paging here; a page comes only when the client asks for one.
        if (!V1Paging.Asked(http))
        {
            var all = await processes.ListAllAsync(workspace_id, ct);
            return TypedResults.Ok(new PageResponse<ProcessSummaryResponse>(null, false, all.Select(p => new ProcessSummaryResponse(p.Id, p.Name, p.CreatedAt)).ToList()));
        }

        var page = await processes.ListAsync(workspace_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, p => p.Id, p => new ProcessSummaryResponse(p.Id, p.Name, p.CreatedAt)));
    }

    private static async Task<Ok<ProcessResponse>> CreateAsync(string workspace_id, CreateProcessRequest body, HttpContext http,
        ProcessService processes, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var process = await processes.CreateAsync(http.RequireCaller(), workspace_id, body.Name, body.Description, Steps(body.Steps),
            body.DefaultPayload?.GetRawText(), ct);
        return TypedResults.Ok(process.ToResponse());
    }

    private static async Task<Ok<ProcessResponse>> GetAsync(string workspace_id, string process_id, ProcessService processes, CancellationToken ct) =>
        TypedResults.Ok((await processes.GetAsync(workspace_id, process_id, ct)).ToResponse());

    private static async Task<Ok<ProcessResponse>> UpdateAsync(string workspace_id, string process_id, UpdateProcessRequest body, HttpContext http,
        ProcessService processes, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var process = await processes.UpdateAsync(http.RequireCaller(), workspace_id, process_id, body.Name, body.Description,
            body.Steps is null ? null : Steps(body.Steps), body.DefaultPayloadGiven,
            body.DefaultPayload is { ValueKind: not System.Text.Json.JsonValueKind.Null } payload ? payload.GetRawText() : null, ct);
        return TypedResults.Ok(process.ToResponse());
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string process_id, HttpContext http, ProcessService processes,
        CancellationToken ct)
    {
        await processes.DeleteAsync(http.RequireCaller(), workspace_id, process_id, ct);
        return TypedResults.Ok(new DeletedResponse(process_id, true));
    }

    private static List<StepDefinition> Steps(List<StepRequest>? steps) =>
        (steps ?? []).Select(s => s is null
            ? throw HangarException.Invalid("invalid_step", "A step is null.")
            : new StepDefinition(s.Name, s.TaskPackage?.Id, s.TaskPackageVersion?.Id, s.Task, s.WorkerGroup?.Id, s.TimeoutSeconds, s.MaxParallel,
                s.RetriesOnWorkerLoss)).ToList();
}

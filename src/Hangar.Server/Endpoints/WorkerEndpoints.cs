using Hangar.Contracts.V1;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>Workers of a workspace over v1, and the single-use link tokens that add one.</summary>
public static class WorkerEndpoints
{
    public static void MapWorkerEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/workers").WithTags("Workers");
        group.MapGet("/", ListAsync).RequireWorkspacePermission(Permissions.ReadWorkers).WithSummary("The workspace's workers with their state.");
        group.MapPost("/link-tokens", CreateLinkTokenAsync).RequireWorkspacePermission(Permissions.WriteWorkers)
            .WithSummary("A single-use token that links one worker ('hangar worker link <token> --name <name> --server <url>'); shown only in this answer. "
                         + "Workspace admins only, or keys that also hold Vault.read_secret_values (a linked worker reads secret values).");
        group.MapGet("/{worker_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadWorkers).WithSummary("One worker.");
        group.MapPut("/{worker_id}", RenameAsync).RequireWorkspacePermission(Permissions.WriteWorkers).WithSummary("Rename a worker.");
        group.MapDelete("/{worker_id}", DeleteAsync).RequireWorkspacePermission(Permissions.WriteWorkers)
            .WithSummary("Remove a worker; its credential stops working at once.");
    }

    internal static WorkerResponse ToResponse(Worker worker, WorkerState state) => new(worker.Id, worker.Name, state.ToString().ToLowerInvariant(), worker.Isolation);

    private static async Task<Ok<PageResponse<WorkerResponse>>> ListAsync(string workspace_id, HttpContext http, WorkerService workers, CancellationToken ct)
    {
        var page = await workers.ListAsync(workspace_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, w => w.Worker.Id, w => ToResponse(w.Worker, w.State)));
    }

    private static async Task<Ok<WorkspaceLinkTokenResponse>> CreateLinkTokenAsync(string workspace_id, CreateLinkTokenRequest? body, HttpContext http,
        LinkTokenService tokens, CancellationToken ct)
    {
        var (token, value) = await tokens.CreateWorkspaceTokenAsync(http.RequireCaller(), http.RequireGrant(), body?.ExpiresAt, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new WorkspaceLinkTokenResponse(token.Id, token.ExpiresAt!.Value, value));
    }

    private static async Task<Ok<WorkerResponse>> GetAsync(string workspace_id, string worker_id, WorkerService workers, CancellationToken ct)
    {
        var (worker, state) = await workers.GetAsync(workspace_id, worker_id, ct);
        return TypedResults.Ok(ToResponse(worker, state));
    }

    private static async Task<Ok<WorkerResponse>> RenameAsync(string workspace_id, string worker_id, NameRequest body, HttpContext http,
        WorkerService workers, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var (worker, state) = await workers.RenameAsync(http.RequireCaller(), workspace_id, worker_id, body.Name, ct);
        return TypedResults.Ok(ToResponse(worker, state));
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string worker_id, HttpContext http, WorkerService workers,
        CancellationToken ct)
    {
        await workers.DeleteAsync(http.RequireCaller(), workspace_id, worker_id, ct);
        return TypedResults.Ok(new DeletedResponse(worker_id, true));
    }
}

using Hangar.Contracts.V1;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>Worker groups over v1: the groups, their members, and their reusable link tokens.</summary>
public static class WorkerGroupEndpoints
{
    public static void MapWorkerGroupEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/worker-groups").WithTags("Worker groups");
        group.MapGet("/", ListAsync).RequireWorkspacePermission(Permissions.ReadWorkers).WithSummary("The workspace's worker groups.");
        group.MapPost("/", CreateAsync).RequireWorkspacePermission(Permissions.WriteWorkers).WithSummary("Create a worker group.");
        group.MapGet("/{worker_group_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadWorkers).WithSummary("One worker group.");
        group.MapPut("/{worker_group_id}", RenameAsync).RequireWorkspacePermission(Permissions.WriteWorkers).WithSummary("Rename a worker group.");
        group.MapDelete("/{worker_group_id}", DeleteAsync).RequireWorkspacePermission(Permissions.WriteWorkers)
            .WithSummary("Delete a worker group with its memberships and link tokens.");
        group.MapPut("/{worker_group_id}/workers", AddMemberAsync).RequireWorkspacePermission(Permissions.WriteWorkers)
            .WithSummary("Add a worker to the group.");
        group.MapDelete("/{worker_group_id}/workers/{worker_id}", RemoveMemberAsync).RequireWorkspacePermission(Permissions.WriteWorkers)
            .WithSummary("Take a worker out of the group.");
        group.MapGet("/{worker_group_id}/link-tokens", ListTokensAsync).RequireWorkspacePermission(Permissions.ReadWorkers)
            .WithSummary("The group's link tokens (never their values).");
        group.MapPost("/{worker_group_id}/link-tokens", CreateTokenAsync).RequireWorkspacePermission(Permissions.WriteWorkers)
            .WithSummary("A reusable token that links workers into this group; the value is shown only in this answer. "
                         + "Workspace admins only, or keys that also hold Vault.read_secret_values (a linked worker reads secret values).");
        group.MapGet("/{worker_group_id}/link-tokens/{link_token_id}", GetTokenAsync).RequireWorkspacePermission(Permissions.ReadWorkers)
            .WithSummary("One link token of the group.");
        group.MapPut("/{worker_group_id}/link-tokens/{link_token_id}", UpdateTokenAsync).RequireWorkspacePermission(Permissions.WriteWorkers)
            .WithSummary("Change a link token's name or expiry: only the fields sent change (expires_at null: never). As creating one: workspace admins, "
                         + "or keys that also hold Vault.read_secret_values.");
        group.MapDelete("/{worker_group_id}/link-tokens/{link_token_id}", DeleteTokenAsync).RequireWorkspacePermission(Permissions.WriteWorkers)
            .WithSummary("Delete a link token; workers it linked stay.");
    }

    private static NamedRef ToResponse(WorkerGroup group) => new(group.Id, group.Name);

    private static GroupLinkTokenResponse ToResponse(LinkToken token, string? value = null) =>
        new(token.Id, token.Name ?? string.Empty, token.ExpiresAt,
            new IdRef(token.WorkerGroupId ?? throw new InvalidOperationException("A group link token names its group.")), value);

    private static async Task<Ok<PageResponse<NamedRef>>> ListAsync(string workspace_id, HttpContext http, WorkerService workers, CancellationToken ct)
    {
        var page = await workers.ListGroupsAsync(workspace_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, g => g.Id, ToResponse));
    }

    private static async Task<Ok<NamedRef>> CreateAsync(string workspace_id, NameRequest body, HttpContext http, WorkerService workers, CancellationToken ct)
    {
        Validate.Required(body, "body");
        return TypedResults.Ok(ToResponse(await workers.CreateGroupAsync(http.RequireCaller(), workspace_id, body.Name, ct)));
    }

    private static async Task<Ok<NamedRef>> GetAsync(string workspace_id, string worker_group_id, WorkerService workers, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await workers.GetGroupAsync(workspace_id, worker_group_id, ct)));

    private static async Task<Ok<NamedRef>> RenameAsync(string workspace_id, string worker_group_id, NameRequest body, HttpContext http,
        WorkerService workers, CancellationToken ct)
    {
        Validate.Required(body, "body");
        return TypedResults.Ok(ToResponse(await workers.RenameGroupAsync(http.RequireCaller(), workspace_id, worker_group_id, body.Name, ct)));
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string worker_group_id, HttpContext http, WorkerService workers,
        CancellationToken ct)
    {
        await workers.DeleteGroupAsync(http.RequireCaller(), workspace_id, worker_group_id, ct);
        return TypedResults.Ok(new DeletedResponse(worker_group_id, true));
    }

    private static async Task<Ok<WorkerMembershipResponse>> AddMemberAsync(string workspace_id, string worker_group_id, WorkerMembershipRequest body,
        HttpContext http, WorkerService workers, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var (worker, groups) = await workers.AddMemberAsync(http.RequireCaller(), workspace_id, worker_group_id, body.Worker?.Id, ct);
        return TypedResults.Ok(new WorkerMembershipResponse(new IdRef(worker.Id), groups.Select(ToResponse).ToList()));
    }

    private static async Task<Ok<WorkerMembershipResponse>> RemoveMemberAsync(string workspace_id, string worker_group_id, string worker_id,
        HttpContext http, WorkerService workers, CancellationToken ct)
    {
        var (worker, groups) = await workers.RemoveMemberAsync(http.RequireCaller(), workspace_id, worker_group_id, worker_id, ct);
        return TypedResults.Ok(new WorkerMembershipResponse(new IdRef(worker.Id), groups.Select(ToResponse).ToList()));
    }

    private static async Task<Ok<PageResponse<GroupLinkTokenResponse>>> ListTokensAsync(string workspace_id, string worker_group_id, HttpContext http,
        WorkerService workers, LinkTokenService tokens, CancellationToken ct)
    {
        var group = await workers.GetGroupAsync(workspace_id, worker_group_id, ct);
        var page = await tokens.ListGroupTokensAsync(workspace_id, group, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, t => t.Id, t => ToResponse(t)));
    }

    private static async Task<Ok<GroupLinkTokenResponse>> CreateTokenAsync(string workspace_id, string worker_group_id, GroupLinkTokenRequest body,
        HttpContext http, WorkerService workers, LinkTokenService tokens, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var group = await workers.GetGroupAsync(workspace_id, worker_group_id, ct);
        var (token, value) = await tokens.CreateGroupTokenAsync(http.RequireCaller(), http.RequireGrant(), group, body.Name, body.ExpiresAt, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(ToResponse(token, value));
    }

    private static async Task<Ok<GroupLinkTokenResponse>> GetTokenAsync(string workspace_id, string worker_group_id, string link_token_id,
        WorkerService workers, LinkTokenService tokens, CancellationToken ct)
    {
        var group = await workers.GetGroupAsync(workspace_id, worker_group_id, ct);
        return TypedResults.Ok(ToResponse(await tokens.GetGroupTokenAsync(workspace_id, group, link_token_id, ct)));
    }

    private static async Task<Ok<GroupLinkTokenResponse>> UpdateTokenAsync(string workspace_id, string worker_group_id, string link_token_id,
        GroupLinkTokenRequest body, HttpContext http, WorkerService workers, LinkTokenService tokens, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var group = await workers.GetGroupAsync(workspace_id, worker_group_id, ct);
        var token = await tokens.UpdateGroupTokenAsync(http.RequireCaller(), http.RequireGrant(), group, link_token_id, body.Name, body.ExpiresAtGiven, body.ExpiresAt,
            ct);
        return TypedResults.Ok(ToResponse(token));
    }

    private static async Task<Ok<DeletedResponse>> DeleteTokenAsync(string workspace_id, string worker_group_id, string link_token_id, HttpContext http,
        WorkerService workers, LinkTokenService tokens, CancellationToken ct)
    {
        var group = await workers.GetGroupAsync(workspace_id, worker_group_id, ct);
        await tokens.DeleteGroupTokenAsync(http.RequireCaller(), workspace_id, group, link_token_id, ct);
        return TypedResults.Ok(new DeletedResponse(link_token_id, true));
    }
}

using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>Workspaces, as Robocorp's v1 shows them, and their members.</summary>
public static class WorkspaceEndpoints
{
    public static void MapWorkspaceEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces").WithTags("Workspaces");
        group.MapGet("/", ListAsync).RequireAnyCaller().WithSummary("Workspaces you can open (an API key sees its own).");
        group.MapPost("/", CreateAsync).RequireUser().WithSummary("Create a workspace in an organization you own; you become its admin.");
        group.MapGet("/{workspace_id}", GetAsync).RequireWorkspacePermission(null).WithSummary("The workspace with its organization.");
        group.MapPut("/{workspace_id}", RenameAsync).RequireWorkspaceAdminSession().WithSummary("Rename the workspace (workspace admins).");
        group.MapDelete("/{workspace_id}", DeleteAsync).RequireWorkspaceAdminSession()
            .WithSummary("Delete the workspace and everything in it (organization owners).");
        group.MapGet("/{workspace_id}/members", ListMembersAsync).RequireWorkspacePermission(Permissions.ReadMembers)
            .WithSummary("Members of the workspace with their roles.");
        group.MapPut("/{workspace_id}/members/{user_id}", SetMemberRoleAsync).RequireWorkspacePermission(Permissions.WriteMembers)
            .WithSummary("Add a user of the organization to the workspace, or change their role.");
        group.MapDelete("/{workspace_id}/members/{user_id}", RemoveMemberAsync).RequireWorkspacePermission(Permissions.WriteMembers)
            .WithSummary("Remove a member from the workspace.");
    }

    private static async Task<Ok<PageResponse<WorkspaceResponse>>> ListAsync(HttpContext http, WorkspaceService workspaces, CancellationToken ct)
    {
        var page = await workspaces.ListAsync(http.RequireCaller(), V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, w => w.Id, w => w.ToResponse()));
    }

    private static async Task<Ok<WorkspaceResponse>> CreateAsync(CreateWorkspaceRequest body, HttpContext http, WorkspaceService workspaces, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var workspace = await workspaces.CreateAsync(http.RequireCaller(), body.Name, body.Organization?.Id, ct);
        return TypedResults.Ok(workspace.ToResponse());
    }

    private static async Task<Ok<WorkspaceResponse>> GetAsync(string workspace_id, WorkspaceService workspaces, CancellationToken ct) =>
        TypedResults.Ok((await workspaces.GetAsync(workspace_id, ct)).ToResponse());

    private static async Task<Ok<WorkspaceResponse>> RenameAsync(string workspace_id, NameRequest body, HttpContext http, WorkspaceService workspaces, CancellationToken ct)
    {
        Validate.Required(body, "body");
        return TypedResults.Ok((await workspaces.RenameAsync(http.RequireCaller(), workspace_id, body.Name, ct)).ToResponse());
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, HttpContext http, WorkspaceService workspaces, CancellationToken ct)
    {
        await workspaces.DeleteAsync(http.RequireCaller(), workspace_id, ct);
        return TypedResults.Ok(new DeletedResponse(workspace_id, true));
    }

    private static async Task<Ok<PageResponse<MemberResponse>>> ListMembersAsync(string workspace_id, HttpContext http, WorkspaceService workspaces, CancellationToken ct)
    {
        var page = await workspaces.ListMembersAsync(workspace_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, m => m.UserId, m => m.ToResponse()));
    }

    private static async Task<Ok<MemberResponse>> SetMemberRoleAsync(string workspace_id, string user_id, RoleRequest body, HttpContext http,
        WorkspaceService workspaces, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var role = WireEnums.WorkspaceRole(body.Role);
        var member = await workspaces.SetMemberRoleAsync(http.RequireCaller(), http.RequireGrant(), Validate.Id(user_id, "The user"), role, ct);
        return TypedResults.Ok(member.ToResponse());
    }

    private static async Task<Ok<DeletedResponse>> RemoveMemberAsync(string workspace_id, string user_id, HttpContext http, WorkspaceService workspaces, CancellationToken ct)
    {
        await workspaces.RemoveMemberAsync(http.RequireCaller(), http.RequireGrant(), Validate.Id(user_id, "The member"), ct);
        return TypedResults.Ok(new DeletedResponse(user_id, true));
    }
}

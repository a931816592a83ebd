using Hangar.Contracts.Rcc;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>rcc's workspace API (<c>/workspace-v1</c>) for vended Bearer tokens.</summary>
public static class RccWorkspaceEndpoints
{
    public static void MapRccWorkspaceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/workspace-v1").WithGroupName(ApiDocs.Rcc).WithTags("Workspaces (rcc)");
        group.MapGet("/workspaces", ListAsync).RequireVendedToken()
            .WithSummary("The workspaces the token's user can open (a workspace token: only its own).");
        // rcc asks for the tree with its view/workspaces token, which carries no permission of its own: any token of
        // someone with access to the workspace may see its robots (every workspace role may read task packages).
        group.MapGet("/workspaces/{workspace_id}/tree", TreeAsync).RequireVendedToken(inWorkspace: true)
            .WithSummary("The workspace's robots with their latest zips (rcc cloud workspace).");
    }

    private static async Task<Ok<List<RccWorkspace>>> ListAsync(HttpContext http, WorkspaceService workspaces, CancellationToken ct)
    {
        var caller = http.RequireCaller();
        // Listing is about the person: list as the user, then keep the token's own workspace when it has one.
        var asUser = new Caller { Kind = CallerKind.User, Id = caller.UserId!, Name = caller.Name, UserId = caller.UserId };
        var result = new List<RccWorkspace>();
        var page = PageRequest.First(PageRequest.MaxLimit);
        while (true)
        {
            var batch = await workspaces.ListAsync(asUser, page, ct);
            result.AddRange(batch.Items
                .Where(w => caller.WorkspaceId is null || w.Id == caller.WorkspaceId)
                .Select(w => new RccWorkspace(w.Id, w.Name, new RccOrganization(w.OrganizationId, w.Organization?.Name ?? string.Empty))));
            if (batch.NextAfter(w => w.Id) is not { } after)
            {
                break;
            }

            page = page with { After = after };
        }

        return TypedResults.Ok(result);
    }

    private static async Task<Ok<RccWorkspaceTree>> TreeAsync(string workspace_id, TaskPackageService packages, CancellationToken ct)
    {
        var robots = new List<RccRobot>();
        var page = PageRequest.First(PageRequest.MaxLimit);
        while (true)
        {
            var batch = await packages.ListAsync(workspace_id, page, ct);
            var latest = await packages.LatestVersionsAsync(workspace_id, batch.Items, ct);
            robots.AddRange(batch.Items.Select(p => p.ToRccRobot(p.LatestVersionId is { } id ? latest.GetValueOrDefault(id) : null)));
            if (batch.NextAfter(p => p.Id) is not { } after)
            {
                break;
            }

            page = page with { After = after };
        }

        return TypedResults.Ok(new RccWorkspaceTree(workspace_id, robots));
    }
}

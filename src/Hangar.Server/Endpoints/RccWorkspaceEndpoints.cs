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
}

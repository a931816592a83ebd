using Hangar.Contracts.V1;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>The workspace's audit log, newest first.</summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/workspaces/{workspace_id}/audit-events", ListAsync).WithTags("Audit")
            .RequireWorkspacePermission(Permissions.ReadAuditLog)
            .WithSummary("Who did what to which object, when and from where; newest first. ?action=<name> keeps one action.");
    }

    private static async Task<Ok<PageResponse<AuditEventResponse>>> ListAsync(string workspace_id, string? action, HttpContext http, AuditLog audit,
        CancellationToken ct)
    {
        var page = await audit.ListAsync(workspace_id, action, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, e => e.Id, e => new AuditEventResponse(
            e.Id, e.Action, new ActorResponse(e.ActorType, e.ActorId, e.ActorName),
            e.TargetType is null ? null : new AuditTargetResponse(e.TargetType, e.TargetId, e.TargetName),
            e.ClientAddress, e.CreatedAt)));
    }
}

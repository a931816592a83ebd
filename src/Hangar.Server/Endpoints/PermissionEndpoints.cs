using Hangar.Core.Security;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>The permission catalog, for building key forms and checking names.</summary>
public static class PermissionEndpoints
{
    public sealed record PermissionResponse(string Name, string Group, string Description, IReadOnlyList<string> Aliases);

    public sealed record PermissionListResponse(IReadOnlyList<PermissionResponse> Data);

    public static void MapPermissionEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/permissions", List).RequireAnyCaller().WithTags("API keys")
            .WithSummary("Every permission with its group, a one-line description and its older names.");
    }

    private static Ok<PermissionListResponse> List() =>
        TypedResults.Ok(new PermissionListResponse(Permissions.All.Select(p => new PermissionResponse(p.Name, p.Group, p.Description, p.Aliases)).ToList()));
}

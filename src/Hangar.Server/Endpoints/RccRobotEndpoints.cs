using Hangar.Contracts.Rcc;
using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Hangar.Server.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// rcc's robot API (<c>/robot-v1</c>) for vended Bearer tokens: <c>rcc cloud new</c> creates a robot (a task package),
/// <c>rcc cloud push</c> PUTs the zip to an upload link, <c>rcc cloud pull</c> GETs it from a download link.
/// </summary>
public static class RccRobotEndpoints
{
    public static void MapRccRobotEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/robot-v1/workspaces/{workspace_id}/robots").WithGroupName(ApiDocs.Rcc).WithTags("Robots (rcc)");
        group.MapPost("/", CreateAsync).RequireVendedToken(Permissions.WriteTaskPackages, inWorkspace: true)
            .WithSummary("Create a robot (task package) by name (capability edit/robot).");
        group.MapGet("/{robot_id}/file/uploadlink", UploadLinkAsync).RequireVendedToken(Permissions.WriteTaskPackages, inWorkspace: true)
            .WithSummary("A single-use URL to PUT the robot's zip to; it becomes the robot's next version (capability edit/robot).");
        group.MapGet("/{robot_id}/file/downloadlink", DownloadLinkAsync).RequireVendedToken(Permissions.ReadTaskPackages, inWorkspace: true)
            .WithSummary("A URL to GET the robot's latest zip from (capability get/robot).");
    }

    public static RccRobot ToRccRobot(this TaskPackage package, TaskPackageVersion? latest)
    {
        ArgumentNullException.ThrowIfNull(package);
        var zip = latest is null ? null : new RccRobotPackage(latest.Id, latest.Number, latest.Sha256, latest.Size, latest.Tasks, latest.UploadedAt);
        return new RccRobot(package.Id, package.Name, zip);
    }

    private static async Task<Ok<RccRobot>> CreateAsync(string workspace_id, RccNewRobotRequest? body, HttpContext http,
        TaskPackageService packages, CancellationToken ct)
    {
        var package = await packages.CreateAsync(http.RequireCaller(), workspace_id, body?.Name, ct);
        return TypedResults.Ok(package.ToRccRobot(null));
    }

    private static async Task<Ok<RccLink>> UploadLinkAsync(string workspace_id, string robot_id, HttpContext http, TaskPackageService packages,
        SignedUrls urls, CancellationToken ct)
    {
        var grant = await packages.GrantUploadAsync(http.RequireCaller(), workspace_id, robot_id, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new RccLink(urls.ForPutUpload(grant).Url));
    }

    private static async Task<Ok<RccLink>> DownloadLinkAsync(string workspace_id, string robot_id, HttpContext http, TaskPackageService packages,
        SignedUrls urls, CancellationToken ct)
    {
        var (_, grant) = await packages.GrantDownloadAsync(workspace_id, robot_id, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new RccLink(urls.ForDownload(grant).Url));
    }
}

using Hangar.Contracts.V1;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Hangar.Server.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// Task packages (robots) over v1: create one, upload its zip through a presigned POST (each upload is a new
/// version), list its versions, download the latest, delete it.
/// </summary>
public static class TaskPackageEndpoints
{
    public static void MapTaskPackageEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/task-packages").WithTags("Task packages");
        group.MapPost("/", CreateAsync).RequireWorkspacePermission(Permissions.WriteTaskPackages)
            .WithSummary("Create a task package (robot) by name; upload its zip next.");
        group.MapGet("/", ListAsync).RequireWorkspacePermission(Permissions.ReadTaskPackages)
            .WithSummary("The workspace's task packages, each with its latest version.");
        group.MapGet("/{task_package_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadTaskPackages)
            .WithSummary("One task package with its latest version (number, SHA-256, size, tasks, who uploaded it and when).");
        group.MapGet("/{task_package_id}/versions", ListVersionsAsync).RequireWorkspacePermission(Permissions.ReadTaskPackages)
            .WithSummary("The package's uploaded versions, newest first.");
        group.MapGet("/{task_package_id}/upload", UploadLinkAsync).RequireWorkspacePermission(Permissions.WriteTaskPackages)
            .WithSummary("A single-use presigned POST: send form_data and the zip as the part 'file' to url, with no credentials.");
        group.MapGet("/{task_package_id}/download", DownloadLinkAsync).RequireWorkspacePermission(Permissions.ReadTaskPackages)
            .WithSummary("A presigned URL of the latest version's zip (GET it with no credentials).");
        group.MapDelete("/{task_package_id}", DeleteAsync).RequireWorkspacePermission(Permissions.WriteTaskPackages)
            .WithSummary("Delete the package, all its versions and their zips.");
    }

    public static TaskPackageResponse ToResponse(this TaskPackage package, TaskPackageVersion? latest)
    {
        ArgumentNullException.ThrowIfNull(package);
        return new TaskPackageResponse(package.Id, package.Name, package.CreatedAt, package.UpdatedAt, latest?.ToResponse());
    }

    public static TaskPackageVersionResponse ToResponse(this TaskPackageVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new TaskPackageVersionResponse(version.Id, version.Number, version.Sha256, version.Size, version.Tasks, version.RobotRoot,
            version.UploadedAt, new ActorResponse(version.UploadedByType, version.UploadedById, version.UploadedByName));
    }

    private static async Task<Ok<TaskPackageResponse>> CreateAsync(string workspace_id, CreateTaskPackageRequest body, HttpContext http,
        TaskPackageService packages, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var package = await packages.CreateAsync(http.RequireCaller(), workspace_id, body.Name, ct);
        return TypedResults.Ok(package.ToResponse(null));
    }

    private static async Task<Ok<PageResponse<TaskPackageResponse>>> ListAsync(string workspace_id, HttpContext http, TaskPackageService packages,
        CancellationToken ct)
    {
        var page = await packages.ListAsync(workspace_id, V1Paging.Read(http), ct);
        var latest = await packages.LatestVersionsAsync(workspace_id, page.Items, ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, p => p.Id,
            p => p.ToResponse(p.LatestVersionId is { } id ? latest.GetValueOrDefault(id) : null)));
    }

    private static async Task<Ok<TaskPackageResponse>> GetAsync(string workspace_id, string task_package_id, TaskPackageService packages,
        CancellationToken ct)
    {
        var package = await packages.GetAsync(workspace_id, task_package_id, ct);
        return TypedResults.Ok(package.ToResponse(await packages.LatestVersionAsync(package, ct)));
    }

    private static async Task<Ok<PageResponse<TaskPackageVersionResponse>>> ListVersionsAsync(string workspace_id, string task_package_id,
        HttpContext http, TaskPackageService packages, CancellationToken ct)
    {
        var page = await packages.ListVersionsAsync(workspace_id, task_package_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, v => v.Id, v => v.ToResponse()));
    }

    private static async Task<Ok<UploadLinkResponse>> UploadLinkAsync(string workspace_id, string task_package_id, HttpContext http,
        TaskPackageService packages, SignedUrls urls, CancellationToken ct)
    {
        var grant = await packages.GrantUploadAsync(http.RequireCaller(), workspace_id, task_package_id, ct);
        var (url, form, expiresAt) = urls.ForFormUpload(grant);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new UploadLinkResponse(url, form, expiresAt));
    }

    private static async Task<Ok<DownloadLinkResponse>> DownloadLinkAsync(string workspace_id, string task_package_id, HttpContext http,
        TaskPackageService packages, SignedUrls urls, CancellationToken ct)
    {
        var (_, grant) = await packages.GrantDownloadAsync(workspace_id, task_package_id, ct);
        var (url, expiresAt) = urls.ForDownload(grant);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new DownloadLinkResponse(url, expiresAt));
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string task_package_id, HttpContext http,
        TaskPackageService packages, CancellationToken ct)
    {
        await packages.DeleteAsync(http.RequireCaller(), workspace_id, task_package_id, ct);
        return TypedResults.Ok(new DeletedResponse(task_package_id, true));
    }
}

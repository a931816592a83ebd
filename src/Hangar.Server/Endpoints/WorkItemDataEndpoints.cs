using System.Text.Json;
using Hangar.Contracts.JsonV1;
using Hangar.Contracts.ProcessV1;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Storage;
using Hangar.Core.Stores;
using Hangar.Server.Auth;
using Hangar.Server.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// Robocorp's work item data API for robots (<c>/json-v1</c>, camelCase): an item's payload as raw JSON, and its files
/// through signed URLs. A run token reaches the items of its own run only (403 for others, see <see cref="RunScope"/>).
/// </summary>
public static class WorkItemDataEndpoints
{
    public static void MapWorkItemDataEndpoints(this IEndpointRouteBuilder app)
    {
        var w = app.MapGroup("/json-v1/workspaces/{workspace_id}/workitems/{work_item_id}").WithGroupName(ApiDocs.JsonV1)
            .WithTags("Work item data (robots)");
        w.MapGet("/data", GetDataAsync).RequireRobotPermission(Permissions.ReadWorkItems).Produces(200, contentType: "application/json")
            .WithSummary("The item's payload as raw JSON; 404 when it has none (clients then use {}).");
        w.MapPut("/data", SetDataAsync).RequireRobotPermission(Permissions.WriteWorkItems).Produces(200, contentType: "application/json")
            .WithSummary("Replace the item's payload: the body is the raw payload JSON; the answer repeats it.");
        w.MapGet("/files", ListFilesAsync).RequireRobotPermission(Permissions.ReadWorkItems)
            .WithSummary("The item's files: [{fileName, fileId, size}].");
        w.MapGet("/files/{file_id}", FileUrlAsync).RequireRobotPermission(Permissions.ReadWorkItems)
            .WithSummary("A signed download URL of one file: {url}; GET it with no credentials.");
        w.MapPost("/files", UploadLinkAsync).RequireRobotPermission(Permissions.WriteWorkItems).Accepts<LegacyFileUploadRequest>("application/json")
            .WithSummary("An upload URL for a file {fileName, fileSize}: {url, fields}; POST the fields, then the part 'file', with no credentials.");
        w.MapDelete("/files/{file_id}", DeleteFileAsync).RequireRobotPermission(Permissions.WriteWorkItems)
            .WithSummary("Remove a file of the item.");
    }

    private static async Task<IResult> GetDataAsync(string workspace_id, string work_item_id, HttpContext http, RobotWorkItemService items,
        CancellationToken ct)
    {
        var item = await items.ItemAsync(http.RequireCaller(), workspace_id, work_item_id, ct);
        // A JSON null is no payload either: the clients read the 404 as {}.
        return item.Payload is { } payload && payload != "null"
            ? Results.Content(payload, "application/json")
            : throw new HangarException(ErrorKind.NotFound, "no_payload", "The work item has no payload.");
    }

    private static async Task<IResult> SetDataAsync(string workspace_id, string work_item_id, HttpContext http, RobotWorkItemService items,
        CancellationToken ct)
    {
        var body = await RawJsonBody.ReadAsync(http);
        var payload = body.Json is { ValueKind: not JsonValueKind.Null } json ? json.GetRawText() : null;
        var item = await items.SetPayloadAsync(http.RequireCaller(), workspace_id, work_item_id, payload, ct);
        return Results.Content(item.Payload ?? "null", "application/json");
    }

    private static async Task<Ok<List<WorkItemFileEntry>>> ListFilesAsync(string workspace_id, string work_item_id, HttpContext http,
        RobotWorkItemService items, IWorkItemFileStore files, CancellationToken ct)
    {
        var item = await items.ItemAsync(http.RequireCaller(), workspace_id, work_item_id, ct);
        var attached = await files.ListAsync(workspace_id, [item.Id], ct);
        return TypedResults.Ok(attached[item.Id].Select(f => new WorkItemFileEntry(f.Name, f.Id, f.Size)).ToList());
    }

    private static async Task<Ok<FileUrl>> FileUrlAsync(string workspace_id, string work_item_id, string file_id, HttpContext http,
        RobotWorkItemService items, IWorkItemFileStore files, SignedUrls urls, CancellationToken ct)
    {
        var item = await items.ItemAsync(http.RequireCaller(), workspace_id, work_item_id, ct);
        var file = (Core.Domain.Ids.IsWellFormed(file_id) ? await files.FindAsync(workspace_id, item.Id, file_id, ct) : null)
                   ?? throw HangarException.NotFound("The file");
        var (url, _) = urls.ForDownload(new DownloadGrant(file.BlobKey, file.Name, "application/octet-stream"));
        return TypedResults.Ok(new FileUrl(url));
    }

    private static async Task<Ok<LegacyUploadLink>> UploadLinkAsync(string workspace_id, string work_item_id, HttpContext http,
        RobotWorkItemService items, WorkItemFileService files, SignedUrls urls, CancellationToken ct)
    {
        var caller = http.RequireCaller();
        var item = await items.WritableItemAsync(caller, workspace_id, work_item_id, ct);
        var body = await RawJsonBody.ReadAsync(http);
        LegacyFileUploadRequest? request;
        try
        {
            request = body.Json?.Deserialize<LegacyFileUploadRequest>();
        }
        catch (JsonException)
        {
            throw HangarException.Invalid("invalid_json", "The body must be {\"fileName\": ..., \"fileSize\": ...}.");
        }

        var grant = await files.GrantUploadAsync(caller, workspace_id, item.Id, request?.FileName, request?.FileSize, ct);
        var (url, form, _) = urls.ForFormUpload(grant);
        return TypedResults.Ok(new LegacyUploadLink(url, form));
    }

    private static async Task<Ok<FileDeleted>> DeleteFileAsync(string workspace_id, string work_item_id, string file_id, HttpContext http,
        RobotWorkItemService items, WorkItemFileService files, CancellationToken ct)
    {
        var item = await items.WritableItemAsync(http.RequireCaller(), workspace_id, work_item_id, ct);
        await files.DeleteAsync(workspace_id, item.Id, file_id, ct);
        return TypedResults.Ok(new FileDeleted(file_id, true));
    }
}

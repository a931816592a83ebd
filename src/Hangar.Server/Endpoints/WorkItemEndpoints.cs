using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Server.Auth;
using Hangar.Server.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>Work items and run outputs over v1.</summary>
public static class WorkItemEndpoints
{
    public static void MapWorkItemEndpoints(this RouteGroupBuilder v1)
    {
        var ws = v1.MapGroup("/workspaces/{workspace_id}").WithTags("Work items");
        ws.MapGet("/work-items", ListAsync).RequireWorkspacePermission(Permissions.ReadWorkItems)
            .WithSummary("Work items; filters process_id, process_run_id, state.");
        ws.MapPost("/work-items", CreateAsync).RequireWorkspacePermission(Permissions.WriteWorkItems)
            .WithSummary("Add an item to a process's input queue, for a run started with_inputs or with_work_item_ids.");
        ws.MapGet("/work-items/{work_item_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadWorkItems)
            .WithSummary("One work item with its payload and files; include_data=false leaves them out (null).");
        ws.MapPut("/work-items/{work_item_id}/payload", SetPayloadAsync).RequireWorkspacePermission(Permissions.WriteWorkItems)
            .WithSummary("Replace a work item's payload.");
        ws.MapPost("/work-items/{work_item_id}/files/upload", FileUploadLinkAsync).RequireWorkspacePermission(Permissions.WriteWorkItems)
            .WithSummary("An upload URL for one file of the item: POST the form_data fields, then the file as the part 'file', with no credentials.");
        ws.MapPost("/work-items/batch", BatchAsync).RequireWorkspacePermission(Permissions.WriteWorkItems)
            .WithSummary("retry, delete or mark_as_done many work items; retried items go back to work, a settled run completes.");
        ws.MapGet("/process-runs/{process_run_id}/outputs", RunOutputsAsync).RequireWorkspacePermission(Permissions.ReadRunOutputs, Permissions.ReadWorkItems)
            .WithSummary("The run's outputs: the work items its last step created.");
        ws.MapGet("/outputs", OutputsAsync).RequireWorkspacePermission(Permissions.ReadRunOutputs)
            .WithSummary("Run outputs by process_run_id (the form newer Robocorp clients call).");
    }

    private static async Task<Ok<PageResponse<WorkItemResponse>>> ListAsync(string workspace_id, string? process_id, string? process_run_id, string? state,
        HttpContext http, WorkItemService items, CancellationToken ct)
    {
        var filter = new WorkItemFilter(process_id, process_run_id, RunMapping.ParseItemState(state));
        var page = await items.ListAsync(workspace_id, filter, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, i => i.Id, i => i.ToResponse(withData: false)));
    }

    private static async Task<Ok<WorkItemResponse>> CreateAsync(string workspace_id, CreateWorkItemRequest body, WorkItemService items, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var item = await items.CreateInputAsync(workspace_id, body.Process?.Id, body.Payload?.GetRawText(), ct);
        return TypedResults.Ok(item.ToResponse(withData: true));
    }

    private static async Task<Ok<WorkItemResponse>> GetAsync(string workspace_id, string work_item_id, bool? include_data, WorkItemService items,
        IWorkItemFileStore files, CancellationToken ct)
    {
        var item = await items.GetAsync(workspace_id, work_item_id, ct);
        if (include_data == false)
        {
            return TypedResults.Ok(item.ToResponse(withData: false));
        }

        var attached = await files.ListAsync(workspace_id, [item.Id], ct);
        return TypedResults.Ok(item.ToResponse(withData: true) with { Files = Files(attached[item.Id]) });
    }

    private static async Task<Ok<UploadLinkResponse>> FileUploadLinkAsync(string workspace_id, string work_item_id, FileUploadRequest body, HttpContext http,
        WorkItemFileService files, SignedUrls urls, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var grant = await files.GrantUploadAsync(http.RequireCaller(), workspace_id, work_item_id, body.FileName, body.FileSize, ct);
        var (url, form, expiresAt) = urls.ForFormUpload(grant);
        return TypedResults.Ok(new UploadLinkResponse(url, form, expiresAt));
    }

    internal static List<WorkItemFileResponse> Files(IEnumerable<Core.Domain.WorkItemFile> files) =>
        files.Select(f => new WorkItemFileResponse(f.Id, f.Size, f.Name)).ToList();

    private static async Task<Ok<PayloadResponse>> SetPayloadAsync(string workspace_id, string work_item_id, PayloadRequest body, WorkItemService items,
        CancellationToken ct)
    {
        Validate.Required(body, "body");
        var item = await items.SetPayloadAsync(workspace_id, work_item_id, body.Payload?.GetRawText(), ct);
        return TypedResults.Ok(new PayloadResponse(RunMapping.Json(item.Payload)));
    }

    private static async Task<Ok<AcceptedResponse>> BatchAsync(string workspace_id, WorkItemBatchRequest body, HttpContext http, WorkItemService items,
        CancellationToken ct)
    {
        Validate.Required(body, "body");
        var operation = body.BatchOperation switch
        {
            "retry" => BatchOperation.Retry,
            "delete" => BatchOperation.Delete,
            "mark_as_done" => BatchOperation.MarkAsDone,
            _ => throw HangarException.Invalid("invalid_batch_operation", "'batch_operation' must be retry, delete or mark_as_done."),
        };
        await items.ApplyBatchAsync(http.RequireCaller(), workspace_id, operation, body.WorkItemIds, ct);
        return TypedResults.Ok(new AcceptedResponse(true));
    }

    private static async Task<Ok<PageResponse<RunOutputResponse>>> RunOutputsAsync(string workspace_id, string process_run_id, HttpContext http,
        RunService runs, WorkItemService items, CancellationToken ct)
    {
        var run = await runs.GetAsync(workspace_id, process_run_id, ct);
        var page = await items.ListAsync(workspace_id, new WorkItemFilter(ProcessRunId: run.Id, OnlyOutputs: true), V1Paging.Read(http), ct);
        var attached = await http.RequestServices.GetRequiredService<IWorkItemFileStore>().ListAsync(workspace_id, page.Items.Select(i => i.Id).ToList(), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, i => i.Id, i => new RunOutputResponse(i.Id, i.CreatedAt, new IdRef(i.ProcessId),
            new IdRef(run.Id), RunMapping.Json(i.Payload), Files(attached[i.Id]))));
    }

    private static Task<Ok<PageResponse<RunOutputResponse>>> OutputsAsync(string workspace_id, string? process_run_id, HttpContext http, RunService runs,
        WorkItemService items, CancellationToken ct) =>
        string.IsNullOrEmpty(process_run_id)
            ? throw HangarException.Invalid("missing_field", "'process_run_id' is required.")
            : RunOutputsAsync(workspace_id, process_run_id, http, runs, items, ct);
}

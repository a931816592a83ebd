using System.Text.Json;
using Hangar.Contracts.ProcessV1;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// The routes of <c>/process-v1</c> robots call at run time (robocorp-workitems, RPA.Robocorp.WorkItems) with their run
/// token: reserve the next input, release it, create outputs. Bodies are read as JSON whatever their Content-Type.
/// </summary>
public static class RobotWorkItemEndpoints
{
    public static void MapRobotWorkItemEndpoints(this IEndpointRouteBuilder app)
    {
        var p = app.MapGroup("/process-v1/workspaces/{workspace_id}/processes/{process_id}").WithGroupName(ApiDocs.ProcessV1)
            .WithTags("Work items (robots)");
        p.MapPost("/runs/{process_run_id}/robotRuns/{step_run_id}/reserve-next-work-item", ReserveAsync)
            .RequireRobotPermission(Permissions.WriteWorkItems)
            .WithSummary("Reserve the oldest pending input of this step run's step: {\"workItemId\": id}, or {\"workItemId\": null} when none is left.");
        p.MapPost("/runs/{process_run_id}/robotRuns/{step_run_id}/release-work-item", ReleaseAsync)
            .RequireRobotPermission(Permissions.WriteWorkItems).Accepts<ReleaseWorkItemRequest>("application/json")
            .WithSummary("Release an item this step run holds: {workItemId, state: COMPLETED|FAILED, exception?: {type: BUSINESS|APPLICATION, code?, message?}}.");
        p.MapPost("/work-items/{work_item_id}/output", CreateOutputAsync)
            .RequireRobotPermission(Permissions.WriteWorkItems)
            .WithSummary("Create an output of the item {payload}: an input of the next step, or after the last step a run output.");
    }

    private static async Task<Ok<ReservedWorkItem>> ReserveAsync(string workspace_id, string process_id, string process_run_id, string step_run_id,
        HttpContext http, RobotWorkItemService items, CancellationToken ct) =>
        TypedResults.Ok(new ReservedWorkItem(await items.ReserveNextAsync(http.RequireCaller(), workspace_id, process_id, process_run_id, step_run_id, ct)));

    private static async Task<Ok<ReleasedWorkItem>> ReleaseAsync(string workspace_id, string process_id, string process_run_id, string step_run_id,
        HttpContext http, RobotWorkItemService items, CancellationToken ct)
    {
        var body = await RawJsonBody.ReadAsync(http);
        ReleaseWorkItemRequest? request;
        try
        {
            request = body.Json is { ValueKind: JsonValueKind.Object } json ? json.Deserialize<ReleaseWorkItemRequest>() : null;
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            throw HangarException.Invalid("invalid_json", "The body must be {\"workItemId\", \"state\": \"COMPLETED\"|\"FAILED\", \"exception\"?: {...}}.");
        }

        await items.ReleaseAsync(http.RequireCaller(), workspace_id, process_id, process_run_id, step_run_id, request.WorkItemId, request.State,
            request.Exception?.Type, request.Exception?.Code, request.Exception?.Message, ct);
        return TypedResults.Ok(new ReleasedWorkItem(request.WorkItemId!, request.State!.ToUpperInvariant()));
    }

    private static async Task<Ok<LegacyId>> CreateOutputAsync(string workspace_id, string process_id, string work_item_id, HttpContext http,
        RobotWorkItemService items, CancellationToken ct)
    {
        var body = await RawJsonBody.ReadAsync(http);
        string? payload = null;
        if (body.Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("payload", out var value) && value.ValueKind != JsonValueKind.Null)
        {
            payload = value.GetRawText();
        }

        var output = await items.CreateOutputAsync(http.RequireCaller(), workspace_id, process_id, work_item_id, payload, ct);
        return TypedResults.Ok(new LegacyId(output.Id));
    }
}

using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Retention;
using Hangar.Core.Security;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>A workspace's settings (run retention) and what it stores: Hangar additions to the v1 API.</summary>
public static class WorkspaceSettingsEndpoints
{
    public static void MapWorkspaceSettingsEndpoints(this RouteGroupBuilder v1)
    {
        var ws = v1.MapGroup("/workspaces/{workspace_id}").WithTags("Workspaces");
        ws.MapGet("/settings", GetAsync).RequireWorkspacePermission(null)
            .WithSummary("The workspace's settings: how many days finished runs are kept (null: forever). A Hangar addition.");
        ws.MapPut("/settings", UpdateAsync).RequireWorkspacePermission(Permissions.WriteWorkspaceSettings)
            .WithSummary("Change the workspace's settings; only the fields given change. A shorter retention deletes older runs at the next housekeeping.");
        ws.MapGet("/usage", UsageAsync).RequireWorkspacePermission(null)
            .WithSummary("What the workspace stores: runs, step runs, work items, and its files' bytes by kind. A Hangar addition.");
    }

    private static async Task<Ok<WorkspaceSettingsResponse>> GetAsync(string workspace_id, RetentionService retention, CancellationToken ct) =>
        TypedResults.Ok(new WorkspaceSettingsResponse(await retention.GetRunRetentionAsync(workspace_id, ct)));

    private static async Task<Ok<WorkspaceSettingsResponse>> UpdateAsync(string workspace_id, UpdateWorkspaceSettingsRequest body, HttpContext http,
        RetentionService retention, CancellationToken ct)
    {
        Validate.Required(body, "body");
        if (!body.RunRetentionDaysGiven)
        {
            throw HangarException.Invalid("missing_field", "The body changes nothing: give 'run_retention_days' (a number of days, or null to keep runs forever).");
        }

        var days = await retention.SetRunRetentionAsync(http.RequireCaller(), workspace_id, body.RunRetentionDays, ct);
        return TypedResults.Ok(new WorkspaceSettingsResponse(days));
    }

    private static async Task<Ok<WorkspaceUsageResponse>> UsageAsync(string workspace_id, RetentionService retention, CancellationToken ct)
    {
        var usage = await retention.GetUsageAsync(workspace_id, ct);
        return TypedResults.Ok(new WorkspaceUsageResponse(usage.ProcessRuns, usage.StepRuns, usage.WorkItems, Files(usage.Artifacts),
            Files(usage.WorkItemFiles), Files(usage.Assets), Files(usage.TaskPackageVersions), usage.BlobBytes));
    }

    private static StoredFilesResponse Files(StoredFiles files) => new(files.Count, files.Bytes);
}

using Hangar.Contracts.ProcessV1;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// The deprecated per-process secret ("Process API access"): managing it over v1, and the legacy start-run route
/// that accepts it. Answers of the legacy route point callers at the workspace API.
/// </summary>
public static class ProcessSecretEndpoints
{
    public sealed record ProcessSecretResponse(string ProcessId, string Secret, string Header, string Notice);

    public sealed record ProcessSecretStatusResponse(bool Exists, DateTimeOffset? CreatedAt, DateTimeOffset? LastUsedAt);

    public static void MapProcessSecretEndpoints(this RouteGroupBuilder v1, IEndpointRouteBuilder app)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/processes/{process_id}/process-secret").WithTags("Processes");
        group.MapGet("/", StatusAsync).RequireWorkspacePermission(Permissions.ReadProcesses).WithSummary("Whether the process has a process API secret (deprecated).");
        group.MapPost("/", GenerateAsync).RequireWorkspacePermission(Permissions.WriteProcesses)
            .WithSummary("Generate or rotate the process API secret (deprecated: use API keys); shown only in this answer.");
        group.MapDelete("/", RevokeAsync).RequireWorkspacePermission(Permissions.WriteProcesses).WithSummary("Revoke the process API secret.");

        app.MapPost("/workspace-v1/workspaces/{workspace_id}/processes/{process_id}/runs", StartAsync).WithGroupName(ApiDocs.Legacy)
            .WithTags("Process-specific API (deprecated)").RequireProcessSecret()
            .WithSummary("Start a run with the process's secret; the body is the input work item's payload. Deprecated: use API keys.");
    }

    private static async Task<Ok<ProcessSecretStatusResponse>> StatusAsync(string workspace_id, string process_id, ProcessService processes,
        ProcessSecretService secrets, CancellationToken ct)
    {
        var process = await processes.GetAsync(workspace_id, process_id, ct);
        var secret = await secrets.FindAsync(workspace_id, process.Id, ct);
        return TypedResults.Ok(new ProcessSecretStatusResponse(secret is not null, secret?.CreatedAt, secret?.LastUsedAt));
    }

    private static async Task<Ok<ProcessSecretResponse>> GenerateAsync(string workspace_id, string process_id, HttpContext http, ProcessService processes,
        ProcessSecretService secrets, CancellationToken ct)
    {
        var process = await processes.GetAsync(workspace_id, process_id, ct);
        var value = await secrets.GenerateAsync(http.RequireCaller(), workspace_id, process.Id, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ProcessSecretResponse(process.Id, value, ProcessSecretService.HeaderName,
            "Process API secrets are deprecated; new integrations should use workspace API keys (Authorization: RC-WSKEY <key>)."));
    }

    private static async Task<Ok<Contracts.V1.DeletedResponse>> RevokeAsync(string workspace_id, string process_id, HttpContext http,
        ProcessSecretService secrets, CancellationToken ct)
    {
        await secrets.RevokeAsync(http.RequireCaller(), workspace_id, process_id, ct);
        return TypedResults.Ok(new Contracts.V1.DeletedResponse(process_id, true));
    }

    private static async Task<Ok<LegacyStarted>> StartAsync(string workspace_id, string process_id, HttpContext http, RunService runs,
        WorkItemService items, CancellationToken ct)
    {
        http.Response.Headers["Deprecation"] = "true";
        http.Response.Headers.Link =
            $"</api/v1/workspaces/{workspace_id}/processes/{process_id}/process-runs>; rel=\"successor-version\", </api/docs>; rel=\"deprecation\"";
        var body = await RawJsonBody.ReadAsync(http);
        var payload = body.Json is { ValueKind: not System.Text.Json.JsonValueKind.Null } json ? json.GetRawText() : null;
        var outcome = await runs.StartAsync(http.RequireCaller().StartedBy(), workspace_id, process_id, StartRequest.WithPayload(payload) with { Surface = "legacy" },
            RawJsonBody.IdempotencyKey(http), body.Hash(http), ct);
        var run = outcome.Runs[0];
        var started = await items.ListAsync(workspace_id, new WorkItemFilter(ProcessRunId: run.Id), Core.Paging.PageRequest.First(), ct);
        return TypedResults.Ok(new LegacyStarted(run.Id, run.Id, run.Number, started.Items.Select(i => i.Id).ToList()));
    }
}

using System.Text.Json;
using Hangar.Contracts.ProcessV1;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// Robocorp's legacy workspace Process API (<c>/process-v1</c>, camelCase) as RPA.Robocorp.Process calls it with
/// <c>RC-WSKEY</c>. Bodies are read as JSON whatever their Content-Type, since that client does not always send one.
/// </summary>
public static class ProcessApiEndpoints
{
    public static void MapProcessApiEndpoints(this IEndpointRouteBuilder app)
    {
        var w = app.MapGroup("/process-v1/workspaces/{workspace_id}").WithGroupName(ApiDocs.ProcessV1).WithTags("Process API (legacy)");
        w.MapGet("/processes", ListProcessesAsync).RequireWorkspacePermission(Permissions.ReadProcesses).WithSummary("The workspace's processes.");
        w.MapGet("/pruns", ListWorkspaceRunsAsync).RequireWorkspacePermission(Permissions.ReadRuns)
            .WithSummary("The workspace's runs, newest first, as a bare JSON array.");
        var p = w.MapGroup("/processes/{process_id}");
        p.MapPost("/runs", StartAsync).RequireWorkspacePermission(Permissions.TriggerProcesses)
            .WithSummary("Start a run; the body is the input work item's payload ({} or [] for none).");
        p.MapPost("/runs-batch", StartBatchAsync).RequireWorkspacePermission(Permissions.TriggerProcesses)
            .WithSummary("Start one run per element of the body's array.");
        p.MapPost("/run-request", RunRequestAsync).RequireWorkspacePermission(Permissions.TriggerProcesses)
            .WithSummary("Start a run: {\"type\":\"default\"} or {\"type\":\"workItemIds\",\"workItemIds\":[...]}.");
        p.MapGet("/runs", ListRunsAsync).RequireWorkspacePermission(Permissions.ReadRuns).WithSummary("The process's runs, newest first.");
        p.MapGet("/runs/{process_run_id}", GetRunAsync).RequireWorkspacePermission(Permissions.ReadRuns).WithSummary("One run.");
        p.MapGet("/runs/{process_run_id}/robotRuns/{step_run_id}", GetRobotRunAsync).RequireWorkspacePermission(Permissions.ReadRuns)
            .WithSummary("One robot run (step run) of a run.");
        p.MapGet("/runs/{process_run_id}/robotRuns/{step_run_id}/artifacts", ListArtifactsAsync).RequireWorkspacePermission(Permissions.ReadRunOutputs)
            .WithSummary("The robot run's artifacts, as a JSON array.");
        p.MapGet("/runs/{process_run_id}/robotRuns/{step_run_id}/artifacts/{artifact_id}/{file_name}", ArtifactUrlAsync)
            .RequireWorkspacePermission(Permissions.ReadRunOutputs).WithSummary("A signed download URL of the artifact, as a JSON string.");
        p.MapGet("/runs/{process_run_id}/work-items", ListRunWorkItemsAsync).RequireWorkspacePermission(Permissions.ReadWorkItems)
            .WithSummary("The run's work items (includeData=true adds payloads).");
        p.MapPost("/work-items", CreateWorkItemAsync).RequireWorkspacePermission(Permissions.WriteWorkItems)
            .WithSummary("Add an input work item {payload} to the process's queue.");
        p.MapGet("/work-items", ListWorkItemsAsync).RequireWorkspacePermission(Permissions.ReadWorkItems)
            .WithSummary("The process's work items (includeData=true adds payloads).");
        p.MapGet("/work-items/{work_item_id}", GetWorkItemAsync).RequireWorkspacePermission(Permissions.ReadWorkItems).WithSummary("One work item.");
        p.MapPost("/work-items/{work_item_id}/files/upload", FileUploadLinkAsync).RequireWorkspacePermission(Permissions.WriteWorkItems)
            .WithSummary("An upload URL for a file of the work item {fileName, fileSize}: POST the fields, then the part 'file'.");
        p.MapPost("/work-items/{work_item_id}/retry", RetryAsync).RequireWorkspacePermission(Permissions.WriteWorkItems)
            .WithSummary("Retry a failed work item.");
    }

    private static async Task<Ok<DataList<LegacyProcess>>> ListProcessesAsync(string workspace_id, ProcessService processes, CancellationToken ct) =>
        TypedResults.Ok(new DataList<LegacyProcess>((await processes.ListAllAsync(workspace_id, ct)).Select(x => new LegacyProcess(x.Id, x.Name, x.CreatedAt)).ToList()));

    private static async Task<Ok<List<LegacyRun>>> ListWorkspaceRunsAsync(string workspace_id, int? limit, RunService runs, CancellationToken ct)
    {
        var page = await runs.ListAsync(workspace_id, new RunFilter(), new PageRequest(null, Limit(limit)), ct);
        return TypedResults.Ok(page.Items.Select(r => r.ToLegacy()).ToList());
    }

    private static async Task<Ok<LegacyStarted>> StartAsync(string workspace_id, string process_id, HttpContext http, RunService runs, CancellationToken ct)
    {
        var body = await RawJsonBody.ReadAsync(http);
        var outcome = await runs.StartAsync(http.RequireCaller().StartedBy(), workspace_id, process_id, StartRequest.WithPayload(PayloadOf(body.Json)) with { Surface = "process-v1" },
            RawJsonBody.IdempotencyKey(http), body.Hash(http), ct);
        return TypedResults.Ok(await StartedAsync(http, workspace_id, outcome.Runs[0], ct));
    }

    private static async Task<Ok<DataList<LegacyStarted>>> StartBatchAsync(string workspace_id, string process_id, HttpContext http, RunService runs,
        CancellationToken ct)
    {
        var body = await RawJsonBody.ReadAsync(http);
        if (body.Json is not { ValueKind: JsonValueKind.Array } array)
        {
            throw HangarException.Invalid("invalid_batch", "The body must be a JSON array of payloads, one run each.");
        }

        var payloads = array.EnumerateArray().Select(e => PayloadOf(e)).ToList();
        var outcome = await runs.StartAsync(http.RequireCaller().StartedBy(), workspace_id, process_id,
            new StartRequest(StartKind.WithPayloads, payloads, [], null, RunPerPayload: true) { Surface = "process-v1" }, RawJsonBody.IdempotencyKey(http), body.Hash(http), ct);
        var started = new List<LegacyStarted>();
        foreach (var run in outcome.Runs)
        {
            started.Add(await StartedAsync(http, workspace_id, run, ct));
        }

        return TypedResults.Ok(new DataList<LegacyStarted>(started));
    }

    private static async Task<Ok<LegacyStarted>> RunRequestAsync(string workspace_id, string process_id, HttpContext http, RunService runs, CancellationToken ct)
    {
        var body = await RawJsonBody.ReadAsync(http);
        LegacyRunRequest? request;
        try
        {
            request = body.Json?.Deserialize<LegacyRunRequest>();
        }
        catch (JsonException)
        {
            throw HangarException.Invalid("invalid_json", "The body must be {\"type\":\"default\"} or {\"type\":\"workItemIds\",\"workItemIds\":[...]}.");
        }

        var start = request?.Type switch
        {
            null or "default" => StartRequest.Default,
            "workItemIds" => new StartRequest(StartKind.WithWorkItemIds, [], request.WorkItemIds ?? [], null),
            _ => throw HangarException.Invalid("invalid_start_type", "'type' must be default or workItemIds."),
        };
        var outcome = await runs.StartAsync(http.RequireCaller().StartedBy(), workspace_id, process_id, start with { Surface = "process-v1" }, RawJsonBody.IdempotencyKey(http),
            body.Hash(http), ct);
        return TypedResults.Ok(await StartedAsync(http, workspace_id, outcome.Runs[0], ct));
    }

    private static async Task<Ok<DataList<LegacyRun>>> ListRunsAsync(string workspace_id, string process_id, int? limit, RunService runs, CancellationToken ct)
    {
        var page = await runs.ListAsync(workspace_id, new RunFilter(process_id), new PageRequest(null, Limit(limit)), ct);
        return TypedResults.Ok(new DataList<LegacyRun>(page.Items.Select(r => r.ToLegacy()).ToList()));
    }

    private static async Task<Ok<LegacyRun>> GetRunAsync(string workspace_id, string process_id, string process_run_id, RunService runs, CancellationToken ct) =>
        TypedResults.Ok((await RunOfProcessAsync(runs, workspace_id, process_id, process_run_id, ct)).ToLegacy());

    private static async Task<Ok<LegacyRobotRun>> GetRobotRunAsync(string workspace_id, string process_id, string process_run_id, string step_run_id,
        RunService runs, IRunStore store, CancellationToken ct)
    {
        var run = await RunOfProcessAsync(runs, workspace_id, process_id, process_run_id, ct);
        var stepRun = (Ids.IsWellFormed(step_run_id) ? await store.FindStepRunAsync(workspace_id, step_run_id, ct) : null) is { } s && s.ProcessRunId == run.Id
            ? s
            : throw HangarException.NotFound("The robot run");
        return TypedResults.Ok(stepRun.ToLegacy());
    }

    private static async Task<Ok<List<LegacyArtifact>>> ListArtifactsAsync(string workspace_id, string process_id, string process_run_id,
        string step_run_id, RunService runs, IRunStore store, IStepRunOutputStore outputs, CancellationToken ct)
    {
        var stepRun = await StepRunOfAsync(runs, store, workspace_id, process_id, process_run_id, step_run_id, ct);
        var page = await outputs.ListArtifactsAsync(workspace_id, stepRun.Id, PageRequest.First(PageRequest.MaxLimit), ct);
        return TypedResults.Ok(page.Items.Select(a => new LegacyArtifact(a.Id, a.Name, a.Size)).ToList());
    }

    private static async Task<Ok<string>> ArtifactUrlAsync(string workspace_id, string process_id, string process_run_id, string step_run_id,
        string artifact_id, string file_name, HttpContext http, RunService runs, IRunStore store, IStepRunOutputStore outputs, Blobs.SignedUrls urls,
        CancellationToken ct)
    {
        var stepRun = await StepRunOfAsync(runs, store, workspace_id, process_id, process_run_id, step_run_id, ct);
        var artifact = await StepRunEndpoints.FindArtifactAsync(store, outputs, workspace_id, stepRun.Id, artifact_id, ct);
        if (artifact.Name != file_name && Path.GetFileName(artifact.Name) != file_name)
        {
            throw HangarException.NotFound("The artifact");
        }

        // The client reads the answer as a JSON string holding the URL.
        return TypedResults.Ok(urls.ForDownload(StepRunEndpoints.ArtifactGrant(artifact)).Url);
    }

    private static async Task<StepRun> StepRunOfAsync(RunService runs, IRunStore store, string workspaceId, string processId, string runId,
        string stepRunId, CancellationToken ct)
    {
        var run = await RunOfProcessAsync(runs, workspaceId, processId, runId, ct);
        return (Ids.IsWellFormed(stepRunId) ? await store.FindStepRunAsync(workspaceId, stepRunId, ct) : null) is { } s && s.ProcessRunId == run.Id
            ? s
            : throw HangarException.NotFound("The robot run");
    }

    private static async Task<Ok<DataList<LegacyWorkItem>>> ListRunWorkItemsAsync(string workspace_id, string process_id, string process_run_id,
        bool? includeData, string? sortOrder, RunService runs, WorkItemService items, CancellationToken ct)
    {
        var run = await RunOfProcessAsync(runs, workspace_id, process_id, process_run_id, ct);
        var page = await items.ListAsync(workspace_id, new WorkItemFilter(process_id, run.Id), PageRequest.First(PageRequest.MaxLimit), ct);
        var list = page.Items.Select(i => i.ToLegacy(run.Number, includeData ?? false));
        return TypedResults.Ok(new DataList<LegacyWorkItem>((sortOrder == "desc" ? list.Reverse() : list).ToList()));
    }

    private static async Task<Ok<LegacyId>> CreateWorkItemAsync(string workspace_id, string process_id, HttpContext http, WorkItemService items,
        CancellationToken ct)
    {
        var body = await RawJsonBody.ReadAsync(http);
        var payload = body.Json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("payload", out var p) ? PayloadOf(p) : null;
        var item = await items.CreateInputAsync(workspace_id, process_id, payload, ct);
        return TypedResults.Ok(new LegacyId(item.Id));
    }

    private static async Task<Ok<DataList<LegacyWorkItem>>> ListWorkItemsAsync(string workspace_id, string process_id, bool? includeData, int? limit,
        HttpContext http, WorkItemService items, IRunStore store, CancellationToken ct)
    {
        var page = await items.ListAsync(workspace_id, new WorkItemFilter(process_id), new PageRequest(null, Limit(limit, PageRequest.MaxLimit)), ct);
        var numbers = await RunNumbersAsync(store, workspace_id, page.Items, ct);
        return TypedResults.Ok(new DataList<LegacyWorkItem>(page.Items
            .Select(i => i.ToLegacy(i.ProcessRunId is null ? null : numbers[i.ProcessRunId], includeData ?? false)).ToList()));
    }

    private static async Task<Ok<LegacyWorkItem>> GetWorkItemAsync(string workspace_id, string process_id, string work_item_id, bool? includeData,
        WorkItemService items, IRunStore store, CancellationToken ct)
    {
        var item = await ItemOfProcessAsync(items, workspace_id, process_id, work_item_id, ct);
        var numbers = await RunNumbersAsync(store, workspace_id, [item], ct);
        return TypedResults.Ok(item.ToLegacy(item.ProcessRunId is null ? null : numbers[item.ProcessRunId], includeData ?? true));
    }

    private static async Task<Ok<LegacyWorkItem>> RetryAsync(string workspace_id, string process_id, string work_item_id, HttpContext http,
        WorkItemService items, CancellationToken ct)
    {
        var item = await ItemOfProcessAsync(items, workspace_id, process_id, work_item_id, ct);
        await items.ApplyBatchAsync(http.RequireCaller(), workspace_id, BatchOperation.Retry, [item.Id], ct);
        return TypedResults.Ok((await items.GetAsync(workspace_id, item.Id, ct)).ToLegacy(null, false));
    }

    private static async Task<Ok<LegacyUploadLink>> FileUploadLinkAsync(string workspace_id, string process_id, string work_item_id, HttpContext http,
        WorkItemService items, WorkItemFileService files, Blobs.SignedUrls urls, CancellationToken ct)
    {
        var item = await ItemOfProcessAsync(items, workspace_id, process_id, work_item_id, ct);
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

        var grant = await files.GrantUploadAsync(http.RequireCaller(), workspace_id, item.Id, request?.FileName, request?.FileSize, ct);
        var (url, form, _) = urls.ForFormUpload(grant);
        return TypedResults.Ok(new LegacyUploadLink(url, form));
    }

    /// <summary>A legacy start body: <c>{}</c>, <c>[]</c> and no body mean an item without payload; anything else is the payload.</summary>
    private static string? PayloadOf(JsonElement? body) => body switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Object } o when !o.EnumerateObject().Any() => null,
        { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() == 0 => null,
        { } json => json.GetRawText(),
    };

    private static async Task<LegacyStarted> StartedAsync(HttpContext http, string workspaceId, ProcessRun run, CancellationToken ct)
    {
        var items = await http.RequestServices.GetRequiredService<WorkItemService>()
            .ListAsync(workspaceId, new WorkItemFilter(ProcessRunId: run.Id), PageRequest.First(PageRequest.MaxLimit), ct);
        return new LegacyStarted(run.Id, run.Id, run.Number, items.Items.Select(i => i.Id).ToList());
    }

    private static async Task<ProcessRun> RunOfProcessAsync(RunService runs, string workspaceId, string processId, string runId, CancellationToken ct)
    {
        var run = await runs.GetAsync(workspaceId, runId, ct);
        return run.ProcessId == processId ? run : throw HangarException.NotFound("The process run");
    }

    private static async Task<WorkItem> ItemOfProcessAsync(WorkItemService items, string workspaceId, string processId, string itemId, CancellationToken ct)
    {
        var item = await items.GetAsync(workspaceId, itemId, ct);
        return item.ProcessId == processId ? item : throw HangarException.NotFound("The work item");
    }

    private static async Task<Dictionary<string, long>> RunNumbersAsync(IRunStore store, string workspaceId, IEnumerable<WorkItem> items, CancellationToken ct)
    {
        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var runId in items.Select(i => i.ProcessRunId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            numbers[runId] = (await store.FindRunAsync(workspaceId, runId, ct))?.Number ?? 0;
        }

        return numbers;
    }

    private static int Limit(int? limit, int fallback = 10) =>
        limit is null ? fallback : limit is >= 1 and <= PageRequest.MaxLimit ? limit.Value
            : throw HangarException.Invalid("invalid_limit", $"'limit' must be from 1 to {PageRequest.MaxLimit}.");
}

using System.Text.Json;
using Hangar.Contracts.V1;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>Starting, reading, stopping and deleting process runs over v1.</summary>
public static class ProcessRunEndpoints
{
    public static void MapProcessRunEndpoints(this RouteGroupBuilder v1)
    {
        var ws = v1.MapGroup("/workspaces/{workspace_id}").WithTags("Process runs");
        ws.MapPost("/processes/{process_id}/process-runs", StartAsync).RequireWorkspacePermission(Permissions.TriggerProcesses)
            .Accepts<StartRunRequest>("application/json").Produces<StartRunResponse>()
            .WithSummary("Start a run: empty body, with_payloads, with_work_item_ids or with_inputs; optional callback, Idempotency-Key.");
        ws.MapPost("/processes/{process_id}/process-runs-integrations", StartIntegrationAsync)
            .RequireWorkspacePermission(Permissions.TriggerProcesses).WithMetadata(new QueryTokenAllowed())
            .Accepts<JsonElement>("application/json", "*/*").Produces<StartRunResponse>()
            .WithSummary("Start a run for an integration: the API key in '?token=', the whole body is the input work item's payload. "
                         + "With '?with_handshake=asana', a request carrying X-Hook-Secret is Asana's handshake: the header is echoed and no run starts.");
        ws.MapGet("/process-runs", ListAsync).RequireWorkspacePermission(Permissions.ReadRuns)
            .WithSummary("Runs, newest first; filters process_id and state.");
        ws.MapGet("/process-runs/{process_run_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadRuns, Permissions.ReadProcesses).WithSummary("One run.");
        ws.MapPost("/process-runs/{process_run_id}/stop", StopAsync).RequireWorkspacePermission(Permissions.TriggerProcesses)
            .WithSummary("Stop a run: nothing new starts; robots running now are killed (terminate_ongoing_activity_runs) or allowed to finish; remaining work items are set done or failed.");
        ws.MapDelete("/process-runs/{process_run_id}", DeleteAsync).RequireWorkspacePermission(Permissions.TriggerProcesses, Permissions.ReadRuns)
            .WithSummary("Delete a finished run with its step runs and work items.");
    }

    private static async Task<IResult> StartAsync(string workspace_id, string process_id, HttpContext http, RunService runs, CancellationToken ct)
    {
        var waitSeconds = ParseWait(http);
        var body = await RawJsonBody.ReadAsync(http);
        var request = Interpret(body.Json);
        var outcome = await runs.StartAsync(http.RequireCaller().StartedBy(), workspace_id, process_id, request, RawJsonBody.IdempotencyKey(http),
            body.Hash(http), ct);
        if (outcome.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        var run = outcome.Runs.Count > 0 ? outcome.Runs[0] : null;
        if (run is not null && waitSeconds is { } seconds)
        {
            return TypedResults.Ok(await WaitAsync(http, workspace_id, run.Id, seconds, ct));
        }

        return TypedResults.Ok(new StartRunResponse(run is not null, run?.Id));
    }

    private static async Task<Ok<StartRunResponse>> StartIntegrationAsync(string workspace_id, string process_id, HttpContext http, RunService runs,
        ProcessService processes, CancellationToken ct)
    {
        if (AsanaHandshake(http) is { } hookSecret)
        {
            // Asana proves the URL works before sending events: it must get its secret back. The handshake is no event,
            // so it starts nothing; the process must exist, so that a mistyped URL fails now rather than at each event.
            await processes.GetAsync(workspace_id, process_id, ct);
            http.Response.Headers[HookSecretHeader] = hookSecret;
            return TypedResults.Ok(new StartRunResponse(false, null));
        }

        var body = await RawJsonBody.ReadAsync(http);
        var request = StartRequest.WithPayload(body.Json is { } json ? json.GetRawText() : null);
        var outcome = await runs.StartAsync(http.RequireCaller().StartedBy(), workspace_id, process_id, request, RawJsonBody.IdempotencyKey(http),
            body.Hash(http), ct);
        return TypedResults.Ok(new StartRunResponse(outcome.Runs.Count > 0, outcome.Runs.Count > 0 ? outcome.Runs[0].Id : null));
    }

    private static async Task<Ok<PageResponse<ProcessRunResponse>>> ListAsync(string workspace_id, string? process_id, string? state, HttpContext http,
        RunService runs, ProcessNames names, CancellationToken ct)
    {
        var page = await runs.ListAsync(workspace_id, new RunFilter(process_id, RunMapping.ParseRunState(state)), V1Paging.Read(http), ct);
        var lookup = await names.ForAsync(workspace_id, page.Items.Select(r => r.ProcessId), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, r => r.Id, r => r.ToResponse(lookup[r.ProcessId])));
    }

    private static async Task<Ok<ProcessRunResponse>> GetAsync(string workspace_id, string process_run_id, RunService runs, ProcessNames names,
        CancellationToken ct)
    {
        var run = await runs.GetAsync(workspace_id, process_run_id, ct);
        return TypedResults.Ok(run.ToResponse((await names.ForAsync(workspace_id, [run.ProcessId], ct))[run.ProcessId]));
    }

    private static async Task<Ok<AcceptedResponse>> StopAsync(string workspace_id, string process_run_id, StopRunRequest? body, HttpContext http,
        RunService runs, CancellationToken ct)
    {
        await runs.StopAsync(http.RequireCaller(), workspace_id, process_run_id, body?.SetRemainingWorkItemsAsDone ?? false,
            body?.TerminateOngoingActivityRuns ?? false, body?.Reason, ct);
        return TypedResults.Ok(new AcceptedResponse(true));
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string process_run_id, HttpContext http, RunService runs,
        CancellationToken ct)
    {
        await runs.DeleteAsync(http.RequireCaller(), workspace_id, process_run_id, ct);
        return TypedResults.Ok(new DeletedResponse(process_run_id, true));
    }

    private const string HookSecretHeader = "X-Hook-Secret";

    /// <summary>
    /// The secret of Asana's webhook handshake (<c>?with_handshake=asana</c> and an <c>X-Hook-Secret</c> header), or null
    /// for an ordinary request. The value is echoed in a response header, so it must be a plain token.
    /// </summary>
    private static string? AsanaHandshake(HttpContext http)
    {
        if (!http.Request.Query.TryGetValue("with_handshake", out var kind))
        {
            return null;
        }

        if (kind.ToString() != "asana")
        {
            throw HangarException.Invalid("invalid_handshake", "'with_handshake' must be asana.");
        }

        var secret = http.Request.Headers[HookSecretHeader].ToString();
        if (secret.Length == 0)
        {
            return null;
        }

        return secret.Length <= 512 && secret.All(c => c is >= '!' and <= '~')
            ? secret
            : throw HangarException.Invalid("invalid_hook_secret", $"'{HookSecretHeader}' must be 1 to 512 visible ASCII characters.");
    }

    /// <summary>Reads <c>?wait=</c> before anything is started, so a bad value starts nothing.</summary>
    private static int? ParseWait(HttpContext http)
    {
        if (!http.Request.Query.TryGetValue("wait", out var wait))
        {
            return null;
        }

        return int.TryParse(wait, out var seconds) && seconds is >= 0 and <= 300
            ? seconds
            : throw HangarException.Invalid("invalid_wait", "'wait' must be a whole number of seconds from 0 to 300.");
    }

    /// <summary>Robocorp's start-run bodies to a <see cref="StartRequest"/>.</summary>
    internal static StartRequest Interpret(JsonElement? body)
    {
        if (body is null || body.Value.ValueKind == JsonValueKind.Object && !body.Value.EnumerateObject().Any())
        {
            return StartRequest.Default;
        }

        StartRunRequest? request;
        try
        {
            request = body.Value.Deserialize<StartRunRequest>(ApiJson.Options);
        }
        catch (JsonException ex)
        {
            throw HangarException.Invalid("invalid_json", $"The body is not a start-run request ({ex.Path}).");
        }

        var callback = request?.Callback is { } c ? new RunCallback(c.Url ?? string.Empty, c.Secret, c.CallbackEvents ?? []) : null;
        return request?.Type switch
        {
            null => StartRequest.Default with { Callback = callback },
            "with_payloads" => new StartRequest(StartKind.WithPayloads, (request.Payloads ?? []).Select(p => (string?)p.GetRawText()).ToList(), [], callback),
            "with_work_item_ids" => new StartRequest(StartKind.WithWorkItemIds, [], request.WorkItemIds ?? [], callback),
            "with_inputs" => new StartRequest(StartKind.WithInputs, [], [], callback),
            _ => throw HangarException.Invalid("invalid_start_type", "'type' must be with_payloads, with_work_item_ids or with_inputs (or absent)."),
        };
    }

    /// <summary><c>?wait=seconds</c>: answer when the run ends, or with the run as it stands when the wait is over.</summary>
    private static async Task<ProcessRunResponse> WaitAsync(HttpContext http, string workspaceId, string runId, int seconds,
        CancellationToken ct)
    {
        var names = http.RequestServices.GetRequiredService<ProcessNames>();
        var scopes = http.RequestServices.GetRequiredService<IServiceScopeFactory>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        ProcessRun run;
        while (true)
        {
            // A fresh unit of work each time: the request's own context would keep answering the run as first read.
            await using (var scope = scopes.CreateAsyncScope())
            {
                run = await scope.ServiceProvider.GetRequiredService<RunService>().GetAsync(workspaceId, runId, ct);
            }

            if (run.State is ProcessRunState.Completed or ProcessRunState.Unresolved or ProcessRunState.Stopped || DateTimeOffset.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        return run.ToResponse((await names.ForAsync(workspaceId, [run.ProcessId], ct))[run.ProcessId]);
    }
}

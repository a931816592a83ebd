using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Server.Auth;
using Hangar.Server.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>Step runs ("robot runs") of process runs over v1.</summary>
public static class StepRunEndpoints
{
    public static void MapStepRunEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/step-runs").WithTags("Step runs");
        group.MapGet("/", ListAsync).RequireWorkspacePermission(Permissions.ReadRuns, Permissions.ReadProcesses).WithSummary("The step runs of a process run (process_run_id is required).");
        group.MapGet("/{step_run_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadRuns).WithSummary("One step run.");
        group.MapGet("/{step_run_id}/artifacts", ListArtifactsAsync).RequireWorkspacePermission(Permissions.ReadRunOutputs)
            .WithSummary("The files the step run left in its artifacts folder.");
        group.MapGet("/{step_run_id}/artifacts/{artifact_id}", GetArtifactAsync).RequireWorkspacePermission(Permissions.ReadRunOutputs)
            .WithSummary("One artifact with a signed download URL.");
        group.MapGet("/{step_run_id}/console-messages", ConsoleAsync).RequireWorkspacePermission(Permissions.ReadRuns, Permissions.ReadRunOutputs)
            .WithSummary("The robot's stdout and stderr lines, in order; after_sequence (Hangar's addition) starts after a line already read, for following a console as it is written.");
        group.MapGet("/{step_run_id}/events", EventsAsync).RequireWorkspacePermission(Permissions.ReadRuns, Permissions.ReadRunOutputs)
            .WithSummary("The step run's lifecycle events (queued, started, completed, failed, stopped, worker_lost).");
    }

    private static async Task<Ok<PageResponse<StepRunResponse>>> ListAsync(string workspace_id, string? process_run_id, HttpContext http,
        RunService runs, IRunStore store, IProcessStore processes, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(process_run_id))
        {
            throw HangarException.Invalid("missing_field", "'process_run_id' is required.");
        }

        var run = await runs.GetAsync(workspace_id, process_run_id, ct);
        var page = await store.ListStepRunsAsync(workspace_id, run.Id, V1Paging.Read(http), ct);
        var steps = (await processes.FindAsync(workspace_id, run.ProcessId, ct))?.Steps.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal) ?? [];
        return TypedResults.Ok(V1Paging.Respond(http, page, s => s.Id, s => s.ToResponse(steps.GetValueOrDefault(s.StepId, string.Empty))));
    }

    private static async Task<Ok<PageResponse<ArtifactResponse>>> ListArtifactsAsync(string workspace_id, string step_run_id, HttpContext http,
        IRunStore store, IStepRunOutputStore outputs, CancellationToken ct)
    {
        var stepRun = await FindAsync(store, workspace_id, step_run_id, ct);
        var page = await outputs.ListArtifactsAsync(workspace_id, stepRun.Id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, a => a.Id, a => new ArtifactResponse(a.Id, a.Name, a.Size)));
    }

    private static async Task<Ok<ArtifactDownloadResponse>> GetArtifactAsync(string workspace_id, string step_run_id, string artifact_id, HttpContext http,
        IRunStore store, IStepRunOutputStore outputs, SignedUrls urls, CancellationToken ct)
    {
        var artifact = await FindArtifactAsync(store, outputs, workspace_id, step_run_id, artifact_id, ct);
        var (url, _) = urls.ForDownload(ArtifactGrant(artifact));
        return TypedResults.Ok(new ArtifactDownloadResponse(artifact.Id, artifact.Name, artifact.Size, url));
    }

    private static async Task<Ok<PageResponse<ConsoleMessageResponse>>> ConsoleAsync(string workspace_id, string step_run_id, string? after_sequence,
        HttpContext http, IRunStore store, IStepRunOutputStore outputs, CancellationToken ct)
    {
        // after_sequence is read before the step run is looked up, so a bad value is refused the same for every step run.
        long? afterSequence = null;
        if (after_sequence is not null)
        {
            afterSequence = long.TryParse(after_sequence, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw HangarException.Invalid("invalid_after_sequence", "'after_sequence' must be the sequence of a console line (a whole number from 0).");
        }

        var stepRun = await FindAsync(store, workspace_id, step_run_id, ct);
        var page = V1Paging.Read(http);
        long after = -1;
        if (page.After is not null && !long.TryParse(page.After, out after))
        {
            throw HangarException.Invalid("invalid_cursor", "'cursor' is not a cursor this server issued.");
        }

        // A cursor (a following page) goes further than after_sequence when both are given: next URLs keep the query.
        if (afterSequence is { } start && start > after)
        {
            after = start;
        }

        var lines = await outputs.ListConsoleAsync(workspace_id, stepRun.Id, after, page.Limit + 1, ct);
        var result = Core.Paging.Page<Core.Domain.ConsoleMessage>.FromOverfetch(lines, page.Limit);
        return TypedResults.Ok(V1Paging.Respond(http, result, m => m.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            m => new ConsoleMessageResponse(m.Timestamp, m.Message, m.Stream, m.Sequence)));
    }

    private static async Task<Ok<PageResponse<StepRunEventResponse>>> EventsAsync(string workspace_id, string step_run_id, HttpContext http,
        IRunStore store, IStepRunOutputStore outputs, CancellationToken ct)
    {
        var stepRun = await FindAsync(store, workspace_id, step_run_id, ct);
        var page = await outputs.ListEventsAsync(workspace_id, stepRun.Id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, e => e.Id, e => new StepRunEventResponse(e.Timestamp, e.EventType)));
    }

    internal static async Task<Core.Domain.Artifact> FindArtifactAsync(IRunStore store, IStepRunOutputStore outputs, string workspaceId, string stepRunId,
        string artifactId, CancellationToken ct)
    {
        var stepRun = await FindAsync(store, workspaceId, stepRunId, ct);
        return (Core.Domain.Ids.IsWellFormed(artifactId) ? await outputs.FindArtifactAsync(workspaceId, stepRun.Id, artifactId, ct) : null)
               ?? throw HangarException.NotFound("The artifact");
    }

    internal static Core.Storage.DownloadGrant ArtifactGrant(Core.Domain.Artifact artifact) =>
        new(artifact.BlobKey, Path.GetFileName(artifact.Name), "application/octet-stream");

    private static async Task<Core.Domain.StepRun> FindAsync(IRunStore store, string workspaceId, string stepRunId, CancellationToken ct) =>
        (Core.Domain.Ids.IsWellFormed(stepRunId) ? await store.FindStepRunAsync(workspaceId, stepRunId, ct) : null)
        ?? throw HangarException.NotFound("The step run");

    private static async Task<Ok<StepRunResponse>> GetAsync(string workspace_id, string step_run_id, IRunStore store, IProcessStore processes,
        CancellationToken ct)
    {
        var stepRun = (Core.Domain.Ids.IsWellFormed(step_run_id) ? await store.FindStepRunAsync(workspace_id, step_run_id, ct) : null)
                      ?? throw HangarException.NotFound("The step run");
        var step = (await processes.FindAsync(workspace_id, stepRun.ProcessId, ct))?.Steps.FirstOrDefault(s => s.Id == stepRun.StepId);
        return TypedResults.Ok(stepRun.ToResponse(step?.Name ?? string.Empty));
    }
}

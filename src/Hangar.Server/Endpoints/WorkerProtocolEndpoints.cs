using Hangar.Contracts.WorkerV1;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Services;
using Hangar.Core.Storage;
using Hangar.Server.Auth;
using Hangar.Server.Blobs;
using Hangar.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// <c>/worker-v1</c>: what workers call. Link once with a link token, then with the worker credential: claim step
/// runs (long poll), renew their lease, stream console lines, upload artifacts and report the end.
/// </summary>
public static class WorkerProtocolEndpoints
{
    public static void MapWorkerProtocolEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/worker-v1").WithGroupName(ApiDocs.WorkerV1).WithTags("Worker protocol");
        group.MapPost("/link", LinkAsync).WithSummary("Trade a link token for a worker credential (shown only in this answer).");
        group.MapPost("/claim", ClaimAsync).RequireWorker()
            .WithSummary("Take the oldest step run this worker may run, waiting up to wait_seconds; 204 when none came.");
        group.MapPost("/step-runs/{step_run_id}/heartbeat", HeartbeatAsync).RequireWorker()
            .WithSummary("Renew the lease; 'cancel' says the run is being stopped.");
        group.MapPost("/step-runs/{step_run_id}/console", ConsoleAsync).RequireWorker().Accepts<ConsoleBatchRequest>("application/json")
            .WithSummary("Append console lines (idempotent per sequence number).");
        group.MapPut("/step-runs/{step_run_id}/artifacts", ArtifactAsync).RequireWorker()
            .WithSummary("Upload one file of the artifacts folder as the raw body; 'name' is its relative path.");
        group.MapPost("/step-runs/{step_run_id}/complete", CompleteAsync).RequireWorker()
            .WithSummary("Report how the robot ended; the run moves on.");
        group.MapPost("/step-runs/{step_run_id}/release", ReleaseAsync).RequireWorker()
            .WithSummary("Give back a step run whose robot the worker had to end because it is stopping: it is queued again as a worker loss.");
    }

    private static async Task<Ok<LinkResponse>> LinkAsync(LinkRequest body, HttpContext http, LinkTokenService tokens, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var (worker, credential) = await tokens.LinkAsync(body.LinkToken, body.Name, http.ClientAddress(), ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new LinkResponse(worker.Id, worker.WorkspaceId, credential));
    }

    private static async Task<Results<Ok<Assignment>, NoContent>> ClaimAsync(ClaimRequest? body, HttpContext http, DispatchService dispatch,
        SignedUrls urls, PublicUrl publicUrl, CancellationToken ct)
    {
        var work = await dispatch.ClaimAsync(http.RequireCaller(), body?.WaitSeconds, body?.Isolation, ct);
        if (work is null)
        {
            return TypedResults.NoContent();
        }

        var version = work.Version;
        var (url, _) = urls.ForDownload(new DownloadGrant(version.BlobKey, $"{version.Id}.zip", "application/zip"));
        var baseUrl = publicUrl.Value;
        var stepRun = work.StepRun;
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new Assignment(
            stepRun.Id, work.Run.Id, work.Process.Id, stepRun.WorkspaceId, work.OrganizationId, work.Process.Name, work.Run.Number, stepRun.Number,
            new AssignmentStep(work.Step.Id, work.Step.Name, work.Step.Position), work.Step.Task, work.Step.TimeoutSeconds,
            stepRun.LeaseExpiresAt ?? DateTimeOffset.UtcNow, work.RunToken, work.WorkItemId,
            new AssignmentPackage(version.Id, version.Sha256, version.Size, url), StepRunEnvironment.Build(work, baseUrl, http.RequireCaller().Id))
        {
            // Workers reach the server at the address they were linked with, which may not be the public one (the
            // embedded worker uses loopback): they move URLs on this base onto their own (see docs/operations.md).
            ServerUrl = baseUrl,
        });
    }

    private static async Task<Ok<HeartbeatResponse>> HeartbeatAsync(string step_run_id, HttpContext http, DispatchService dispatch, CancellationToken ct)
    {
        var (lease, cancel) = await dispatch.HeartbeatAsync(http.RequireCaller(), step_run_id, ct);
        return TypedResults.Ok(new HeartbeatResponse(lease, cancel));
    }

    private static async Task<Ok<ConsoleBatchResponse>> ConsoleAsync(string step_run_id, HttpContext http, DispatchService dispatch, CancellationToken ct)
    {
        // A full batch of long lines is larger than the server's general body limit; this route has its own.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = WorkerLimits.MaxConsoleRequestBytes;
        }

        if (!http.Request.HasJsonContentType())
        {
            throw new HangarException(ErrorKind.UnsupportedMediaType, "unsupported_media_type", "Send the batch as JSON with 'Content-Type: application/json'.");
        }

        ConsoleBatchRequest? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync<ConsoleBatchRequest>(ApiJson.Options, ct);
        }
        catch (System.Text.Json.JsonException)
        {
            throw HangarException.Invalid("invalid_json", "The body is not a console batch: {\"messages\": [{sequence, timestamp, stream, message}]}.");
        }

        var lines = body?.Messages?.Select(m => m is null
            ? throw HangarException.Invalid("invalid_message", "A line is null.")
            : (m.Sequence, m.Timestamp, m.Stream, m.Message)).ToList();
        return TypedResults.Ok(new ConsoleBatchResponse(await dispatch.AppendConsoleAsync(http.RequireCaller(), step_run_id, lines, ct)));
    }

    private static async Task<Ok<Contracts.V1.ArtifactResponse>> ArtifactAsync(string step_run_id, string? name, HttpContext http,
        StepRunArtifactService artifacts, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = WorkerLimits.MaxArtifactBytes;
        }

        var artifact = await artifacts.UploadAsync(http.RequireCaller(), step_run_id, name, http.Request.Body, http.Request.ContentLength, ct);
        return TypedResults.Ok(new Contracts.V1.ArtifactResponse(artifact.Id, artifact.Name, artifact.Size));
    }

    private static async Task<Ok<ReleaseResponse>> ReleaseAsync(string step_run_id, HttpContext http, DispatchService dispatch, CancellationToken ct) =>
        TypedResults.Ok(new ReleaseResponse(RunMapping.Wire(await dispatch.ReleaseAsync(http.RequireCaller(), step_run_id, ct))));

    private static async Task<Ok<CompleteResponse>> CompleteAsync(string step_run_id, CompleteRequest body, HttpContext http, DispatchService dispatch,
        ILogger<DispatchService> logger, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var stepRun = await dispatch.CompleteAsync(http.RequireCaller(), step_run_id, body.ExitCode, body.ErrorCode, ct);
        if (body.ErrorMessage is { Length: > 0 } message)
        {
            // The worker's own account of a failure (missing executable, bad package): kept in the server log.
            using var fields = RunLogScope.Begin(logger, stepRun);
            WorkerLog.StepRunError(logger, stepRun.Id, stepRun.ErrorCode, message.Length > 2000 ? message[..2000] : message);
        }

        return TypedResults.Ok(new CompleteResponse(stepRun.State == StepRunState.Completed ? "completed" : "failed", stepRun.ErrorCode));
    }
}

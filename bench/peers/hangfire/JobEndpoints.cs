using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Peers.Hangfire;

/// <summary><c>POST /jobs</c> (enqueue a job carrying the body), <c>GET /jobs/{id}</c> and <c>GET /healthz</c>.</summary>
internal static class JobEndpoints
{
    /// <summary>Bodies above this are refused: the benchmark sends 1 KB.</summary>
    private const int MaxBody = 1024 * 1024;

    public static void Map(WebApplication app)
    {
        app.MapPost("/jobs", EnqueueAsync);
        app.MapGet("/jobs/{id}", GetAsync);
        app.MapGet("/healthz", Healthz);
    }

    private static async Task<Results<Ok<EnqueuedJob>, BadRequest<string>>> EnqueueAsync(HttpContext http, IBackgroundJobClient jobs, CancellationToken ct)
    {
        if (http.Request.ContentLength is > MaxBody)
        {
            return TypedResults.BadRequest("body too large");
        }

        using var reader = new StreamReader(http.Request.Body);
        var payload = await reader.ReadToEndAsync(ct);
        if (payload.Length > MaxBody)
        {
            return TypedResults.BadRequest("body too large");
        }

        var id = jobs.Enqueue<RobotJob>(job => job.RunAsync(payload, null, CancellationToken.None));
        return TypedResults.Ok(new EnqueuedJob(id));
    }

    private static async Task<Ok<JobState>> GetAsync(string id, PeerOptions options, JobStorage storage, CancellationToken ct)
    {
        var file = Path.Combine(options.ResultDirectory, Path.GetFileName(id) + ".json");
        JobResult? result = null;
        if (File.Exists(file))
        {
            await using var stream = File.OpenRead(file);
            result = await JsonSerializer.DeserializeAsync(stream, PeerJson.Default.JobResult, ct);
        }

        using var connection = storage.GetConnection();
        return TypedResults.Ok(new JobState(id, connection.GetStateData(id)?.Name, result));
    }

    private static Ok<string> Healthz() => TypedResults.Ok("ok");
}

using Hangar.Contracts.V1;
using Hangar.Core.Coordination;
using Hangar.Core.Storage;
using Hangar.Storage;
using Hangar.Storage.Database;

namespace Hangar.Server.Endpoints;

/// <summary>Liveness and readiness for load balancers and orchestrators.</summary>
public static class HealthEndpoints
{
    /// <summary>A probe must answer before the balancer's own timeout, whatever a dependency does.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok")))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", ReadyAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> ReadyAsync(HangarDbContext db, IBlobStore blobs, ILeadership leadership, CancellationToken ct)
    {
        var database = CheckDatabaseAsync(db, ct);
        var blobStore = CheckBlobStoreAsync(blobs, ct);
        var checks = new ReadinessChecks(await database, await blobStore, Leadership(leadership));
        var down = new[] { ("database", checks.Database), ("blob store", checks.BlobStore), ("leadership", checks.Leadership) }
            .FirstOrDefault(c => c.Item2.Status == "down");
        return down.Item2 is null
            ? TypedResults.Ok(new ReadinessResponse("ready", null, checks))
            : TypedResults.Json(new ReadinessResponse("unavailable", $"{down.Item1}: {down.Item2.Reason}", checks), ApiJson.Options,
                statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<DependencyState> CheckDatabaseAsync(HangarDbContext db, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            return await DatabaseMigrator.NotReadyReasonAsync(db, timeout.Token) is { } reason
                ? new DependencyState("down", reason)
                : new DependencyState("up");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DependencyState("down", "the database did not answer within 5 seconds");
        }
    }

    private static async Task<DependencyState> CheckBlobStoreAsync(IBlobStore blobs, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await blobs.CheckAsync(timeout.Token);
            return new DependencyState("up");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DependencyState("down", "the blob store did not answer within 5 seconds");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Readiness is anonymous: the cause (bucket, endpoint, path) stays out of its answer.
            return new DependencyState("down", "cannot use the blob store");
        }
    }

    private static DependencyState Leadership(ILeadership leadership) =>
        leadership.CanElect
            ? new DependencyState("up", Role: leadership.IsLeader ? "leader" : "follower")
            : new DependencyState("down", "the leader election cannot reach the database", "follower");
}

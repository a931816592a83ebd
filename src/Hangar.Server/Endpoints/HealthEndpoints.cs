using Hangar.Contracts.V1;
using Hangar.Storage;
using Hangar.Storage.Database;

namespace Hangar.Server.Endpoints;

/// <summary>Liveness and readiness for load balancers and orchestrators.</summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok")))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", ReadyAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> ReadyAsync(HangarDbContext db, CancellationToken ct) =>
        await DatabaseMigrator.IsReadyAsync(db, ct)
            ? TypedResults.Ok(new HealthResponse("ready"))
            : TypedResults.Json(new HealthResponse("database_unavailable"), ApiJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
}

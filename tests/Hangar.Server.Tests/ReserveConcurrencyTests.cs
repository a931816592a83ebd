using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Parallel reservations never hand out one item twice, on either database.</summary>
public class ReserveConcurrencyTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ParallelReservations_GetDistinctItems_ThenNull(DatabaseProvider provider)
    {
        await using var server = await HangarTestServer.StartAsync(provider);
        var ws = server.DefaultWorkspaceId;
        using var admin = await server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(server, admin);
        const int items = 30;
        var runId = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = Enumerable.Range(1, items).Select(i => new { i }).ToArray() }))["id"]!.GetValue<string>();
        using var robot = await Robot.StartAsync(server, ws, process, runId);

        var reserved = await Task.WhenAll(Enumerable.Range(0, items + 10).Select(_ => Task.Run(robot.ReserveAsync)));

        var ids = reserved.OfType<string>().ToList();
        Assert.Equal(items, ids.Count);
        Assert.Equal(items, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(10, reserved.Count(r => r is null));
        var inProgress = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items?process_run_id={runId}&state=in_progress");
        Assert.Equal(items, inProgress["data"]!.AsArray().Count);
    }
}

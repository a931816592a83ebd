using System.Net;
using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>A release that takes no item says why, as robocorp-workitems sends it, and changes nothing, on either database.</summary>
public class RobotReleaseTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AReleaseOfAnItemNotHeld_IsRefusedByWhatTheItemIs_AndLeavesItAsItWas(DatabaseProvider provider)
    {
        await using var server = await HangarTestServer.StartAsync(provider);
        var ws = server.DefaultWorkspaceId;
        using var admin = await server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(server, admin);
        var runId = await StartAsync(admin, ws, process, 2);
        var otherRun = await StartAsync(admin, ws, process, 1);
        using var robot = await Robot.StartAsync(server, ws, process, runId);
        using var other = await Robot.StartAsync(server, ws, process, otherRun);
        var mine = (await robot.ReserveAsync())!;
        var theirs = (await other.ReserveAsync())!;
        var pending = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items?process_run_id={runId}&state=pending"))["data"]![0]!["id"]!
            .GetValue<string>();

        foreach (var (item, status, code) in new[]
                 {
                     ("not-an-id", HttpStatusCode.NotFound, "not_found"),
                     (Core.Domain.Ids.New(), HttpStatusCode.NotFound, "not_found"),
                     (theirs, HttpStatusCode.Forbidden, "outside_run_scope"),
                     (pending, HttpStatusCode.Conflict, "work_item_not_reserved"),
                 })
        {
            using var response = await robot.ReleaseAsync(item, "COMPLETED");
            Assert.True(response.StatusCode == status, $"{item}: {(int)response.StatusCode}");
            Assert.Equal(code, await Json.ErrorCodeAsync(response));
        }

        Assert.Equal("in_progress", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items/{theirs}"))["state"]!.GetValue<string>());
        Assert.Equal("pending", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items/{pending}"))["state"]!.GetValue<string>());
        using (var released = await robot.ReleaseAsync(mine, "FAILED", new { type = "APPLICATION", code = "E1" }))
        {
            await Api.OkJsonAsync(released);
        }

        var failed = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items/{mine}");
        Assert.Equal("failed", failed["state"]!.GetValue<string>());
        Assert.Equal("E1", failed["exception"]!["code"]!.GetValue<string>());
    }

    private static async Task<string> StartAsync(HttpClient admin, string ws, string process, int payloads) =>
        (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = Enumerable.Range(1, payloads).Select(i => new { i }).ToArray() }))["id"]!.GetValue<string>();
}

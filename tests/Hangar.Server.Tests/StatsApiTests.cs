using System.Net;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.Storage;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>
/// <c>GET /api/v1/workspaces/{ws}/stats/runs</c> and <c>/stats/queue</c>: runs ended over the real worker and robot
/// protocols are counted in every outcome, equal a recount from the runs, survive a restart, and the refusals.
/// </summary>
public class StatsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RunsEndedInEveryOutcome_AreCountedOverHttp_AndSurviveARestart(DatabaseProvider provider)
    {
        var server = await HangarTestServer.StartAsync(provider);
        try
        {
            string ws, process;
            using (var admin = await server.LoginAsAdminAsync())
            {
                ws = await Api.NewWorkspaceAsync(admin);
                process = await Workers.ProcessAsync(server, admin, ws);
                var (_, worker) = await Workers.LinkAsync(server, admin, ws);
                using (worker)
                {
                    await RunAsync(server, admin, worker, ws, process, "COMPLETED", null, exitCode: 0);
                    await RunAsync(server, admin, worker, ws, process, "FAILED", new { type = "BUSINESS", code = "INVALID_ID", message = "m" }, exitCode: 0);
                }
            }

            // A restart in the middle: the numbers written so far are in the database, and the new server adds to them.
            server = await server.RestartAsync();
            using (var admin = await server.LoginAsAdminAsync())
            {
                var (_, worker) = await Workers.LinkAsync(server, admin, ws);
                using (worker)
                {
                    // The robot exits with an error without releasing its item: the item fails (APPLICATION), the run is unresolved.
                    await RunAsync(server, admin, worker, ws, process, null, null, exitCode: 3);
                }

                var stopped = await Workers.StartAsync(admin, ws, process, new { n = 9 });
                await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{stopped}/stop", new { });

                var stats = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/stats/runs");
                Assert.Equal(14, stats["days"]!.AsArray().Count);
                Assert.Equal("UTC", stats["time_zone"]!.GetValue<string>());
                Assert.Equal("day", stats["bucket"]!.GetValue<string>());
                var today = stats["days"]!.AsArray()[^1]!;
                Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"), today["date"]!.GetValue<string>());
                Assert.Equal([1, 2, 1, 0], new[] { "completed", "unresolved", "stopped", "failed_to_start" }.Select(k => today[k]!.GetValue<int>()));
                var row = stats["processes"]!.AsArray().Single()!;
                Assert.Equal(process, row["process_id"]!.GetValue<string>());
                Assert.Equal(4, row["runs"]!.GetValue<int>());
                Assert.Equal(0.25, row["success_rate"]!.GetValue<double>());
                Assert.NotNull(row["duration_p50_ms"]);
                Assert.Equal(14, row["daily_duration_p50_ms"]!.AsArray().Count);
                // The stopped run's item fails too (application: the run was stopped).
                Assert.Equal(4, row["work_items"]!["total"]!.GetValue<int>());
                Assert.Equal(1, row["work_items"]!["failed_business"]!.GetValue<int>());
                Assert.Equal(2, row["work_items"]!["failed_application"]!.GetValue<int>());
                var exceptions = stats["exceptions"]!.AsArray();
                Assert.Contains(exceptions, e => e!["type"]!.GetValue<string>() == "BUSINESS" && e["code"]!.GetValue<string>() == "INVALID_ID"
                                                 && e["count"]!.GetValue<int>() == 1);

                var queue = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/stats/queue");
                Assert.Equal(0, queue["runs_in_progress"]!.GetValue<int>());
                Assert.Empty(queue["worker_groups"]!.AsArray());
                Assert.Equal(2, queue["workers"]!["online"]!.GetValue<int>() + queue["workers"]!["offline"]!.GetValue<int>());
                var failures = queue["recent_failures"]!.AsArray();
                Assert.Equal(["stopped", "unresolved", "unresolved"], failures.Select(f => f!["state"]!.GetValue<string>()));
                Assert.Equal(stopped, failures[0]!["run_id"]!.GetValue<string>());
                Assert.Equal("robot_failure", failures[1]!["error_code"]!.GetValue<string>());
                Assert.All(failures, f => Assert.Equal(process, f!["process_id"]!.GetValue<string>()));
            }

            await using var scope = server.App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            Assert.Equal(await StatsRecount.RecountAsync(db, ws), await StatsRecount.StoredAsync(db, ws));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task RunStats_CountDaysInTheAskedTimeZone()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var stats = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/stats/runs?from=2026-03-28&to=2026-03-30&time_zone=Europe/Helsinki&bucket=day");
        Assert.Equal("2026-03-28", stats["from"]!.GetValue<string>());
        Assert.Equal("2026-03-30", stats["to"]!.GetValue<string>());
        Assert.Equal("Europe/Helsinki", stats["time_zone"]!.GetValue<string>());
        Assert.Equal(["2026-03-28", "2026-03-29", "2026-03-30"], stats["days"]!.AsArray().Select(d => d!["date"]!.GetValue<string>()));
        Assert.All(stats["days"]!.AsArray(), d => Assert.Equal(0, d!["completed"]!.GetValue<int>()));
        Assert.Empty(stats["processes"]!.AsArray());
        Assert.Empty(stats["exceptions"]!.AsArray());

        var process = await Workers.ProcessAsync(Server, admin, ws);
        var one = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/stats/runs?process_id={process}&from=2026-01-01");
        Assert.Equal(14, one["days"]!.AsArray().Count);
        var row = one["processes"]!.AsArray().Single()!;
        Assert.Equal(0, row["runs"]!.GetValue<int>());
        Assert.Null(row["success_rate"]);
        Assert.Null(row["duration_p50_ms"]);
        Assert.All(row["daily_duration_p50_ms"]!.AsArray(), Assert.Null);
    }

    [Theory]
    [InlineData("from=2026-13-01", HttpStatusCode.BadRequest, "invalid_date")]
    [InlineData("to=yesterday", HttpStatusCode.BadRequest, "invalid_date")]
    [InlineData("from=2026-01-10&to=2026-01-01", HttpStatusCode.BadRequest, "invalid_range")]
    [InlineData("from=2026-01-01&to=2026-04-03", HttpStatusCode.BadRequest, "range_too_long")]
    [InlineData("time_zone=Mars/Olympus_Mons", HttpStatusCode.BadRequest, "invalid_timezone")]
    [InlineData("time_zone=W.+Europe+Standard+Time", HttpStatusCode.BadRequest, "invalid_timezone")]
    [InlineData("time_zone=..%2F..%2Fetc%2Fpasswd", HttpStatusCode.BadRequest, "invalid_timezone")]
    [InlineData("bucket=hour", HttpStatusCode.BadRequest, "invalid_bucket")]
    [InlineData("process_id=00000000-0000-0000-0000-000000000000", HttpStatusCode.NotFound, "not_found")]
    public async Task RunStats_RefuseBadQueries(string query, HttpStatusCode status, string code)
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var response = await admin.GetAsync($"/api/v1/workspaces/{Server.DefaultWorkspaceId}/stats/runs?{query}");
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("runs")]
    [InlineData("queue")]
    public async Task Stats_NeedReadRuns_InTheirOwnWorkspace(string what)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var other = await Api.NewWorkspaceAsync(admin);
        var (_, reader) = await Api.NewKeyAsync(admin, ws, Permissions.ReadRuns);
        var (_, robocorpReader) = await Api.NewKeyAsync(admin, ws, "read_runs");
        var (_, noRuns) = await Api.NewKeyAsync(admin, ws, Permissions.ReadProcesses);
        using var readerClient = Api.KeyClient(Server, reader);
        using var robocorpClient = Api.KeyClient(Server, robocorpReader);
        using var noRunsClient = Api.KeyClient(Server, noRuns);
        using var anonymous = Server.CreateClient();

        await Api.GetAsync(readerClient, $"/api/v1/workspaces/{ws}/stats/{what}");
        await Api.GetAsync(robocorpClient, $"/api/v1/workspaces/{ws}/stats/{what}");
        using (var forbidden = await noRunsClient.GetAsync($"/api/v1/workspaces/{ws}/stats/{what}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Equal("missing_permission", await Json.ErrorCodeAsync(forbidden));
        }

        using (var foreign = await readerClient.GetAsync($"/api/v1/workspaces/{other}/stats/{what}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        using (var unauthenticated = await anonymous.GetAsync($"/api/v1/workspaces/{ws}/stats/{what}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        }
    }

    /// <summary>
    /// Starts a run of one item; the worker claims it, the robot releases the item as <paramref name="release"/> (or not at
    /// all when null) and the worker reports <paramref name="exitCode"/>.
    /// </summary>
    private static async Task RunAsync(HangarTestServer server, HttpClient admin, HttpClient worker, string ws, string process, string? release,
        object? exception, int exitCode)
    {
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using var claim = await Workers.ClaimAsync(worker);
        var assignment = await Api.OkJsonAsync(claim);
        using var robot = new Robot(server, ws, process, runId, assignment["step_run_id"]!.GetValue<string>(), assignment["run_token"]!.GetValue<string>());
        var item = assignment["work_item_id"]!.GetValue<string>();
        if (release is not null)
        {
            using var released = await robot.ReleaseAsync(item, release, exception);
            await Api.OkJsonAsync(released);
        }

        await Api.PostAsync(worker, $"/worker-v1/step-runs/{robot.StepRunId}/complete", new { exit_code = exitCode });
        Assert.NotEqual("in_progress", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}"))["state"]!.GetValue<string>());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>A robot at run time, played exactly as robocorp-workitems plays it, with the run token a worker hands it.</summary>
public class RobotWorkItemTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task ARobot_ReservesReadsOutputsAndReleases_AndV1ShowsTheOutcome()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var first = await QueueItemAsync(admin, process, new { n = 1 });
        var second = await QueueItemAsync(admin, process, new { n = 2 });
        var empty = await QueueItemAsync(admin, process, null);
        var runId = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs",
            new { type = "with_work_item_ids", work_item_ids = new[] { first, second, empty } }))["id"]!.GetValue<string>();
        using var robot = await Robot.StartAsync(Server, Ws, process, runId);

        Assert.Equal(first, await robot.ReserveAsync());
        Assert.Equal(1, (await robot.PayloadAsync(first))["n"]!.GetValue<int>());
        var output = await robot.CreateOutputAsync(first, new { total = 42 });
        await robot.AddFileAsync(output, "report.txt", "hello"u8.ToArray());
        var files = await Api.GetAsync(robot.Http, $"{robot.Wi}{output}/files");
        var listed = Assert.Single(files.AsArray())!;
        Assert.Equal("report.txt", listed["fileName"]!.GetValue<string>());
        Assert.Equal(5, listed["size"]!.GetValue<long>());
        var url = (await Api.GetAsync(robot.Http, $"{robot.Wi}{output}/files/{listed["fileId"]}"))["url"]!.GetValue<string>();
        using (var anonymous = Server.CreateClient())
        {
            Assert.Equal("hello"u8.ToArray(), await anonymous.GetByteArrayAsync(url));
        }

        using (var saved = await robot.Http.PutAsync($"{robot.Wi}{first}/data", Json.Body(new { n = 1, seen = true })))
        {
            Assert.True((await Api.OkJsonAsync(saved))["seen"]!.GetValue<bool>());
        }

        using (var done = await robot.ReleaseAsync(first, "COMPLETED"))
        {
            await Api.OkJsonAsync(done);
        }

        Assert.Equal(second, await robot.ReserveAsync());
        using (var failed = await robot.ReleaseAsync(second, "FAILED", new { type = "BUSINESS", code = "INVOICE_MISSING", message = "No invoice number" }))
        {
            await Api.OkJsonAsync(failed);
        }

        Assert.Equal(empty, await robot.ReserveAsync());
        Assert.Empty((await robot.PayloadAsync(empty)).AsObject());
        using (var done = await robot.ReleaseAsync(empty, "COMPLETED"))
        {
            await Api.OkJsonAsync(done);
        }

        Assert.Null(await robot.ReserveAsync());
        using (var raw = await robot.Http.PostAsync($"{robot.Run}reserve-next-work-item", null))
        {
            Assert.Equal("""{"workItemId":null}""", await raw.Content.ReadAsStringAsync());
        }

        // Releasing what the step run no longer holds is a conflict, which the clients do not retry.
        using (var again = await robot.ReleaseAsync(first, "COMPLETED"))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("work_item_not_reserved", await Json.ErrorCodeAsync(again));
        }

        var failedItem = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{second}");
        Assert.Equal("failed", failedItem["state"]!.GetValue<string>());
        Assert.Equal("business", failedItem["exception"]!["type"]!.GetValue<string>());
        Assert.Equal("INVOICE_MISSING", failedItem["exception"]!["code"]!.GetValue<string>());
        Assert.Equal("No invoice number", failedItem["exception"]!["message"]!.GetValue<string>());
        Assert.Equal(robot.StepRunId, failedItem["step_run"]!["id"]!.GetValue<string>());
        var doneItem = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{first}");
        Assert.Equal("done", doneItem["state"]!.GetValue<string>());
        Assert.True(doneItem["payload"]!["seen"]!.GetValue<bool>());

        // The process has one step: the output is a run output.
        var outputs = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs/{runId}/outputs");
        var shown = Assert.Single(outputs["data"]!.AsArray())!;
        Assert.Equal(output, shown["id"]!.GetValue<string>());
        Assert.Equal(42, shown["payload"]!["total"]!.GetValue<int>());
        Assert.Equal("report.txt", Assert.Single(shown["files"]!.AsArray())!["name"]!.GetValue<string>());

        using (var removed = await robot.Http.DeleteAsync($"{robot.Wi}{output}/files/{listed["fileId"]}"))
        {
            await Api.OkJsonAsync(removed);
        }

        Assert.Empty((await Api.GetAsync(robot.Http, $"{robot.Wi}{output}/files")).AsArray());
    }

    [Fact]
    public async Task AnOutputOfAnEarlierStep_IsAPendingInputOfTheNextStep()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var package = await Api.SeedPackageAsync(Server, Ws, "Main", "Other");
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes", new
        {
            name = Api.Unique("two-steps"),
            steps = new[]
            {
                new { name = "Collect", task_package = new { id = package }, task = "Main", max_parallel = 1 },
                new { name = "Report", task_package = new { id = package }, task = "Other", max_parallel = 1 },
            },
        });
        var process = created["id"]!.GetValue<string>();
        var secondStep = created["steps"]![1]!["id"]!.GetValue<string>();
        var runId = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new[] { new { a = 1 } } }))["id"]!.GetValue<string>();
        using var robot = await Robot.StartAsync(Server, Ws, process, runId);
        var input = (await robot.ReserveAsync())!;
        var output = await robot.CreateOutputAsync(input, new { b = 2 });

        var item = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{output}");
        Assert.Equal("pending", item["state"]!.GetValue<string>());
        Assert.Equal(secondStep, item["step"]!["id"]!.GetValue<string>());
        Assert.Equal(runId, item["process_run"]!["id"]!.GetValue<string>());
        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs/{runId}/outputs"))["data"]!.AsArray());
        // It waits for the next step's step runs: this step run does not reserve it.
        Assert.Null(await robot.ReserveAsync());
    }

    [Fact]
    public async Task ARunToken_OnlyReachesItsOwnRun_AndDiesWithItsStepRun()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var runId = await StartAsync(admin, process, new { a = 1 });
        var otherRun = await StartAsync(admin, process, new { a = 2 });
        var otherProcess = await Api.NewProcessAsync(Server, admin);
        using var robot = await Robot.StartAsync(Server, Ws, process, runId);
        using var other = await Robot.StartAsync(Server, Ws, process, otherRun);
        var mine = (await robot.ReserveAsync())!;
        var theirs = (await other.ReserveAsync())!;

        foreach (var (method, path) in new[]
                 {
                     ("POST", $"{robot.Pr}runs/{otherRun}/robotRuns/{other.StepRunId}/reserve-next-work-item"),
                     ("POST", $"{robot.Pr}runs/{runId}/robotRuns/{other.StepRunId}/reserve-next-work-item"),
                     ("POST", $"/process-v1/workspaces/{Ws}/processes/{otherProcess}/runs/{runId}/robotRuns/{robot.StepRunId}/reserve-next-work-item"),
                     ("GET", $"{robot.Wi}{theirs}/data"),
                     ("PUT", $"{robot.Wi}{theirs}/data"),
                     ("GET", $"{robot.Wi}{theirs}/files"),
                     ("POST", $"{robot.Pr}work-items/{theirs}/output"),
                 })
        {
            using var response = await robot.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json.Body("{}") });
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("outside_run_scope", await Json.ErrorCodeAsync(response));
        }

        // Releasing another run's item through its own step run path: the item is outside the run.
        using (var release = await robot.ReleaseAsync(theirs, "COMPLETED"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, release.StatusCode);
        }

        // Another workspace: not found, as for keys.
        var foreign = await Api.NewWorkspaceAsync(admin);
        using (var response = await robot.Http.GetAsync($"/json-v1/workspaces/{foreign}/workitems/{mine}/data"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Nothing outside the runtime surfaces.
        foreach (var path in new[] { $"/api/v1/workspaces/{Ws}/processes", $"/api/v1/workspaces/{Ws}/api-keys", $"{robot.Pr}runs", $"/api/v1/workspaces/{Ws}/work-items" })
        {
            using var response = await robot.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
        }

        using (var tampered = Robot.Bearer(Server, robot.Token[..^2] + (robot.Token.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA")))
        using (var response = await tampered.GetAsync($"{robot.Wi}{mine}/data"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("invalid_token", await Json.ErrorCodeAsync(response));
        }

        Assert.Equal(1, (await robot.PayloadAsync(mine))["a"]!.GetValue<int>());
        await robot.EndAsync();
        using (var ended = await robot.Http.GetAsync($"{robot.Wi}{mine}/data"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
            Assert.Equal("run_token_expired", await Json.ErrorCodeAsync(ended));
        }
    }

    [Fact]
    public async Task TheVaultsRobotRoutes_AcceptARunToken()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("robot-secret");
        await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/vault/secrets", new { name, value = new { password = "s3cret" } });
        var process = await Api.NewProcessAsync(Server, admin);
        using var robot = await Robot.StartAsync(Server, Ws, process, await StartAsync(admin, process, new { a = 1 }));
        var (_, _, values) = await new RobocorpVaultClient(robot.Http, Ws).GetSecretAsync(name);
        Assert.Equal("s3cret", values["password"]);
        // Listing secrets by name is not a robot's business.
        using var list = await robot.Http.GetAsync($"/api/v1/workspaces/{Ws}/vault/secrets");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
    }

    private async Task<string> QueueItemAsync(HttpClient admin, string process, object? payload) =>
        (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items", payload is null
            ? new { process = new { id = process } }
            : (object)new { process = new { id = process }, payload }))["id"]!.GetValue<string>();

    private async Task<string> StartAsync(HttpClient admin, string process, object payload) =>
        (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new[] { payload } }))["id"]!.GetValue<string>();
}

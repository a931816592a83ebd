using System.Net;
using System.Text.Json.Nodes;
using Hangar.Client;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>The SDK's runs, console, work items and outputs against the real server, with a worker played over its protocol.</summary>
public class SdkRunTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] RunPermissions =
        [Permissions.ReadProcesses, Permissions.TriggerProcesses, Permissions.ReadRuns, Permissions.ReadRunOutputs, Permissions.ReadWorkItems, Permissions.WriteWorkItems];

    private HangarTestServer Server => fixture.Server;

    /// <summary>The code of docs/sdk.md's first example, kept equal to it by <see cref="SdkDocsExample_IsTheCodeThisTestRuns"/>.</summary>
    private static async Task DocsExampleAsync(HangarClient hangar, string workspace, TextWriter console)
    {
        // docs/sdk.md begins
        var processId = await hangar.ResolveProcessIdAsync(workspace, "invoices");
        var started = await hangar.StartRunAsync(workspace, processId, HangarClient.WithPayloads([new { invoice = 42 }]));
        var run = await hangar.WaitForRunAsync(workspace, started.Id!);
        console.WriteLine($"run #{run.Number}: {run.HangarState}");
        await foreach (var output in hangar.ListRunOutputsAsync(workspace, run.Id))
        {
            console.WriteLine(output.Payload);
        }
        // docs/sdk.md ends
    }

    [Fact]
    public async Task SdkDocsExample_StartsARun_AndAwaitsItsOutputs()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var __ = worker;
        var package = await Api.SeedPackageAsync(Server, ws, "Main");
        var process = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/processes", new
        {
            name = "invoices", steps = new[] { new { name = "Total", task_package = new { id = package }, task = "Main" } },
        }))["id"]!.GetValue<string>();
        var (_, key) = await Api.NewKeyAsync(admin, ws, RunPermissions);
        using var hangar = new HangarClient(Server.BaseAddress).WithApiKey(key);

        var console = new StringWriter();
        var example = DocsExampleAsync(hangar, ws, console);
        await PlayRobotAsync(worker, ws, process, item => new { total = item["invoice"]!.GetValue<int>() * 2 });
        await example.WaitAsync(TimeSpan.FromMinutes(1));

        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^run #\d+: completed$", lines[0]);
        Assert.Equal(84, JsonNode.Parse(Assert.Single(lines[1..]))!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task SdkDocsExample_IsTheCodeThisTestRuns()
    {
        var root = FindRoot();
        var source = await File.ReadAllTextAsync(Path.Combine(root, "tests", "Hangar.Server.Tests", "SdkRunTests.cs"));
        var begin = source.IndexOf("// docs/sdk.md begins", StringComparison.Ordinal);
        var end = source.IndexOf("// docs/sdk.md ends", StringComparison.Ordinal);
        var tested = Normalize(source[(source.IndexOf('\n', begin) + 1)..end]);
        var docs = await File.ReadAllTextAsync(Path.Combine(root, "docs", "sdk.md"));
        Assert.Contains(tested, Normalize(docs), StringComparison.Ordinal);

        static string Normalize(string code) =>
            string.Join('\n', code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
    }

    [Fact]
    public async Task Sdk_FollowsConsoleAfterALine_ListsFailedItems_AndRetriesThem()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var __ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (_, key) = await Api.NewKeyAsync(admin, ws, RunPermissions);
        using var hangar = new HangarClient(Server.BaseAddress).WithApiKey(key);

        var started = await hangar.StartRunAsync(ws, process, HangarClient.WithPayloads([new { n = 1 }]));
        var assignment = await Api.OkJsonAsync(await Workers.ClaimAsync(worker, waitSeconds: 20));
        var stepRunId = assignment["step_run_id"]!.GetValue<string>();
        var now = DateTimeOffset.UtcNow;
        await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/console", new
        {
            messages = Enumerable.Range(0, 3).Select(i => new { sequence = i, timestamp = now, stream = "stdout", message = $"line {i}" }).ToArray(),
        });

        var stepRun = Assert.Single(await hangar.ListStepRunsAsync(ws, started.Id!).ToListAsync());
        Assert.Equal(stepRunId, stepRun.Id);
        var all = await hangar.ListConsoleMessagesAsync(ws, stepRunId).ToListAsync();
        Assert.Equal(["line 0", "line 1", "line 2"], all.Select(m => m.Message));
        Assert.Equal(["line 2"], await hangar.ListConsoleMessagesAsync(ws, stepRunId, afterSequence: all[1].Sequence).Select(m => m.Message).ToListAsync());

        using (var robot = new Robot(Server, ws, process, started.Id!, stepRunId, assignment["run_token"]!.GetValue<string>()))
        {
            using var released = await robot.ReleaseAsync(assignment["work_item_id"]!.GetValue<string>(), "FAILED",
                new { type = "BUSINESS", code = "BAD", message = "no" });
            await Api.OkJsonAsync(released);
        }

        await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/complete", new { exit_code = 0 });
        Assert.Equal("unresolved", (await hangar.WaitForRunAsync(ws, started.Id!, TimeSpan.FromMilliseconds(50))).HangarState);
        var failed = Assert.Single(await hangar.ListWorkItemsAsync(ws, started.Id, state: "failed").ToListAsync());
        Assert.Equal("BAD", failed.Exception!.Code);

        Assert.True((await hangar.RetryWorkItemsAsync(ws, [failed.Id])).Accepted);
        Assert.Equal("pending", (await hangar.GetWorkItemAsync(ws, failed.Id)).State);
        Assert.Equal("in_progress", (await hangar.GetRunAsync(ws, started.Id!)).HangarState);
        Assert.Contains(await hangar.ListRunsAsync(ws, process, "in_progress").ToListAsync(), r => r.Id == started.Id);
    }

    [Fact]
    public async Task Sdk_ThrowsTypedRefusals_ForAWrongKey_AnotherWorkspace_AndAMissingPermission()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var other = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (_, readOnly) = await Api.NewKeyAsync(admin, ws, Permissions.ReadRuns, Permissions.ReadProcesses);

        using var reader = new HangarClient(Server.BaseAddress).WithApiKey(readOnly);
        var forbidden = await Assert.ThrowsAsync<HangarApiException>(() => reader.StartRunAsync(ws, process));
        Assert.Equal((HttpStatusCode.Forbidden, "missing_permission"), (forbidden.Status, forbidden.Code));
        var elsewhere = await Assert.ThrowsAsync<HangarApiException>(() => reader.ListRunsAsync(other).ToListAsync().AsTask());
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.Status);
        var missing = await Assert.ThrowsAsync<HangarApiException>(() => reader.ResolveProcessIdAsync(ws, "no such process"));
        Assert.Equal("not_found", missing.Code);

        using var stranger = new HangarClient(Server.BaseAddress).WithApiKey("not-a-key");
        var unauthorized = await Assert.ThrowsAsync<HangarApiException>(() => stranger.GetRunAsync(ws, Guid.CreateVersion7().ToString()));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), (unauthorized.Status, unauthorized.Code));
    }

    /// <summary>The worker's and robot's part: claim the step run, turn its item into an output, release it done, complete.</summary>
    private async Task PlayRobotAsync(HttpClient worker, string ws, string process, Func<JsonNode, object> transform)
    {
        var assignment = await Api.OkJsonAsync(await Workers.ClaimAsync(worker, waitSeconds: 30));
        var stepRunId = assignment["step_run_id"]!.GetValue<string>();
        var item = assignment["work_item_id"]!.GetValue<string>();
        using (var robot = new Robot(Server, ws, process, assignment["process_run_id"]!.GetValue<string>(), stepRunId, assignment["run_token"]!.GetValue<string>()))
        {
            await robot.CreateOutputAsync(item, transform(await robot.PayloadAsync(item)));
            using var released = await robot.ReleaseAsync(item, "COMPLETED");
            await Api.OkJsonAsync(released);
        }

        await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/complete", new { exit_code = 0 });
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hangar.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Hangar.slnx) was not found.");
    }
}

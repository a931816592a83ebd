using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Worker.Tests;

/// <summary>The worker program against a real server: robots that cannot start fail with a code, and the worker goes on.</summary>
public sealed class WorkerHostTests : IAsyncLifetime
{
    private const string Yaml = """
        tasks:
          Missing:
            command:
              - definitely-not-a-program-7f3a
          Echo:
            shell: python3 -c "import os; print('hello from', os.environ['RC_PROCESS_NAME'])"
        """;

    private readonly string _work = TempDirectory.Create("hangar-worker");
    private HangarTestServer? _server;

    private HangarTestServer Server => _server!;

    public async Task InitializeAsync() => _server = await HangarTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        TempDirectory.TryDelete(_work);
    }

    [Fact]
    public async Task MissingProgram_FailsTheStepRunWithACode_AndTheNextRobotStillRuns()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = Server.DefaultWorkspaceId;
        var token = await PostAsync(admin, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { });
        var linked = await WorkerApi.LinkAsync(Server.BaseAddress, token["link_token"]!.GetValue<string>(), "unit", CancellationToken.None);
        var config = new WorkerConfig(Server.BaseAddress.ToString().TrimEnd('/'), linked.WorkerId, linked.WorkspaceId, linked.Credential);
        var package = await UploadAsync(admin, ws, RobotZips.Build(("robot.yaml", Yaml)));
        using var stop = new CancellationTokenSource();
        var host = new WorkerHost(config, _work, TextWriter.Null, TimeProvider.System) { ClaimWaitSeconds = 2 }.RunAsync(stop.Token);

        var missing = await RunAsync(admin, ws, package, "Missing");
        var failed = await WaitForStepRunAsync(admin, ws, missing);
        Assert.Equal("failed", failed["state"]!.GetValue<string>());
        Assert.Equal("executable_not_found", failed["error"]!["code"]!.GetValue<string>());
        var console = await GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{failed["id"]!.GetValue<string>()}/console-messages");
        Assert.Contains("definitely-not-a-program-7f3a", console["data"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var echo = await RunAsync(admin, ws, package, "Echo");
        var completed = await WaitForStepRunAsync(admin, ws, echo);
        Assert.Equal("completed", completed["state"]!.GetValue<string>());
        console = await GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{completed["id"]!.GetValue<string>()}/console-messages");
        Assert.StartsWith("hello from ", console["data"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await stop.CancelAsync();
        await host;
    }

    private static async Task<string> RunAsync(HttpClient admin, string ws, string package, string task)
    {
        var process = await PostAsync(admin, $"/api/v1/workspaces/{ws}/processes", new
        {
            name = $"{task}-{Guid.NewGuid():N}"[..20],
            steps = new[] { new { task_package = new { id = package }, task } },
        });
        var run = await PostAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process["id"]!.GetValue<string>()}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 1 } } });
        return run["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> WaitForStepRunAsync(HttpClient admin, string ws, string runId)
    {
        for (var i = 0; i < 300; i++)
        {
            var stepRun = (await GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray().Single()!;
            if (stepRun["state"]!.GetValue<string>() is "completed" or "failed")
            {
                return stepRun;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the step run did not end");
    }

    private async Task<string> UploadAsync(HttpClient admin, string ws, byte[] zip)
    {
        var package = (await PostAsync(admin, $"/api/v1/workspaces/{ws}/task-packages", new { name = $"robot-{Guid.NewGuid():N}"[..20] }))["id"]!
            .GetValue<string>();
        var link = await GetAsync(admin, $"/api/v1/workspaces/{ws}/task-packages/{package}/upload");
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in link["form_data"]!.AsObject())
        {
            form.Add(new StringContent(value!.GetValue<string>()), name);
        }

        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "robot.zip");
        using var anonymous = Server.CreateClient();
        using var uploaded = await anonymous.PostAsync(link["url"]!.GetValue<string>(), form);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        return package;
    }

    private static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}

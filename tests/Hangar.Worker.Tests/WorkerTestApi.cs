using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Worker.Tests;

/// <summary>What the worker tests do over the server's API: link a worker, upload a robot, start a one-step run, wait for its step run.</summary>
internal static class WorkerTestApi
{
    public static async Task<WorkerConfig> LinkAsync(HangarTestServer server, HttpClient admin)
    {
        var ws = server.DefaultWorkspaceId;
        var token = await PostAsync(admin, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { });
        var linked = await WorkerApi.LinkAsync(server.BaseAddress, token["link_token"]!.GetValue<string>(), "unit", CancellationToken.None);
        return new WorkerConfig(server.BaseAddress.ToString().TrimEnd('/'), linked.WorkerId, linked.WorkspaceId, linked.Credential);
    }

    public static async Task<string> RunAsync(HttpClient admin, string ws, string package, string task)
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

    public static async Task<JsonNode> WaitForStepRunAsync(HttpClient admin, string ws, string runId)
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

    public static async Task<IReadOnlyList<string>> ConsoleAsync(HttpClient admin, string ws, string stepRunId) =>
        (await GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/console-messages?limit=500"))["data"]!.AsArray()
        .Select(m => m!["message"]!.GetValue<string>()).ToList();

    public static async Task<string> UploadAsync(HangarTestServer server, HttpClient admin, string ws, byte[] zip)
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
        using var anonymous = server.CreateClient();
        using var uploaded = await anonymous.PostAsync(link["url"]!.GetValue<string>(), form);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        return package;
    }

    public static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}

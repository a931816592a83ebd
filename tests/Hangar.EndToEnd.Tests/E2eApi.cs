using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>What the end-to-end tests do over a real server's HTTP API: an API key, robots and processes, and waiting for runs.</summary>
internal static class E2eApi
{
    /// <summary>The Default workspace's id and an API key with every permission there.</summary>
    public static async Task<(string Workspace, string Key)> SetUpAsync(string url, string password)
    {
        using var admin = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        await PostAsync(admin, "/api/v1/auth/login", new { username = "admin", password });
        var ws = (await GetAsync(admin, "/api/v1/workspaces"))["data"]!.AsArray().Single()!["id"]!.GetValue<string>();
        var permissions = (await GetAsync(admin, "/api/v1/permissions"))["data"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray();
        var key = await PostAsync(admin, $"/api/v1/workspaces/{ws}/api-keys", new { name = "e2e", permissions });
        return (ws, key["key"]!.GetValue<string>());
    }

    public static HttpClient KeyClient(string url, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"RC-WSKEY {key}");
        return client;
    }

    /// <summary>Uploads the zip as a task package and makes a one-step process of its task (<paramref name="task"/>).</summary>
    public static async Task<string> ProcessAsync(HttpClient api, string ws, byte[] zip, int retries = 0, string task = "Main")
    {
        var package = (await PostAsync(api, $"/api/v1/workspaces/{ws}/task-packages", new { name = $"robot-{Guid.NewGuid():N}"[..20] }))["id"]!.GetValue<string>();
        var link = await GetAsync(api, $"/api/v1/workspaces/{ws}/task-packages/{package}/upload");
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in link["form_data"]!.AsObject())
        {
            form.Add(new StringContent(value!.GetValue<string>()), name);
        }

        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "robot.zip");
        using (var anonymous = new HttpClient())
        using (var uploaded = await anonymous.PostAsync(link["url"]!.GetValue<string>(), form))
        {
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        }

        return (await PostAsync(api, $"/api/v1/workspaces/{ws}/processes", new
        {
            name = $"process-{Guid.NewGuid():N}"[..20],
            steps = new[] { new { task_package = new { id = package }, task, timeout_seconds = 120, retries_on_worker_loss = retries } },
        }))["id"]!.GetValue<string>();
    }

    public static async Task<JsonNode> WaitForRunAsync(HttpClient api, string ws, string runId, HangarProcess process)
    {
        for (var i = 0; i < 600; i++)
        {
            var run = await GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs/{runId}");
            if (run["hangar_state"]!.GetValue<string>() is "completed" or "unresolved" or "stopped")
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the run did not end:\n{process.Output}");
    }

    public static async Task<string> WaitForStepRunAsync(HttpClient api, string ws, string runId, string state, HangarProcess process)
    {
        for (var i = 0; i < 600; i++)
        {
            var stepRun = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray().SingleOrDefault();
            if (stepRun?["state"]!.GetValue<string>() == state)
            {
                return stepRun["id"]!.GetValue<string>();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the step run did not get {state}:\n{process.Output}");
    }

    public static async Task WaitForConsoleAsync(HttpClient api, string ws, string stepRunId, string text, HangarProcess process)
    {
        for (var i = 0; i < 300; i++)
        {
            var lines = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/console-messages"))["data"]!.AsArray();
            if (lines.Any(l => l!["message"]!.GetValue<string>() == text))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the console never showed '{text}':\n{process.Output}");
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

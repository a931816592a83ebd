using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Runs that leave something behind, made over HTTP as workers and clients make them, for the retention tests.</summary>
internal static class RetentionRuns
{
    /// <summary>
    /// Starts a run of <paramref name="processId"/>, lets <paramref name="worker"/> claim it, write console lines and an
    /// artifact, uploads a file to its work item, and completes it: a finished run with a step run, an item, console
    /// lines, events, an artifact and two blobs.
    /// </summary>
    public static async Task<FinishedRun> CompletedWithFilesAsync(HangarTestServer server, HttpClient client, HttpClient worker, string ws,
        string processId, bool blobsOnDisk = true)
    {
        var runId = await Workers.StartAsync(client, ws, processId, new { n = 1 });
        using var claim = await Workers.ClaimAsync(worker);
        var assignment = await Api.OkJsonAsync(claim);
        Assert.Equal(runId, assignment["process_run_id"]!.GetValue<string>());
        var stepRunId = assignment["step_run_id"]!.GetValue<string>();
        var itemId = assignment["work_item_id"]!.GetValue<string>();
        var lines = new[] { new { sequence = 0, timestamp = DateTimeOffset.UtcNow, stream = "stdout", message = "working" } };
        await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/console", new { messages = lines });
        using (var artifact = await worker.PutAsync($"/worker-v1/step-runs/{stepRunId}/artifacts?name=report.txt",
                   new ByteArrayContent(Encoding.UTF8.GetBytes("the report"))))
        {
            await Api.OkJsonAsync(artifact);
        }

        var bytes = "a file of the item"u8.ToArray();
        var link = await Api.PostAsync(client, $"/api/v1/workspaces/{ws}/work-items/{itemId}/files/upload", new { file_name = "input.txt", file_size = bytes.Length });
        using (var anonymous = server.CreateClient())
        using (var form = new MultipartFormDataContent())
        {
            foreach (var (name, value) in link["form_data"]!.AsObject())
            {
                form.Add(new StringContent(value!.GetValue<string>()), name);
            }

            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", "upload");
            using var uploaded = await anonymous.PostAsync(link["url"]!.GetValue<string>(), form);
            await Api.OkJsonAsync(uploaded);
        }

        await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/complete", new { exit_code = 0 });
        Assert.Equal("completed", await StateAsync(client, ws, runId));
        var run = new FinishedRun(runId, stepRunId, itemId,
            Path.Combine(server.DataDirectory, "blobs", "ws", ws, "artifacts", stepRunId),
            Path.Combine(server.DataDirectory, "blobs", "ws", ws, "work-items", itemId));
        if (blobsOnDisk)
        {
            Assert.Single(Directory.GetFiles(run.ArtifactFolder));
            Assert.Single(Directory.GetFiles(run.ItemFileFolder));
        }

        return run;
    }

    /// <summary>Starts a run that no worker takes and stops it: a finished (stopped) run ended now.</summary>
    public static async Task<string> StoppedAsync(HttpClient client, string ws, string processId)
    {
        var runId = await Workers.StartAsync(client, ws, processId, new { n = 1 });
        await Api.PostAsync(client, $"/api/v1/workspaces/{ws}/process-runs/{runId}/stop", new { reason = "test" });
        Assert.Equal("stopped", await StateAsync(client, ws, runId));
        return runId;
    }

    public static async Task<string> StateAsync(HttpClient client, string ws, string runId) =>
        (await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/process-runs/{runId}"))["hangar_state"]!.GetValue<string>();

    /// <summary>Waits (polling, real time) until the run is gone; false if it is still there after 30 s.</summary>
    public static async Task<bool> GoneAsync(HttpClient client, string ws, string runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync($"/api/v1/workspaces/{ws}/process-runs/{runId}");
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>An API key with every permission, so that the tests outlive sessions when they move time on.</summary>
    public static async Task<HttpClient> KeyClientAsync(HangarTestServer server, HttpClient admin, string ws)
    {
        var (_, key) = await Api.NewKeyAsync(admin, ws, Core.Security.Permissions.All.Select(p => p.Name).ToArray());
        return Api.KeyClient(server, key);
    }

    public static async Task<JsonNode> UsageAsync(HttpClient client, string ws) => await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/usage");
}

/// <summary>A finished run and where its blobs are on disk.</summary>
internal sealed record FinishedRun(string RunId, string StepRunId, string ItemId, string ArtifactFolder, string ItemFileFolder);

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// A whole flow (log in, API key, vault, link token and worker, robots that run and fail, signed URLs, a trigger with
/// the key in its query string) against a server and a worker logging at the lowest level, as JSON: no secret the flow
/// created appears in either log, and the lines about a run carry the run's and the workspace's ids.
/// </summary>
public sealed class LogSecretsTests : IDisposable
{
    private const string Password = "e2e-log-owner-secret-1";
    private readonly string _dir = TempDirectory.Create("hangar-e2e-log-secrets");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public async Task TraceLevelLogs_OfAWholeFlow_HoldNoSecret_AndRunLinesCarryTheRun()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var everything = new Dictionary<string, string>
        {
            ["HANGAR_ADMIN_PASSWORD"] = Password, ["HANGAR_LOG_FORMAT"] = "json", ["HANGAR_WORKER_ISOLATION"] = "none",
            ["Logging__LogLevel__Default"] = "Trace", ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Trace", ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Trace",
        };
        var secrets = new List<(string What, string Value)> { ("admin password", Password) };
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", Path.Combine(_dir, "data"), "--no-worker"], everything);
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        secrets.Add(("API key", key));
        using var api = E2eApi.KeyClient(url, key);

        var vaultValue = $"vault-{Guid.NewGuid():N}";
        secrets.Add(("vault value", vaultValue));
        await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/vault/secrets", new { name = "crm", value = new { password = vaultValue } });
        Assert.Equal(vaultValue, (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/vault/secrets/crm/value"))["value"]!["password"]!.GetValue<string>());

        var token = (await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(5) }))["link_token"]!.GetValue<string>();
        secrets.Add(("link token", token));
        var config = Path.Combine(_dir, "worker", "worker.json");
        var (code, linked) = await HangarProcess.RunAsync(["worker", "link", token, "--name", "w", "--server", url, "--config", config], everything);
        Assert.True(code == 0, linked);
        secrets.Add(("worker credential", JsonNode.Parse(await File.ReadAllTextAsync(config))!["credential"]!.GetValue<string>()));
        await using var worker = HangarProcess.Start(["worker", "start", "--config", config, "--work-dir", Path.Combine(_dir, "work"), "--isolation", "none"], everything);

        var good = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", "tasks:\n  Main:\n    shell: python3 -c \"print('hello', flush=True)\"\n")));
        var run = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{good}/process-runs", new { });
        Assert.Equal("completed", (await E2eApi.WaitForRunAsync(api, ws, run["id"]!.GetValue<string>(), worker))["state"]!.GetValue<string>());

        // A robot that cannot start: the worker's account of it is logged by the server, on the run.
        var bad = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", "tasks:\n  Main:\n    shell: no-such-program-in-this-robot\n")));
        var failing = (await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{bad}/process-runs", new { }))["id"]!.GetValue<string>();
        await E2eApi.WaitForStepRunAsync(api, ws, failing, "failed", worker);

        // A signed download URL, used; and a trigger carrying the API key in its query string, as integrations send it.
        var package = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/task-packages"))["data"]!.AsArray()[0]!["id"]!.GetValue<string>();
        var download = new Uri((await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/task-packages/{package}/download"))["url"]!.GetValue<string>());
        var query = HttpUtility.ParseQueryString(download.Query);
        foreach (var name in query.AllKeys.Where(k => k is "signature" or "sig"))
        {
            secrets.Add(("signed URL signature", query[name]!));
        }

        Assert.Contains(secrets, s => s.What == "signed URL signature");
        using (var anonymous = new HttpClient())
        {
            using (var zip = await anonymous.GetAsync(download))
            {
                Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
            }

            using var trigger = await anonymous.PostAsync($"{url}/api/v1/workspaces/{ws}/processes/{good}/process-runs-integrations?token={Uri.EscapeDataString(key)}",
                Json.Body("{\"order\":\"A-1\"}"));
            Assert.Equal(HttpStatusCode.OK, trigger.StatusCode);
        }

        await worker.StopAsync();
        Assert.Equal(0, await server.StopAsync());
        var logs = server.Output + "\n" + worker.Output;
        Assert.Contains("\"LogLevel\":\"Debug\"", server.Output, StringComparison.Ordinal);
        foreach (var (what, value) in secrets)
        {
            Assert.False(logs.Contains(value, StringComparison.Ordinal), $"the {what} is in the logs");
        }

        var failure = server.Output.Split('\n').Where(l => l.TrimStart().StartsWith('{') && l.Contains("failed on its worker", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l)).First();
        var scopes = failure.RootElement.GetProperty("Scopes").EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).ToList();
        Assert.Contains(scopes, s => s.TryGetProperty("ProcessRunId", out var id) && id.GetString() == failing);
        Assert.Contains(scopes, s => s.TryGetProperty("WorkspaceId", out var id) && id.GetString() == ws);
    }
}

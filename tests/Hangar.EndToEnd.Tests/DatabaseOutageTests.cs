using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Npgsql;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// The PostgreSQL database goes away under a running node and an external worker, and comes back: meanwhile requests
/// are answered 503 <c>database_unavailable</c> (never 401: a valid credential stays valid), readiness is 503 naming
/// the database while the node stays up, and the worker waits instead of giving up; afterwards the same processes work
/// on without a restart, and readiness (the leader election too) is back.
/// </summary>
public sealed class DatabaseOutageTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private readonly string _dir = TempDirectory.Create("hangar-e2e-outage");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public async Task DatabaseGoneAndBack_RequestsGet503_TheWorkerWaits_AndBothWorkOnAfterwards()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var target = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString);
        await using var link = TcpForwarder.Start(target.Host!, target.Port);
        var viaLink = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString) { Host = "127.0.0.1", Port = link.Port, Timeout = 3 };
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using var server = HangarProcess.Start(
            ["serve", "--urls", url, "--data-dir", Path.Combine(_dir, "data"), "--database", viaLink.ToString(), "--no-worker"],
            new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password, ["HANGAR_WORKER_ISOLATION"] = "none" });
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var api = E2eApi.KeyClient(url, key);
        var process = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", """
            tasks:
              Main:
                shell: python3 -c "print('hello', flush=True)"
            """)));
        var config = Path.Combine(_dir, "worker", "worker.json");
        var token = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(5) });
        var (code, linked) = await HangarProcess.RunAsync(["worker", "link", token["link_token"]!.GetValue<string>(), "--name", "w", "--server", url, "--config", config]);
        Assert.True(code == 0, linked);
        await using var worker = HangarProcess.Start(["worker", "start", "--config", config, "--work-dir", Path.Combine(_dir, "work"), "--isolation", "none"]);
        var before = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs", new { });
        Assert.Equal("completed", (await E2eApi.WaitForRunAsync(api, ws, before["id"]!.GetValue<string>(), worker))["state"]!.GetValue<string>());

        await link.CutAsync();
        using (var response = await api.GetAsync($"/api/v1/workspaces/{ws}/processes/{process}"))
        {
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("database_unavailable", (await response.Content.ReadFromJsonAsync<JsonNode>())!["error"]!["code"]!.GetValue<string>());
            Assert.NotNull(response.Headers.RetryAfter);
        }

        using (var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{ws}/processes/{process}/process-runs", new { }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        using (var anonymous = new HttpClient())
        using (var ready = await anonymous.GetAsync($"{url}/readyz"))
        {
            // The node is up (it answers) and says why it is not ready, dependency by dependency.
            var body = (await ready.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, body.ToJsonString());
            Assert.Equal("unavailable", body["status"]!.GetValue<string>());
            Assert.StartsWith("database: ", body["reason"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("down", body["checks"]!["database"]!["status"]!.GetValue<string>());
            Assert.Equal("up", body["checks"]!["blob_store"]!["status"]!.GetValue<string>());
        }

        Assert.False(server.HasExited, server.Output);

        // Long enough for the worker's claims to meet the outage a few times, and for the key to leave the node's
        // cache: its check now needs the database too, and a key that cannot be checked is not a refused key.
        await Task.Delay(TimeSpan.FromSeconds(4));
        using (var response = await api.GetAsync($"/api/v1/workspaces/{ws}/processes/{process}"))
        {
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        link.Resume();
        await server.WaitUntilReadyAsync($"{url}/readyz");
        using (var anonymous = new HttpClient())
        {
            // The leader election reconnects at its next sweep: readiness follows it back without a restart.
            JsonNode? body = null;
            for (var i = 0; i < 300 && body?["status"]?.GetValue<string>() != "ready"; i++)
            {
                using var ready = await anonymous.GetAsync($"{url}/readyz");
                body = await ready.Content.ReadFromJsonAsync<JsonNode>();
                await Task.Delay(100);
            }

            Assert.Equal("ready", body!["status"]!.GetValue<string>());
            Assert.Equal("up", body["checks"]!["leadership"]!["status"]!.GetValue<string>());
            Assert.Equal("leader", body["checks"]!["leadership"]!["role"]!.GetValue<string>());
        }

        var after = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs", new { });
        Assert.Equal("completed", (await E2eApi.WaitForRunAsync(api, ws, after["id"]!.GetValue<string>(), worker))["state"]!.GetValue<string>());
        Assert.False(worker.HasExited, worker.Output);
        Assert.DoesNotContain("refused the worker credential", worker.Output);
        Assert.Equal(2, (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]!.AsArray().Count);
    }
}

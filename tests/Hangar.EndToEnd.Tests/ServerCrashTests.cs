using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// kill -9 of <c>hangar serve</c> while clients trigger runs: every run the server acknowledged (answered 200 with its
/// id) is there after the restart, with its payload, on SQLite and on PostgreSQL.
/// </summary>
public sealed class ServerCrashTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private readonly string _dataDir = TempDirectory.Create("hangar-e2e-crash");

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task KilledUnderTriggerLoad_EveryAcknowledgedRunIsThere_WithItsPayload(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        string[] args = ["serve", "--urls", url, "--data-dir", _dataDir, "--database", database.DatabaseFlag, "--no-worker"];
        var env = new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password };
        var acknowledged = new ConcurrentDictionary<string, int>();
        string ws, key, process;
        await using (var server = HangarProcess.Start(args, env))
        {
            await server.WaitUntilReadyAsync($"{url}/readyz");
            (ws, key) = await E2eApi.SetUpAsync(url, Password);
            using var api = E2eApi.KeyClient(url, key);
            process = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", E2eRobot.SleeperYaml)));

            // Eight clients trigger as fast as they can; the server dies under them, mid-request for some.
            using var load = new CancellationTokenSource();
            var next = 0;
            var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                using var client = E2eApi.KeyClient(url, key);
                while (!load.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref next);
                    try
                    {
                        using var response = await client.PostAsJsonAsync($"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
                            new { type = "with_payloads", payloads = new object[] { new { n, text = new string('x', 1000) } } });
                        if (response.IsSuccessStatusCode)
                        {
                            var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
                            acknowledged[id] = n;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // The server is gone: requests without an answer were never acknowledged.
                    }
                }
            })).ToArray();
            while (acknowledged.Count < 100)
            {
                await Task.Delay(50);
            }

            await server.KillAsync();
            await load.CancelAsync();
            await Task.WhenAll(clients);
        }

        await using var restarted = HangarProcess.Start(args, env);
        await restarted.WaitUntilReadyAsync($"{url}/readyz");
        using var again = E2eApi.KeyClient(url, key);
        foreach (var (runId, n) in acknowledged)
        {
            await E2eApi.GetAsync(again, $"/api/v1/workspaces/{ws}/process-runs/{runId}");
            var item = (await E2eApi.GetAsync(again, $"/api/v1/workspaces/{ws}/work-items?process_run_id={runId}"))["data"]!.AsArray().Single()!;
            var payload = (await E2eApi.GetAsync(again, $"/api/v1/workspaces/{ws}/work-items/{item["id"]}"))["payload"]!;
            Assert.Equal(n, payload["n"]!.GetValue<int>());
            Assert.Equal(1000, payload["text"]!.GetValue<string>().Length);
        }
    }
}

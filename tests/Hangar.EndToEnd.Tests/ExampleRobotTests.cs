using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>The robots of <c>examples/</c>, uploaded as their README says and run by the embedded worker of <c>hangar serve</c>.</summary>
public sealed class ExampleRobotTests : IDisposable
{
    private const string Password = "e2e-examples-owner-secret-1";
    private readonly string _dataDir = TempDirectory.Create("hangar-e2e-examples");

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    [Fact]
    public async Task MinimalExample_Completes_WithItsGreetingInTheConsole_AndAsAnArtifact()
    {
        await using var server = await StartAsync();
        var (api, ws) = await ClientAsync(server);
        using var _ = api;
        var process = await E2eApi.ProcessAsync(api, ws, ExampleRobots.Zip("minimal"), task: "Greet");

        var (run, stepRunId) = await RunAsync(api, ws, process, server.Process, new JsonArray());

        Assert.True(run["state"]!.GetValue<string>() == "completed", $"{run}\n{server.Process.Output}");
        var console = await ConsoleAsync(api, ws, stepRunId);
        Assert.Contains(console, line => line.StartsWith("Hello from a Hangar robot on ", StringComparison.Ordinal));
        var artifact = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/artifacts"))["data"]!.AsArray().Single()!;
        Assert.Equal("greeting.txt", artifact["name"]!.GetValue<string>());
        var link = await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/artifacts/{artifact["id"]!.GetValue<string>()}");
        using var anonymous = new HttpClient();
        Assert.StartsWith("Hello from a Hangar robot on ", await anonymous.GetStringAsync(link["url"]!.GetValue<string>()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkItemsExample_TurnsInvoicesIntoOutputs_AndFailsTheOneWithoutAnAmount()
    {
        await using var server = await StartAsync();
        var (api, ws) = await ClientAsync(server);
        using var _ = api;
        var process = await E2eApi.ProcessAsync(api, ws, ExampleRobots.Zip("work-items"), task: "Invoices");

        var payloads = new JsonArray(
            new JsonObject { ["invoice"] = 1, ["amount"] = 100 },
            new JsonObject { ["invoice"] = 2 },
            new JsonObject { ["invoice"] = 3, ["amount"] = 12.5 });
        var (run, stepRunId) = await RunAsync(api, ws, process, server.Process, payloads);

        Assert.True(run["state"]!.GetValue<string>() == "unresolved", $"{run}\n{server.Process.Output}");
        var outputs = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs/{run["id"]!.GetValue<string>()}/outputs"))["data"]!.AsArray();
        Assert.Equal([(1, 120.0), (3, 15.0)], outputs
            .Select(o => (o!["payload"]!["invoice"]!.GetValue<int>(), o["payload"]!["total"]!.GetValue<double>())).Order());
        var items = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/work-items?process_run_id={run["id"]!.GetValue<string>()}"))["data"]!.AsArray();
        var failed = items.Single(i => i!["state"]!.GetValue<string>() == "failed")!;
        Assert.Equal("business", failed["exception"]!["type"]!.GetValue<string>());
        Assert.Equal("NO_AMOUNT", failed["exception"]!["code"]!.GetValue<string>());
        Assert.Contains("handled 3 invoice(s)", await ConsoleAsync(api, ws, stepRunId));
    }

    [Fact]
    public async Task VaultAndAssetExample_ReadsTheSecretAndTheAsset_AndSetsAnother_WithoutPrintingThePassword()
    {
        await using var server = await StartAsync();
        var (api, ws) = await ClientAsync(server);
        using var _ = api;
        const string SecretPassword = "s3cret-example-value";
        await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/vault/secrets",
            new { name = "example_login", value = new { username = "robot", password = SecretPassword } });
        await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/assets", new { name = "example_greeting" });
        await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/assets/name:example_greeting/uploads",
            new { content_type = "text/plain", data = Convert.ToBase64String("Good morning"u8) });
        var process = await E2eApi.ProcessAsync(api, ws, ExampleRobots.Zip("vault-and-asset"), task: "Report");

        var (run, stepRunId) = await RunAsync(api, ws, process, server.Process, new JsonArray());

        Assert.True(run["state"]!.GetValue<string>() == "completed", $"{run}\n{server.Process.Output}");
        var console = await ConsoleAsync(api, ws, stepRunId);
        Assert.Contains("signing in as robot", console);
        Assert.Contains("Good morning", console);
        Assert.DoesNotContain(console, line => line.Contains(SecretPassword, StringComparison.Ordinal));
        var asset = await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/assets/name:example_last_run");
        using var anonymous = new HttpClient();
        var recorded = await anonymous.GetStringAsync(asset["payload"]!["url"]!.GetValue<string>());
        Assert.StartsWith("last run at ", recorded, StringComparison.Ordinal);
        Assert.EndsWith(" as robot", recorded, StringComparison.Ordinal);
    }

    private async Task<Server> StartAsync()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var process = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir], new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password });
        await process.WaitUntilReadyAsync($"{url}/readyz");
        return new Server(url, process);
    }

    private static async Task<(HttpClient Api, string Workspace)> ClientAsync(Server server)
    {
        var (ws, key) = await E2eApi.SetUpAsync(server.Url, Password);
        return (E2eApi.KeyClient(server.Url, key), ws);
    }

    /// <summary>Starts a run (one input item per payload; one empty item when there are none) and waits for its end.</summary>
    private static async Task<(JsonNode Run, string StepRunId)> RunAsync(HttpClient api, string ws, string process, HangarProcess server, JsonArray payloads)
    {
        if (payloads.Count == 0)
        {
            payloads.Add(new JsonObject());
        }

        var started = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new JsonObject { ["type"] = "with_payloads", ["payloads"] = payloads });
        var run = await E2eApi.WaitForRunAsync(api, ws, started["id"]!.GetValue<string>(), server);
        var stepRun = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={run["id"]!.GetValue<string>()}"))["data"]!.AsArray().Single()!;
        return (run, stepRun["id"]!.GetValue<string>());
    }

    private static async Task<List<string>> ConsoleAsync(HttpClient api, string ws, string stepRunId) =>
        (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/console-messages?limit=500"))["data"]!.AsArray()
        .Select(m => m!["message"]!.GetValue<string>()).ToList();

    private sealed record Server(string Url, HangarProcess Process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Process.DisposeAsync();
    }
}

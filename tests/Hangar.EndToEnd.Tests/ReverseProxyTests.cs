using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// Hangar behind nginx terminating TLS, set up as docs/operations.md tells an operator: <c>--trusted-proxy</c> for
/// nginx's address and <c>--public-url</c> for the https address clients use. Everything a client does goes through nginx.
/// </summary>
public sealed class ReverseProxyTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private const string RobotYaml = """
        tasks:
          Main:
            shell: python3 robot.py
        artifactsDir: output
        """;

    // Leaves where its worker told it the server is, so the test can see the robot reached Hangar directly.
    private const string RobotScript = """
        import os
        with open(os.path.join(os.environ["ROBOT_ARTIFACTS"], "where.txt"), "w") as f:
            f.write(os.environ["RC_API_URL_V1"])
        """;

    private readonly string _dir = TempDirectory.Create("hangar-e2e-nginx");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public async Task BehindNginxOverHttps_SignInKeysSignedUrlsAndPaging_AllUseThePublicHttpsUrl()
    {
        using var certificate = TestCertificate.CreatePem(_dir);
        var hangarPort = HangarProcess.FreePort();
        var nginxPort = HangarProcess.FreePort();
        var direct = $"http://127.0.0.1:{hangarPort}";
        var publicUrl = $"https://127.0.0.1:{nginxPort}";
        await using var server = HangarProcess.Start(
            ["serve", "--urls", direct, "--data-dir", Path.Combine(_dir, "data"), "--trusted-proxy", "127.0.0.1", "--public-url", publicUrl],
            new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password });
        await server.WaitUntilReadyAsync($"{direct}/readyz");
        await using var nginx = await Nginx.StartAsync(Path.Combine(_dir, "nginx"), nginxPort, hangarPort, certificate.CertPath, certificate.KeyPath);
        using var handler = certificate.TrustingHandler();
        using var browser = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(publicUrl) };

        // Sign in over https: the session cookie is Secure and HSTS is sent.
        using (var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = Password }))
        {
            Assert.True(login.StatusCode == HttpStatusCode.OK, $"{(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}\n{nginx.ErrorLog}");
            Assert.Contains("secure", login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hangar_session=", StringComparison.Ordinal)),
                StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("max-age=", login.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        }

        // Create keys; page the key list: next is on the public https URL and can be followed as is.
        var ws = (await GetAsync(browser, "/api/v1/workspaces"))["data"]!.AsArray().Single()!["id"]!.GetValue<string>();
        var permissions = (await GetAsync(browser, "/api/v1/permissions"))["data"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray();
        var key = (await PostAsync(browser, $"/api/v1/workspaces/{ws}/api-keys", new { name = "through nginx", permissions }))["key"]!.GetValue<string>();
        await PostAsync(browser, $"/api/v1/workspaces/{ws}/api-keys", new { name = "second", permissions = new[] { "Members.read_members" } });
        using var api = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(publicUrl) };
        api.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"RC-WSKEY {key}");
        var page = await GetAsync(api, $"/api/v1/workspaces/{ws}/api-keys?limit=1");
        var next = page["next"]!.GetValue<string>();
        Assert.StartsWith($"{publicUrl}/api/v1/workspaces/{ws}/api-keys?", next, StringComparison.Ordinal);
        Assert.Single((await GetAsync(api, next))["data"]!.AsArray());

        // Upload a robot through its signed URL, run it on the embedded worker, download its artifact through its signed URL.
        var package = (await PostAsync(api, $"/api/v1/workspaces/{ws}/task-packages", new { name = "behind-nginx" }))["id"]!.GetValue<string>();
        var link = await GetAsync(api, $"/api/v1/workspaces/{ws}/task-packages/{package}/upload");
        Assert.Equal($"{publicUrl}/blobs/upload", link["url"]!.GetValue<string>());
        await UploadAsync(handler, link, RobotZips.Build(("robot.yaml", RobotYaml), ("robot.py", RobotScript)));
        var process = (await PostAsync(api, $"/api/v1/workspaces/{ws}/processes", new
        {
            name = "behind nginx",
            steps = new[] { new { task_package = new { id = package }, task = "Main", timeout_seconds = 120 } },
        }))["id"]!.GetValue<string>();
        var runId = (await PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 1 } } }))["id"]!.GetValue<string>();
        await WaitForRunAsync(api, ws, runId, server);

        var stepRun = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray().Single()!["id"]!.GetValue<string>();
        var artifact = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRun}/artifacts"))["data"]!.AsArray().Single()!;
        var download = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRun}/artifacts/{artifact["id"]!.GetValue<string>()}"))["url"]!
            .GetValue<string>();
        Assert.StartsWith($"{publicUrl}/blobs/download?", download, StringComparison.Ordinal);
        using (var anonymous = new HttpClient(certificate.TrustingHandler()))
        {
            // The embedded worker reaches the server over loopback, and so do its robots (not through the proxy).
            Assert.Equal($"{direct}/api/v1", await anonymous.GetStringAsync(download));
        }

        Assert.Equal(0, await server.StopAsync());
    }

    private static async Task UploadAsync(HttpMessageHandler handler, JsonNode link, byte[] zip)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in link["form_data"]!.AsObject())
        {
            form.Add(new StringContent(value!.GetValue<string>()), name);
        }

        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "robot.zip");
        using var anonymous = new HttpClient(handler, disposeHandler: false);
        using var uploaded = await anonymous.PostAsync(link["url"]!.GetValue<string>(), form);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
    }

    private static async Task WaitForRunAsync(HttpClient api, string ws, string runId, HangarProcess server)
    {
        for (var i = 0; i < 600; i++)
        {
            var state = (await GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs/{runId}"))["state"]!.GetValue<string>();
            if (state == "completed")
            {
                return;
            }

            Assert.True(state is "new" or "in_progress", $"the run ended {state}:\n{server.Output}");
            await Task.Delay(100);
        }

        throw new TimeoutException($"the run did not end:\n{server.Output}");
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

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Bodies that are not what they claim: JSON that is not UTF-8 or in another charset, payloads that could not be
/// written back, a console batch sent as text. Each is a clear 4xx, and nothing is kept of it.
/// </summary>
public sealed class MalformedInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    /// <summary>Each route that starts runs or adds work items from a raw JSON body, with a body valid but for its bytes.</summary>
    public static TheoryData<string, string> TriggerRoutes => new()
    {
        { "/api/v1/workspaces/{ws}/processes/{process}/process-runs", """{"type":"with_payloads","payloads":[{"city":"Z·rich"}]}""" },
        { "/api/v1/workspaces/{ws}/processes/{process}/process-runs-integrations?token={key}", """{"city":"Z·rich"}""" },
        { "/process-v1/workspaces/{ws}/processes/{process}/runs", """{"city":"Z·rich"}""" },
        { "/process-v1/workspaces/{ws}/processes/{process}/runs-batch", """[{"city":"Z·rich"}]""" },
        { "/process-v1/workspaces/{ws}/processes/{process}/run-request", """{"type":"default","note":"Z·rich"}""" },
        { "/process-v1/workspaces/{ws}/processes/{process}/work-items", """{"payload":{"city":"Z·rich"}}""" },
        { "/workspace-v1/workspaces/{ws}/processes/{process}/runs", """{"city":"Z·rich"}""" },
    };

    [Theory]
    [MemberData(nameof(TriggerRoutes))]
    public async Task TriggerBody_ThatIsNotUtf8_IsRefused_AndStartsNothing(string route, string body)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.TriggerProcesses, Permissions.WriteWorkItems);
        var secret = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-secret", new { }))["secret"]!.GetValue<string>();
        using var client = Server.CreateClient();
        // Robocorp's clients often send no Content-Type: the body is read as JSON all the same, and checked all the same.
        using var request = new HttpRequestMessage(HttpMethod.Post, route.Replace("{ws}", Ws).Replace("{process}", process).Replace("{key}", key))
        {
            Content = new ByteArrayContent(NotUtf8(body)),
        };
        if (route.StartsWith("/workspace-v1", StringComparison.Ordinal))
        {
            request.Headers.Add("robocloud-process-secret", secret);
        }
        else if (!route.Contains("?token=", StringComparison.Ordinal))
        {
            request.Headers.Authorization = Json.WorkspaceKey(key);
        }

        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("invalid_json", await Json.ErrorCodeAsync(response));
        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs?process_id={process}"))["data"]!.AsArray());
        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items?process_id={process}"))["data"]!.AsArray());
    }

    [Fact]
    public async Task TriggerBody_InUtf8_KeepsEveryCharacter_WhereverTheReadsSplitIt()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        // 2-, 3- and 4-byte characters over some hundred kilobytes: the body arrives in many reads, cut inside characters.
        var text = string.Concat(Enumerable.Repeat("Zürich 東京 😀 ", 12_000));
        using var response = await admin.PostAsync($"/api/v1/workspaces/{Ws}/processes/{process}/process-runs",
            Json.Body($$"""{"type":"with_payloads","payloads":[{"text":"{{text}}"}]}"""));
        var run = await Api.OkJsonAsync(response);
        var item = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items?process_run_id={run["id"]}"))["data"]![0]!["id"]!.GetValue<string>();
        Assert.Equal(text, (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}"))["payload"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task WorkItemPayload_ThatIsNotUtf8_IsRefused_OnEveryRoute_AndNothingChanges()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.WriteWorkItems, Permissions.ReadWorkItems, Permissions.TriggerProcesses);
        using var client = Api.KeyClient(Server, key);
        var runId = (await Api.PostAsync(client, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new[] { new { city = "Oslo" } } }))["id"]!.GetValue<string>();
        using var robot = await Robot.StartAsync(Server, Ws, process, runId);
        var item = (await robot.ReserveAsync())!;

        foreach (var (method, path, http, body) in new[]
                 {
                     ("POST", $"/api/v1/workspaces/{Ws}/work-items", client, $$$"""{"process":{"id":"{{{process}}}"},"payload":{"city":"Z·rich"}}"""),
                     ("PUT", $"/api/v1/workspaces/{Ws}/work-items/{item}/payload", client, """{"payload":{"city":"Z·rich"}}"""),
                     ("POST", $"/process-v1/workspaces/{Ws}/processes/{process}/work-items", client, """{"payload":{"city":"Z·rich"}}"""),
                     ("PUT", $"{robot.Wi}{item}/data", robot.Http, """{"city":"Z·rich"}"""),
                     ("POST", $"{robot.Pr}work-items/{item}/output", robot.Http, """{"payload":{"city":"Z·rich"}}"""),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(NotUtf8(body)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("invalid_json", await Json.ErrorCodeAsync(response));
        }

        Assert.Equal("Oslo", (await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}/work-items/{item}"))["payload"]!["city"]!.GetValue<string>());
        Assert.Single((await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}/work-items?process_id={process}"))["data"]!.AsArray());
    }

    [Theory]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=bogus")]
    public async Task JsonBody_InAnotherCharset_Is415(string contentType)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        foreach (var path in new[] { "/api/v1/workspaces", $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs" })
        {
            using var content = new ByteArrayContent("{\"name\":\"x\"}"u8.ToArray());
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await admin.PostAsync(path, content);
            Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("unsupported_media_type", await Json.ErrorCodeAsync(response));
        }

        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs?process_id={process}"))["data"]!.AsArray());
    }

    [Fact]
    public async Task Payloads_NestedPastTheLimit_OrHoldingHalfASurrogatePair_AreRefused_SoEveryAnswerCanCarryThem()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var runId = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs", new { }))["id"]!.GetValue<string>();
        using var robot = await Robot.StartAsync(Server, Ws, process, runId);
        var item = (await robot.ReserveAsync())!;
        foreach (var payload in new[] { Nest(33), Nest(63), """{"name":"\ud800"}""", """{"\udfff":1}""" })
        {
            using var output = await robot.Http.PostAsync($"{robot.Pr}work-items/{item}/output", Json.Body($$"""{"payload":{{payload}}}"""));
            Assert.True(output.StatusCode == HttpStatusCode.BadRequest, $"{payload}: {(int)output.StatusCode}");
            Assert.Equal("invalid_json", await Json.ErrorCodeAsync(output));
            using var data = await robot.Http.PutAsync($"{robot.Wi}{item}/data", Json.Body(payload));
            Assert.Equal(HttpStatusCode.BadRequest, data.StatusCode);
        }

        // At the limit, and with a pair that is whole, a payload is kept and every answer that carries it can be read.
        await robot.CreateOutputAsync(item, JsonNode.Parse(Nest(32)));
        await robot.CreateOutputAsync(item, JsonNode.Parse("""{"face":"\ud83d\ude00"}"""));
        Assert.Equal(2, (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs/{runId}/outputs"))["data"]!.AsArray().Count);
        Assert.Equal(3, (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items?process_run_id={runId}"))["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task WorkerConsole_SentAsAnythingButJson_Is415()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        await Workers.StartAsync(admin, ws, await Workers.ProcessAsync(Server, admin, ws), new { n = 1 });
        using var claim = await Workers.ClaimAsync(worker);
        var stepRun = (await Api.OkJsonAsync(claim))["step_run_id"]!.GetValue<string>();
        using var response = await worker.PostAsync($"/worker-v1/step-runs/{stepRun}/console", new StringContent("""{"messages":[]}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", await Json.ErrorCodeAsync(response));
    }

    /// <summary>The JSON's bytes with '·' replaced by 0xFF, which no UTF-8 text holds.</summary>
    private static byte[] NotUtf8(string json)
    {
        var at = json.IndexOf('·', StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(json[..at]), 0xFF, .. Encoding.UTF8.GetBytes(json[(at + 1)..])];
    }

    private static string Nest(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}

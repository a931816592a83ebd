using System.Net;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// <c>process-runs-integrations?with_handshake=asana</c>: Asana's first request carries <c>X-Hook-Secret</c> and
/// expects it back; it is no event and starts no run. Later requests start runs as usual.
/// </summary>
public class AsanaHandshakeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task TheHandshake_EchoesTheHookSecret_AndStartsNoRun()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.TriggerProcesses);
        using var asana = Server.CreateClient();
        var url = $"/api/v1/workspaces/{ws}/processes/{process}/process-runs-integrations?token={key}&with_handshake=asana";

        using var handshake = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent([]) };
        handshake.Headers.TryAddWithoutValidation("X-Hook-Secret", "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81");
        using var answer = await asana.SendAsync(handshake);
        var body = await Api.OkJsonAsync(answer);
        Assert.Equal("b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81", answer.Headers.GetValues("X-Hook-Secret").Single());
        Assert.False(body["started"]!.GetValue<bool>());
        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]!.AsArray());

        // An event after the handshake starts a run with the body as its payload.
        using var eventResponse = await asana.PostAsync(url, Json.Body(new { events = new[] { new { action = "changed" } } }));
        var started = await Api.OkJsonAsync(eventResponse);
        Assert.True(started["started"]!.GetValue<bool>());
        Assert.False(eventResponse.Headers.Contains("X-Hook-Secret"));
        Assert.Single((await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]!.AsArray());
    }

    [Fact]
    public async Task AHandshake_IsRefused_ForAnUnknownKind_ABadSecret_OrAnUnknownProcess()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.TriggerProcesses);
        using var client = Server.CreateClient();
        var cases = new (string Process, string Kind, string Secret, HttpStatusCode Status, string Code)[]
        {
            (process, "github", "abc", HttpStatusCode.BadRequest, "invalid_handshake"),
            (process, "asana", "has space", HttpStatusCode.BadRequest, "invalid_hook_secret"),
            (Guid.CreateVersion7().ToString(), "asana", "abc", HttpStatusCode.NotFound, "not_found"),
        };
        foreach (var (target, kind, secret, status, code) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post,
                $"/api/v1/workspaces/{ws}/processes/{target}/process-runs-integrations?token={key}&with_handshake={kind}") { Content = Json.Body("{}") };
            request.Headers.TryAddWithoutValidation("X-Hook-Secret", secret);
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == status, $"{kind}/{secret}: {(int)response.StatusCode}");
            Assert.Equal(code, await Json.ErrorCodeAsync(response));
            Assert.False(response.Headers.Contains("X-Hook-Secret"));
        }

        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]!.AsArray());
    }
}

using System.Net;
using System.Text;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Access credentials and the token vendor, signing requests exactly as rcc does.</summary>
public class AccessCredentialTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Credential_IsShownOnce_ThenListedWithoutItsSecret_AndDeletable()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var created = await Api.PostAsync(admin, "/api/v1/users/me/access-credentials", new { name = "laptop rcc" });
        var credential = created["credential"]!.GetValue<string>();
        var (identifier, secret) = Split(credential);
        Assert.StartsWith("hgc_", identifier, StringComparison.Ordinal);

        using var list = await admin.GetAsync("/api/v1/users/me/access-credentials");
        var text = await list.Content.ReadAsStringAsync();
        Assert.Contains(identifier, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);

        using var delete = await Api.DeleteAsync(admin, $"/api/v1/users/me/access-credentials/{created["id"]}");
        await Api.OkJsonAsync(delete);
        using var signed = await SignedAsync(HttpMethod.Post, "/token-vendor-v1/user/tokenrequest", credential, """{"expiresIn":600,"capabilitySet":"view/workspaces"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, signed.StatusCode);
    }

    [Fact]
    public async Task SignedTokenRequests_VendTokens_ThatListWorkspacesAndOpenOnlyTheirCapability()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var credential = (await Api.PostAsync(admin, "/api/v1/users/me/access-credentials", new { name = "rcc" }))["credential"]!.GetValue<string>();

        using var userToken = await SignedAsync(HttpMethod.Post, "/token-vendor-v1/user/tokenrequest", credential,
            """{"expiresIn":600,"capabilitySet":"view/workspaces"}""");
        var token = (await Api.OkJsonAsync(userToken))["token"]!.GetValue<string>();
        using var bearer = Server.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var workspaces = System.Text.Json.Nodes.JsonNode.Parse(await bearer.GetStringAsync("/workspace-v1/workspaces"))!.AsArray();
        Assert.Contains(workspaces, w => w!["id"]!.GetValue<string>() == Server.DefaultWorkspaceId);

        using var wsToken = await SignedAsync(HttpMethod.Post, $"/token-vendor-v1/workspaces/{Server.DefaultWorkspaceId}/tokenrequest", credential,
            """{"expiresIn":600,"capabilitySet":"edit/robot"}""");
        var robotToken = (await Api.OkJsonAsync(wsToken))["token"]!.GetValue<string>();
        using var robot = Server.CreateClient();
        robot.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", robotToken);
        await Api.GetAsync(robot, $"/api/v1/workspaces/{Server.DefaultWorkspaceId}");
        using (var beyond = await robot.GetAsync($"/api/v1/workspaces/{Server.DefaultWorkspaceId}/api-keys"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, beyond.StatusCode);
        }

        var other = await Api.NewWorkspaceAsync(admin);
        using (var elsewhere = await robot.GetAsync($"/api/v1/workspaces/{other}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        }

        using var details = await SignedAsync(HttpMethod.Get, "/token-vendor-v1/user/details", credential, null);
        Assert.Equal("admin", (await Api.OkJsonAsync(details))["user"]!["username"]!.GetValue<string>());

        using (var forget = await SignedAsync(HttpMethod.Delete, "/token-vendor-v1/credential", credential, null))
        {
            await Api.OkJsonAsync(forget);
        }

        using var afterDelete = await bearer.GetAsync("/workspace-v1/workspaces");
        Assert.Equal(HttpStatusCode.Unauthorized, afterDelete.StatusCode);
        var legacy = await Json.ReadAsync(afterDelete);
        Assert.Equal(401, legacy["status"]!.GetValue<int>());
        Assert.Equal("invalid_token", legacy["code"]!.GetValue<string>());
        Assert.Equal("invalid_token", legacy["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadSignaturesStaleTimestampsAndForeignWorkspaces_AreRefused()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var credential = (await Api.PostAsync(admin, "/api/v1/users/me/access-credentials", new { name = "rcc" }))["credential"]!.GetValue<string>();
        const string body = """{"expiresIn":600,"capabilitySet":"view/workspaces"}""";

        using (var stale = await SignedAsync(HttpMethod.Post, "/token-vendor-v1/user/tokenrequest", credential, body, DateTimeOffset.UtcNow.AddMinutes(-6)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
            Assert.Equal("invalid_timestamp", await CodeAsync(stale));
        }

        var (identifier, _) = Split(credential);
        using (var forged = await SignedAsync(HttpMethod.Post, "/token-vendor-v1/user/tokenrequest", $"{identifier}:not-the-secret", body))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
            Assert.Equal("invalid_signature", await CodeAsync(forged));
        }

        using (var badCapability = await SignedAsync(HttpMethod.Post, "/token-vendor-v1/user/tokenrequest", credential, """{"capabilitySet":"rule/world"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badCapability.StatusCode);
            Assert.Equal("invalid_capability", await CodeAsync(badCapability));
        }

        var (_, stranger) = await Api.NewUserAsync(Server, admin);
        using (stranger)
        {
            var theirs = (await Api.PostAsync(stranger, "/api/v1/users/me/access-credentials", new { name = "x" }))["credential"]!.GetValue<string>();
            using var foreign = await SignedAsync(HttpMethod.Post, $"/token-vendor-v1/workspaces/{Server.DefaultWorkspaceId}/tokenrequest", theirs,
                """{"capabilitySet":"edit/robot"}""");
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }
    }

    /// <summary>Signs a request as rcc does: HMAC-SHA256 over method, path, content type, timestamp and body hash.</summary>
    private async Task<HttpResponseMessage> SignedAsync(HttpMethod method, string path, string credential, string? body, DateTimeOffset? at = null)
    {
        var (identifier, secret) = Split(credential);
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bodyBytes = Encoding.UTF8.GetBytes(body ?? "{}");
        var canonical = string.Join('\n', method.Method, path, "application/json", timestamp,
            Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bodyBytes)));
        var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(canonical)));
        using var client = Server.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = Json.Body(body);
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"robocloud-hmac {identifier} {signature}");
        request.Headers.TryAddWithoutValidation(RequestSignature.TimestampHeader, timestamp);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static (string Identifier, string Secret) Split(string credential)
    {
        var parts = credential.Split(':', 2);
        return (parts[0], parts[1]);
    }

    private static async Task<string> CodeAsync(HttpResponseMessage response) => (await Json.ReadAsync(response))["code"]!.GetValue<string>();
}

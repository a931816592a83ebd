using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// What another site can make a signed-in browser send: a form (url-encoded, multipart, text/plain) or a bodiless
/// request, with the session cookie. Every API change signed in with the cookie needs JSON or the page's anti-forgery
/// token, and a refused request changes nothing. Keys and tokens, which no other site can attach, are not affected.
/// </summary>
public sealed class CrossSiteRequestTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    /// <summary>What a form or a script's simple request may send without asking (null: no body, as a bodiless fetch).</summary>
    public static TheoryData<string?> CrossSiteContentTypes => new() { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null };

    [Theory]
    [MemberData(nameof(CrossSiteContentTypes))]
    public async Task SessionRequestsThatChangeSomething_WithoutJson_AreRefused_AndChangeNothing(string? contentType)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var (keyId, _) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadRuns);
        await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-secret", new { });
        var secretBefore = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-secret"))["created_at"]!.GetValue<DateTimeOffset>();

        foreach (var (method, path) in new[]
                 {
                     ("POST", $"/api/v1/workspaces/{Ws}/api-keys/{keyId}/reveal"),
                     ("POST", $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs-integrations"),
                     ("POST", $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs"),
                     ("POST", $"/api/v1/workspaces/{Ws}/processes/{process}/process-secret"),
                     ("DELETE", $"/api/v1/workspaces/{Ws}/api-keys/{keyId}"),
                     ("POST", "/api/v1/auth/logout"),
                 })
        {
            using var response = await admin.SendAsync(Request(method, path, contentType, contentType is null ? null : """{"a":1}"""));
            Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType,
                $"{method} {path} as {contentType}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("unsupported_media_type", await Json.ErrorCodeAsync(response));
        }

        // Still signed in; no key shown, no run started, the secret and the key as they were.
        var audit = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/audit-events?action=api_key.revealed&limit=500");
        Assert.DoesNotContain(audit["data"]!.AsArray(), e => e!.ToJsonString().Contains(keyId, StringComparison.Ordinal));
        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs?process_id={process}"))["data"]!.AsArray());
        Assert.Equal(secretBefore,
            (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-secret"))["created_at"]!.GetValue<DateTimeOffset>());
        await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys/{keyId}");
    }

    [Fact]
    public async Task SessionRequests_SentAsJson_Work_AlsoWithoutABody()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var (keyId, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadRuns);
        foreach (var (method, path, body) in new[]
                 {
                     ("POST", $"/api/v1/workspaces/{Ws}/api-keys/{keyId}/reveal", null),
                     ("POST", $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs-integrations", """{"a":1}"""),
                     ("POST", $"/api/v1/workspaces/{Ws}/processes/{process}/process-secret", null),
                     ("DELETE", $"/api/v1/workspaces/{Ws}/api-keys/{keyId}", null),
                     ("POST", "/api/v1/auth/logout", null),
                 })
        {
            using var response = await admin.SendAsync(Request(method, path, "application/json", body));
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (path.EndsWith("/reveal", StringComparison.Ordinal))
            {
                Assert.Equal(key, (await Json.ReadAsync(response))["key"]!.GetValue<string>());
            }
        }

        using var after = await admin.GetAsync("/api/v1/users/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task TheAntiforgeryTokenOfAPage_InTheHeader_AlsoPasses_AndAForgedOneDoesNot()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (keyId, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadRuns);
        var token = await Api.FormTokenAsync(admin, $"/workspaces/{Ws}/api-keys");
        var path = $"/api/v1/workspaces/{Ws}/api-keys/{keyId}/reveal";

        using var withToken = Request("POST", path, "text/plain", null);
        withToken.Headers.Add("X-CSRF-TOKEN", token);
        using (var response = await admin.SendAsync(withToken))
        {
            Assert.Equal(key, (await Api.OkJsonAsync(response))["key"]!.GetValue<string>());
        }

        using var forged = Request("POST", path, "text/plain", null);
        forged.Headers.Add("X-CSRF-TOKEN", "CfDJ8" + new string('A', 100));
        using (var response = await admin.SendAsync(forged))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }

        // A token is tied to its user: another user's page token does not pass for the admin.
        var (_, other) = await Api.NewMemberAsync(Server, admin, "admin");
        using (other)
        {
            var otherToken = await Api.FormTokenAsync(other, $"/workspaces/{Ws}/api-keys");
            using var borrowed = Request("POST", path, "text/plain", null);
            borrowed.Headers.Add("X-CSRF-TOKEN", otherToken);
            using var response = await admin.SendAsync(borrowed);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }
    }

    [Fact]
    public async Task KeysAndTokens_AreNotAffected_WhateverTheContentType()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.TriggerProcesses);
        using var client = Api.KeyClient(Server, key);
        // Robocorp's integrations post the payload as whatever their HTTP library picks.
        using var started = await client.SendAsync(Request("POST", $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs-integrations", "text/plain",
            """{"a":1}"""));
        await Api.OkJsonAsync(started);
        using var byQuery = Server.CreateClient();
        using var integration = await byQuery.SendAsync(Request("POST",
            $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs-integrations?token={key}", null, """{"a":2}"""));
        await Api.OkJsonAsync(integration);
    }

    private static HttpRequestMessage Request(string method, string path, string? contentType, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null || body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? string.Empty));
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }

        return request;
    }
}

using System.Net;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>The API key life cycle over HTTP, as the API tab and an integrator use it.</summary>
public class ApiKeyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task CreatedKey_IsShownOnce_AndListedWithPermissionsButNeverItsValue()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys",
            new { name = "Zapier", permissions = new[] { "trigger_processes", "Processes.read_runs" } });
        var key = created["key"]!.GetValue<string>();
        Assert.StartsWith("hgk_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 4 + 28, "at least 160 bits of randomness");
        Assert.Equal([Permissions.ReadRuns, Permissions.TriggerProcesses], created["permissions"]!.AsArray().Select(p => p!.GetValue<string>()));
        var id = created["id"]!.GetValue<string>();

        using var list = await admin.GetAsync($"/api/v1/workspaces/{Ws}/api-keys");
        var listText = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, listText, StringComparison.Ordinal);
        var listed = (await Json.ReadAsync(list))["data"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
        Assert.Equal("Zapier", listed["name"]!.GetValue<string>());
        Assert.Equal(0, listed["usage_count"]!.GetValue<long>());
        Assert.Null(listed["last_used_at"]);
        Assert.Equal("user", listed["created_by"]!["type"]!.GetValue<string>());

        var one = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys/{id}");
        Assert.Null(one["key"]);
        Assert.Equal(key[..8], one["key_preview"]!.GetValue<string>());
    }

    [Fact]
    public async Task AKey_WorksInItsWorkspace_OnlyForItsPermissions_AndCountsItsUse()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (id, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadMembers);
        using var client = Api.KeyClient(Server, key);
        for (var i = 0; i < 3; i++)
        {
            await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}");
        }

        await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}/members");
        using (var denied = await client.GetAsync($"/api/v1/workspaces/{Ws}/api-keys"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal("missing_permission", await Json.ErrorCodeAsync(denied));
            Assert.Contains(Permissions.ReadApiKeys, await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var listed = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys/{id}");
        Assert.True(listed["usage_count"]!.GetValue<long>() >= 5, listed.ToJsonString());
        Assert.NotNull(listed["last_used_at"]);
        Assert.Equal("127.0.0.1", listed["last_used_ip"]!.GetValue<string>());

        var workspaces = await Api.GetAsync(client, "/api/v1/workspaces");
        Assert.Equal(Ws, workspaces["data"]!.AsArray().Single()!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Usage_IsWrittenToTheDatabaseWithinSeconds()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (id, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadMembers);
        using var client = Api.KeyClient(Server, key);
        await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        long stored = 0;
        while (DateTime.UtcNow < deadline && stored == 0)
        {
            await Task.Delay(250);
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(Server.Database.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT usage_count FROM api_keys WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            stored = (long)(await command.ExecuteScalarAsync())!;
        }

        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task Edit_TakesEffectOnTheNextRequest_AndDelete_RefusesTheKeyAtOnce()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (id, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadMembers, Permissions.ReadApiKeys);
        using var client = Api.KeyClient(Server, key);
        await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}/api-keys");

        var edited = await Api.PutAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys/{id}", new { name = "Renamed", permissions = new[] { Permissions.ReadMembers } });
        Assert.Equal("Renamed", edited["name"]!.GetValue<string>());
        using (var now = await client.GetAsync($"/api/v1/workspaces/{Ws}/api-keys"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, now.StatusCode);
        }

        await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}/members");
        using (var delete = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys/{id}"))
        {
            var body = await Api.OkJsonAsync(delete);
            Assert.True(body["deleted"]!.GetValue<bool>());
        }

        using var after = await client.GetAsync($"/api/v1/workspaces/{Ws}/members");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("invalid_api_key", await Json.ErrorCodeAsync(after));
        using var gone = await admin.GetAsync($"/api/v1/workspaces/{Ws}/api-keys/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Expiry_IsEnforced_AndCanBeCleared()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys",
            new { name = "short-lived", permissions = new[] { Permissions.ReadMembers }, expires_at = DateTimeOffset.UtcNow.AddSeconds(1) });
        var id = created["id"]!.GetValue<string>();
        using var client = Api.KeyClient(Server, created["key"]!.GetValue<string>());
        await Task.Delay(1500);
        using (var expired = await client.GetAsync($"/api/v1/workspaces/{Ws}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            Assert.Equal("api_key_expired", await Json.ErrorCodeAsync(expired));
        }

        var cleared = await Api.PutAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys/{id}", new Dictionary<string, object?> { ["expires_at"] = null });
        Assert.Null(cleared["expires_at"]);
        await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}");
    }

    [Theory]
    [InlineData("""{"name":"k","permissions":["Processes.fly"]}""", "unknown_permission")]
    [InlineData("""{"name":"k","permissions":[]}""", "invalid_permissions")]
    [InlineData("""{"name":"k"}""", "invalid_permissions")]
    [InlineData("""{"name":"k","permissions":["read_runs","Processes.read_runs"]}""", "duplicate_permission")]
    [InlineData("""{"name":"","permissions":["read_runs"]}""", "invalid_name")]
    [InlineData("""{"name":"k","permissions":["read_runs"],"expires_at":"2001-01-01T00:00:00Z"}""", "invalid_expiry")]
    [InlineData("""{"name":"k","permissions":"read_runs"}""", "invalid_json")]
    [InlineData("""{"name":"k","permissions":["read_runs"],"expires_at":"next tuesday"}""", "invalid_json")]
    public async Task Create_RefusesBadInput_AndCreatesNothing(string body, string code)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var before = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys?limit=500"))["data"]!.AsArray().Count;
        using var response = await admin.PostAsync($"/api/v1/workspaces/{Ws}/api-keys", Json.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
        var after = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys?limit=500"))["data"]!.AsArray().Count;
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Create_RefusesANameOverTheLimit()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var response = await admin.PostAsync($"/api/v1/workspaces/{Ws}/api-keys",
            Json.Body(new { name = new string('n', 101), permissions = new[] { "read_runs" } }));
        Assert.Equal("invalid_name", await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task NobodyGrantsAPermissionTheyDoNotHold()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, manager) = await Api.NewKeyAsync(admin, Ws, Permissions.WriteApiKeys, Permissions.ReadApiKeys, Permissions.ReadRuns);
        using var client = Api.KeyClient(Server, manager);
        var ok = await Api.PostAsync(client, $"/api/v1/workspaces/{Ws}/api-keys", new { name = "child", permissions = new[] { Permissions.ReadRuns } });
        Assert.Equal("api_key", (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys/{ok["id"]}"))["created_by"]!["type"]!.GetValue<string>());

        using var escalate = await client.PostAsync($"/api/v1/workspaces/{Ws}/api-keys",
            Json.Body(new { name = "bigger", permissions = new[] { Permissions.TriggerProcesses } }));
        Assert.Equal(HttpStatusCode.Forbidden, escalate.StatusCode);
        Assert.Equal("permission_not_held", await Json.ErrorCodeAsync(escalate));

        using var editUp = await client.PutAsync($"/api/v1/workspaces/{Ws}/api-keys/{ok["id"]}",
            Json.Body(new { permissions = new[] { Permissions.WriteMembers } }));
        Assert.Equal(HttpStatusCode.Forbidden, editUp.StatusCode);
    }

    [Fact]
    public async Task Reveal_IsForAdminSessionsOnly_AndIsAudited()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (id, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadRuns);
        var revealed = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys/{id}/reveal", new { });
        Assert.Equal(key, revealed["key"]!.GetValue<string>());

        var (_, manager) = await Api.NewKeyAsync(admin, Ws, Permissions.All.Select(p => p.Name).ToArray());
        using (var byKey = await Api.KeyClient(Server, manager).PostAsync($"/api/v1/workspaces/{Ws}/api-keys/{id}/reveal", Json.Body("{}")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byKey.StatusCode);
            Assert.Equal("user_required", await Json.ErrorCodeAsync(byKey));
        }

        var (_, developer) = await Api.NewMemberAsync(Server, admin, "developer");
        using (developer)
        {
            using var byDeveloper = await developer.PostAsync($"/api/v1/workspaces/{Ws}/api-keys/{id}/reveal", Json.Body("{}"));
            Assert.Equal(HttpStatusCode.Forbidden, byDeveloper.StatusCode);
            // Developers see the keys read-only (never their values) and cannot change them.
            using var listByDeveloper = await developer.GetAsync($"/api/v1/workspaces/{Ws}/api-keys");
            Assert.Equal(HttpStatusCode.OK, listByDeveloper.StatusCode);
            Assert.DoesNotContain(key, await listByDeveloper.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var deleteByDeveloper = await Api.DeleteAsync(developer, $"/api/v1/workspaces/{Ws}/api-keys/{id}");
            Assert.Equal(HttpStatusCode.Forbidden, deleteByDeveloper.StatusCode);
        }

        using var audit = await admin.GetAsync($"/api/v1/workspaces/{Ws}/audit-events?limit=500");
        var auditText = await audit.Content.ReadAsStringAsync();
        Assert.Contains("api_key.revealed", auditText, StringComparison.Ordinal);
        Assert.Contains("api_key.created", auditText, StringComparison.Ordinal);
        Assert.DoesNotContain(key, auditText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOrForeignKeyIds_AreNotFound()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var other = await Api.NewWorkspaceAsync(admin);
        var (foreignId, _) = await Api.NewKeyAsync(admin, other, Permissions.ReadRuns);
        foreach (var id in new[] { foreignId, Guid.CreateVersion7().ToString(), "nope" })
        {
            using var get = await admin.GetAsync($"/api/v1/workspaces/{Ws}/api-keys/{id}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            using var delete = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys/{id}");
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }
    }

    [Theory]
    [InlineData("RC-WSKEY", "malformed_authorization")]
    [InlineData("RC-WSKEY not-a-key", "invalid_api_key")]
    [InlineData("RC-WSKEY hgk_0000000000000000000000000000000000000000", "invalid_api_key")]
    [InlineData("Bearer garbage", "invalid_token")]
    public async Task BadKeys_Get401WithAClearCode(string header, string code)
    {
        using var client = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workspaces/{Ws}");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task AKeySentAsBearer_IsRefusedWithAHint()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadRuns);
        using var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var response = await client.GetAsync($"/api/v1/workspaces/{Ws}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("api_key_sent_as_bearer", await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task PermissionCatalog_ListsGroupsDescriptionsAndAliases()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var catalog = (await Api.GetAsync(admin, "/api/v1/permissions"))["data"]!.AsArray();
        var triggers = catalog.Single(p => p!["name"]!.GetValue<string>() == Permissions.TriggerProcesses)!;
        Assert.Equal("Processes", triggers["group"]!.GetValue<string>());
        Assert.Contains("trigger_processes", triggers["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(triggers["description"]!.GetValue<string>()));
        Assert.Equal(Permissions.All.Count, catalog.Count);
    }
}

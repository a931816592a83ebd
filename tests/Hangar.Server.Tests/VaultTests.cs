using System.Net;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Managing the vault over v1, as the Vault tab and an integrator with a key do.</summary>
public class VaultTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;
    private string Secrets => $"/api/v1/workspaces/{Ws}/vault/secrets";

    [Fact]
    public async Task CreatedSecret_IsListedAndShownWithItsKeysButNeverItsValues()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("db");
        var created = await Api.PostAsync(admin, Secrets,
            new { name, description = "Production database", value = new { username = "robot", password = "pw-created-1" } });
        Assert.DoesNotContain("pw-created-1", created.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["username", "password"], Keys(created));
        Assert.Equal("user", created["created_by"]!["type"]!.GetValue<string>());
        Assert.Equal("admin", created["updated_by"]!["name"]!.GetValue<string>());
        var id = created["id"]!.GetValue<string>();

        using (var list = await admin.GetAsync(Secrets))
        {
            var text = await list.Content.ReadAsStringAsync();
            Assert.DoesNotContain("pw-created-1", text, StringComparison.Ordinal);
            var listed = (await Json.ReadAsync(list))["data"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == id)!;
            Assert.Equal(name, listed["name"]!.GetValue<string>());
            Assert.Equal("Production database", listed["description"]!.GetValue<string>());
            Assert.Equal(["username", "password"], Keys(listed));
        }

        var byName = await Api.GetAsync(admin, $"{Secrets}/{name}");
        var byId = await Api.GetAsync(admin, $"{Secrets}/{id}");
        Assert.Equal(byName.ToJsonString(), byId.ToJsonString());
        Assert.Null(byName["value"]);

        using var value = await admin.GetAsync($"{Secrets}/{name}/value");
        Assert.Equal("no-store", value.Headers.CacheControl?.ToString());
        var body = await Api.OkJsonAsync(value);
        Assert.Equal(id, body["id"]!.GetValue<string>());
        Assert.Equal("""{"username":"robot","password":"pw-created-1"}""", body["value"]!.ToJsonString());

        var audit = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/audit-events?limit=500");
        var actions = audit["data"]!.AsArray().Where(e => e!["target"]?["id"]?.GetValue<string>() == id).Select(e => e!["action"]!.GetValue<string>());
        Assert.Contains("vault_secret.created", actions);
        Assert.Contains("vault_secret.value_read", actions);
        Assert.DoesNotContain("pw-created-1", audit.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pw-created-1", string.Join('\n', Server.Logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadingValues_NeedsItsOwnPermission_AndWritingNeedsWrite()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = await NewSecretAsync(admin, new { token = "t-1" });
        var (_, readerKey) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadSecrets);
        using var reader = Api.KeyClient(Server, readerKey);
        await Api.GetAsync(reader, Secrets);
        await Api.GetAsync(reader, $"{Secrets}/{name}");
        using (var denied = await reader.GetAsync($"{Secrets}/{name}/value"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal("missing_permission", await Json.ErrorCodeAsync(denied));
            Assert.Contains(Permissions.ReadSecretValues, await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var denied = await reader.PostAsync(Secrets, Json.Body(new { name = Api.Unique("x"), value = new { a = "b" } })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        var (_, valueKey) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadSecretValues);
        using var valueReader = Api.KeyClient(Server, valueKey);
        Assert.Equal("t-1", (await Api.GetAsync(valueReader, $"{Secrets}/{name}/value"))["value"]!["token"]!.GetValue<string>());
        using (var denied = await valueReader.GetAsync(Secrets))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        var (_, writerKey) = await Api.NewKeyAsync(admin, Ws, Permissions.WriteSecrets);
        using var writer = Api.KeyClient(Server, writerKey);
        var made = await Api.PostAsync(writer, Secrets, new { name = Api.Unique("by-key"), value = new { a = "b" } });
        Assert.Equal("api_key", made["created_by"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_ChangesWhatIsGiven_AndAValueIsReplacedWhole()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = await NewSecretAsync(admin, new { user = "u", password = "old" });
        var described = await Api.PutAsync(admin, $"{Secrets}/{name}", new { description = "now described" });
        Assert.Equal("now described", described["description"]!.GetValue<string>());
        Assert.Equal(["user", "password"], Keys(described));
        Assert.Equal("old", (await Api.GetAsync(admin, $"{Secrets}/{name}/value"))["value"]!["password"]!.GetValue<string>());

        var id = described["id"]!.GetValue<string>();
        var replaced = await Api.PutAsync(admin, $"{Secrets}/{id}", new { value = new { api_key = "new" } });
        Assert.Equal(["api_key"], Keys(replaced));
        Assert.Equal("now described", replaced["description"]!.GetValue<string>());
        Assert.True(replaced["updated_at"]!.GetValue<DateTimeOffset>() >= replaced["created_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal("""{"api_key":"new"}""", (await Api.GetAsync(admin, $"{Secrets}/{name}/value"))["value"]!.ToJsonString());

        using (var nullValue = await admin.PutAsync($"{Secrets}/{name}", Json.Body("""{"value": null}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nullValue.StatusCode);
            Assert.Equal("invalid_secret_value", await Json.ErrorCodeAsync(nullValue));
        }

        await Api.PutAsync(admin, $"{Secrets}/{id}", new { name, description = "same name is fine" });
        using var renamed = await admin.PutAsync($"{Secrets}/{name}", Json.Body(new { name = Api.Unique("renamed") }));
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Equal("name_immutable", await Json.ErrorCodeAsync(renamed));
    }

    [Fact]
    public async Task Delete_AnswersItsId_AndTheSecretIsGone()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = await NewSecretAsync(admin, new { a = "b" });
        var id = (await Api.GetAsync(admin, $"{Secrets}/{name}"))["id"]!.GetValue<string>();
        using (var deleted = await Api.DeleteAsync(admin, $"{Secrets}/{name}"))
        {
            var body = await Api.OkJsonAsync(deleted);
            Assert.Equal(id, body["id"]!.GetValue<string>());
            Assert.True(body["deleted"]!.GetValue<bool>());
        }

        foreach (var path in new[] { $"{Secrets}/{name}", $"{Secrets}/{id}", $"{Secrets}/{name}/value" })
        {
            using var gone = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("not_found", await Json.ErrorCodeAsync(gone));
        }

        using var again = await Api.DeleteAsync(admin, $"{Secrets}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await NewSecretAsync(admin, new { a = "c" }, name);
    }

    [Theory]
    [InlineData("""{"value": {"a": "b"}}""", "invalid_name")]
    [InlineData("""{"name": "", "value": {"a": "b"}}""", "invalid_name")]
    [InlineData("""{"name": "has space", "value": {"a": "b"}}""", "invalid_name")]
    [InlineData("""{"name": "publicKey", "value": {"a": "b"}}""", "invalid_name")]
    [InlineData("""{"name": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "value": {"a": "b"}}""", "invalid_name")]
    [InlineData("""{"name": "ok-name"}""", "invalid_secret_value")]
    [InlineData("""{"name": "ok-name", "value": "text"}""", "invalid_secret_value")]
    [InlineData("""{"name": "ok-name", "value": ["a"]}""", "invalid_secret_value")]
    [InlineData("""{"name": "ok-name", "value": {"port": 5432}}""", "invalid_secret_value")]
    [InlineData("""{"name": "ok-name", "value": {"a": {"b": "c"}}}""", "invalid_secret_value")]
    [InlineData("""{"name": "ok-name", "value": {"a": "b"}, "description": 7}""", "invalid_json")]
    [InlineData("""not json""", "invalid_json")]
    public async Task BadInput_IsRefusedWithACode(string body, string code)
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var response = await admin.PostAsync(Secrets, Json.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task LongNamesLargeValuesLongDescriptionsAndDuplicates_AreRefused()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using (var longName = await admin.PostAsync(Secrets, Json.Body(new { name = new string('n', 101), value = new { a = "b" } })))
        {
            Assert.Equal("invalid_name", await Json.ErrorCodeAsync(longName));
        }

        using (var large = await admin.PostAsync(Secrets, Json.Body(new { name = Api.Unique("big"), value = new { a = new string('x', 70_000) } })))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
            Assert.Equal("secret_too_large", await Json.ErrorCodeAsync(large));
        }

        using (var described = await admin.PostAsync(Secrets, Json.Body(new { name = Api.Unique("d"), description = new string('d', 2001), value = new { } })))
        {
            Assert.Equal("invalid_description", await Json.ErrorCodeAsync(described));
        }

        var name = await NewSecretAsync(admin, new { a = "b" });
        using var duplicate = await admin.PostAsync(Secrets, Json.Body(new { name, value = new { a = "c" } }));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("name_taken", await Json.ErrorCodeAsync(duplicate));
        Assert.Equal("b", (await Api.GetAsync(admin, $"{Secrets}/{name}/value"))["value"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task SecretsBelongToTheirWorkspace()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = await NewSecretAsync(admin, new { here = "1" });
        var id = (await Api.GetAsync(admin, $"{Secrets}/{name}"))["id"]!.GetValue<string>();
        var other = await Api.NewWorkspaceAsync(admin);
        var otherSecrets = $"/api/v1/workspaces/{other}/vault/secrets";

        // The same name is free in another workspace, and each keeps its own value.
        await Api.PostAsync(admin, otherSecrets, new { name, value = new { there = "2" } });
        Assert.Equal("2", (await Api.GetAsync(admin, $"{otherSecrets}/{name}/value"))["value"]!["there"]!.GetValue<string>());
        using (var byForeignId = await admin.GetAsync($"{otherSecrets}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, byForeignId.StatusCode);
        }

        var (_, foreignKey) = await Api.NewKeyAsync(admin, other, Permissions.ReadSecrets, Permissions.ReadSecretValues, Permissions.WriteSecrets);
        using var foreign = Api.KeyClient(Server, foreignKey);
        foreach (var path in new[] { Secrets, $"{Secrets}/{name}", $"{Secrets}/{id}/value" })
        {
            using var response = await foreign.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var delete = await foreign.DeleteAsync($"{Secrets}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal("1", (await Api.GetAsync(admin, $"{Secrets}/{id}/value"))["value"]!["here"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_IsPaged()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var path = $"/api/v1/workspaces/{ws}/vault/secrets";
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            names.Add((await Api.PostAsync(admin, path, new { name = $"s{i}", value = new { k = "v" } }))["name"]!.GetValue<string>());
        }

        var first = await Api.GetAsync(admin, $"{path}?limit=2");
        Assert.True(first["has_more"]!.GetValue<bool>());
        var second = await Api.GetAsync(admin, first["next"]!.GetValue<string>());
        Assert.False(second["has_more"]!.GetValue<bool>());
        Assert.Equal(names, first["data"]!.AsArray().Concat(second["data"]!.AsArray()).Select(s => s!["name"]!.GetValue<string>()));
    }

    private async Task<string> NewSecretAsync(HttpClient admin, object value, string? name = null)
    {
        var created = await Api.PostAsync(admin, Secrets, new { name = name ?? Api.Unique("secret"), value });
        return created["name"]!.GetValue<string>();
    }

    private static List<string> Keys(JsonNode secret) => secret["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>The robots' vault (<c>/secrets-v1</c>) with the other side played exactly as robocorp-vault plays it.</summary>
public class SecretsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;
    private string Manage => $"/api/v1/workspaces/{Ws}/vault/secrets";

    [Fact]
    public async Task ARobot_ReadsASecretCreatedOverV1_InTheTransitShape()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("db");
        await Api.PostAsync(admin, Manage, new { name, description = "Database", value = new { username = "robot", password = "pä$$ word" } });
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadSecretValues);
        using var http = Api.KeyClient(Server, key);

        using var response = await new RobocorpVaultClient(http, Ws).GetRawAsync(name);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.DoesNotContain("robot", text, StringComparison.Ordinal);
        var payload = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["name", "description", "value", "encryption"], payload.Select(p => p.Key));
        Assert.Equal(["encryptionScheme", "encryptedAES", "authTag", "iv"], payload["encryption"]!.AsObject().Select(p => p.Key));
        Assert.Equal(16, Convert.FromBase64String(payload["encryption"]!["iv"]!.GetValue<string>()).Length);
        Assert.Equal(16, Convert.FromBase64String(payload["encryption"]!["authTag"]!.GetValue<string>()).Length);

        var (readName, description, values) = RobocorpVaultClient.Decrypt(payload);
        Assert.Equal(name, readName);
        Assert.Equal("Database", description);
        Assert.Equal(new Dictionary<string, string> { ["username"] = "robot", ["password"] = "pä$$ word" }, values);
    }

    [Fact]
    public async Task ARobot_CreatesWithGetThenPut_AndV1ReadsItBack()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadSecretValues, Permissions.WriteSecrets);
        using var http = Api.KeyClient(Server, key);
        var client = new RobocorpVaultClient(http, Ws);
        var name = Api.Unique("made.by-robot");

        // robocorp-vault's create_secret: the read must fail first.
        using (var missing = await client.GetRawAsync(name))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            var error = await Json.ReadAsync(missing);
            Assert.Equal(404, error["status"]!.GetValue<int>());
            Assert.Equal("not_found", error["code"]!.GetValue<string>());
            Assert.StartsWith("No secret with name", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        using (var put = await client.SetSecretAsync(name, "from a robot", new Dictionary<string, string> { ["api_key"] = "k-\u00e9-1", ["region"] = "eu" }))
        {
            var written = await Api.OkJsonAsync(put);
            Assert.Equal(name, written["name"]!.GetValue<string>());
        }

        var shown = await Api.GetAsync(admin, $"{Manage}/{name}");
        Assert.Equal("from a robot", shown["description"]!.GetValue<string>());
        Assert.Equal("api_key", shown["created_by"]!["type"]!.GetValue<string>());
        var value = (await Api.GetAsync(admin, $"{Manage}/{name}/value"))["value"]!.AsObject();
        Assert.Equal(["api_key", "region"], value.Select(p => p.Key));
        Assert.Equal("k-\u00e9-1", value["api_key"]!.GetValue<string>());

        // set_secret again replaces the value; a null description keeps the one there is.
        using (var again = await client.SetSecretAsync(name, null, new Dictionary<string, string> { ["api_key"] = "k-2" }))
        {
            await Api.OkJsonAsync(again);
        }

        var (_, description, values) = await client.GetSecretAsync(name);
        Assert.Equal("from a robot", description);
        Assert.Equal(new Dictionary<string, string> { ["api_key"] = "k-2" }, values);
    }

    [Fact]
    public async Task PublicKey_IsTheRawBase64OfOneRsa4096Key_SharedByEveryCall()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.WriteSecrets);
        using var http = Api.KeyClient(Server, key);
        using var response = await http.GetAsync($"/secrets-v1/workspaces/{Ws}/secrets/publicKey");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(body), out _);
        Assert.Equal(4096, rsa.KeySize);
        Assert.Equal(body, Encoding.ASCII.GetString(await new RobocorpVaultClient(http, Ws).GetPublicKeyAsync()));
    }

    [Fact]
    public async Task RunRobotTokens_ReadAndWrite_OtherTokensAndMissingPermissionsAreRefused()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("tok");
        await Api.PostAsync(admin, Manage, new { name, value = new { a = "1" } });

        using var robot = RobocorpVaultClient.WithBearer(Server.CreateClient(), await Api.VendTokenAsync(Server, admin, Ws, "run/robot"));
        var client = new RobocorpVaultClient(robot, Ws);
        Assert.Equal("1", (await client.GetSecretAsync(name)).Values["a"]);
        using (var put = await client.SetSecretAsync(name, null, new Dictionary<string, string> { ["a"] = "2" }))
        {
            await Api.OkJsonAsync(put);
        }

        Assert.Equal("user_token", (await Api.GetAsync(admin, $"{Manage}/{name}"))["updated_by"]!["type"]!.GetValue<string>());

        using var editor = RobocorpVaultClient.WithBearer(Server.CreateClient(), await Api.VendTokenAsync(Server, admin, Ws, "edit/robot"));
        using (var denied = await new RobocorpVaultClient(editor, Ws).GetRawAsync(name))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal("missing_permission", (await Json.ReadAsync(denied))["code"]!.GetValue<string>());
        }

        var (_, readOnly) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadSecretValues);
        using var reader = Api.KeyClient(Server, readOnly);
        var readerClient = new RobocorpVaultClient(reader, Ws);
        using (var noKey = await reader.GetAsync($"/secrets-v1/workspaces/{Ws}/secrets/publicKey"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noKey.StatusCode);
        }

        var sealedBody = RobocorpVaultClient.Seal(name, null, "{}"u8.ToArray(), Encoding.ASCII.GetBytes(await PublicKeyAsync(admin)));
        using (var noWrite = await reader.PutAsync($"/secrets-v1/workspaces/{Ws}/secrets/{name}", Json.Body(sealedBody.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noWrite.StatusCode);
        }

        // People signed in use the v1 routes; this surface is for robots and keys.
        using var session = await new RobocorpVaultClient(admin, Ws).GetRawAsync(name);
        Assert.Equal(HttpStatusCode.Forbidden, session.StatusCode);
        Assert.Equal("2", (await readerClient.GetSecretAsync(name)).Values["a"]);
    }

    [Fact]
    public async Task AKeyOfAnotherWorkspace_FindsNothing()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("mine");
        await Api.PostAsync(admin, Manage, new { name, value = new { a = "1" } });
        var other = await Api.NewWorkspaceAsync(admin);
        var (_, key) = await Api.NewKeyAsync(admin, other, Permissions.ReadSecretValues, Permissions.WriteSecrets);
        using var http = Api.KeyClient(Server, key);
        using var read = await new RobocorpVaultClient(http, Ws).GetRawAsync(name);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        using var ownWorkspace = await new RobocorpVaultClient(http, other).GetRawAsync(name);
        Assert.Equal(HttpStatusCode.NotFound, ownWorkspace.StatusCode);
    }

    [Fact]
    public async Task BadReadsAndWrites_AreRefusedInTheLegacyShape()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("bad");
        await Api.PostAsync(admin, Manage, new { name, value = new { a = "1" } });
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadSecretValues, Permissions.WriteSecrets);
        using var http = Api.KeyClient(Server, key);
        var path = $"/secrets-v1/workspaces/{Ws}/secrets/{name}";
        var publicKey = Uri.EscapeDataString(RobocorpVaultClient.PublicBytes);

        await ExpectAsync(http.GetAsync($"{path}?encryptionScheme=robocloud-vault-transit-v1&publicKey={publicKey}"), 400, "unsupported_encryption_scheme");
        await ExpectAsync(http.GetAsync($"{path}?encryptionScheme=robocloud-vault-transit-v2"), 400, "invalid_public_key");
        await ExpectAsync(http.GetAsync($"{path}?encryptionScheme=robocloud-vault-transit-v2&publicKey=bm90IGEga2V5"), 400, "invalid_public_key");

        var serverKey = Encoding.ASCII.GetBytes(await PublicKeyAsync(admin));
        var good = RobocorpVaultClient.Seal(name, null, """{"a": "2"}"""u8.ToArray(), serverKey);
        var tampered = good.DeepClone().AsObject();
        var tag = Convert.FromBase64String(tampered["encryption"]!["authTag"]!.GetValue<string>());
        tag[0] ^= 1;
        tampered["encryption"]!["authTag"] = Convert.ToBase64String(tag);
        await ExpectAsync(http.PutAsync(path, Json.Body(tampered.ToJsonString())), 400, "invalid_encryption");

        var otherScheme = good.DeepClone().AsObject();
        otherScheme["encryption"]!["encryptionScheme"] = "plain";
        await ExpectAsync(http.PutAsync(path, Json.Body(otherScheme.ToJsonString())), 400, "unsupported_encryption_scheme");

        var renamed = good.DeepClone().AsObject();
        renamed["name"] = "someone-else";
        await ExpectAsync(http.PutAsync(path, Json.Body(renamed.ToJsonString())), 400, "name_mismatch");

        var numbers = RobocorpVaultClient.Seal(name, null, """{"port": 5432}"""u8.ToArray(), serverKey);
        await ExpectAsync(http.PutAsync(path, Json.Body(numbers.ToJsonString())), 400, "invalid_secret_value");

        var badName = RobocorpVaultClient.Seal("bad name", null, """{"a": "b"}"""u8.ToArray(), serverKey);
        await ExpectAsync(http.PutAsync($"/secrets-v1/workspaces/{Ws}/secrets/bad%20name", Json.Body(badName.ToJsonString())), 400, "invalid_name");
        await ExpectAsync(http.PutAsync(path, Json.Body("[]")), 400, "invalid_json");

        // Nothing above changed the secret.
        Assert.Equal("1", (await new RobocorpVaultClient(http, Ws).GetSecretAsync(name)).Values["a"]);

        // Robocorp's clients may send the body without a Content-Type.
        using var untyped = new ByteArrayContent(Encoding.UTF8.GetBytes(good.ToJsonString()));
        using (var response = await http.PutAsync(path, untyped))
        {
            await Api.OkJsonAsync(response);
        }

        Assert.Equal("2", (await new RobocorpVaultClient(http, Ws).GetSecretAsync(name)).Values["a"]);
    }

    [Fact]
    public async Task RobotReadsAndWrites_AreAudited_WithoutValues()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("audited");
        var id = (await Api.PostAsync(admin, Manage, new { name, value = new { token = "audit-me-not" } }))["id"]!.GetValue<string>();
        var (keyId, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadSecretValues, Permissions.WriteSecrets);
        using var http = Api.KeyClient(Server, key);
        var client = new RobocorpVaultClient(http, Ws);
        await client.GetSecretAsync(name);
        using (var put = await client.SetSecretAsync(name, null, new Dictionary<string, string> { ["token"] = "audit-me-not-2" }))
        {
            await Api.OkJsonAsync(put);
        }

        var audit = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/audit-events?limit=500");
        var byKey = audit["data"]!.AsArray()
            .Where(e => e!["target"]?["id"]?.GetValue<string>() == id && e["actor"]!["id"]!.GetValue<string>() == keyId)
            .Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("vault_secret.value_read", byKey);
        Assert.Contains("vault_secret.updated", byKey);
        Assert.DoesNotContain("audit-me-not", audit.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("audit-me-not", string.Join('\n', Server.Logs.Lines), StringComparison.Ordinal);
    }

    private async Task<string> PublicKeyAsync(HttpClient admin)
    {
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.WriteSecrets);
        using var http = Api.KeyClient(Server, key);
        return Encoding.ASCII.GetString(await new RobocorpVaultClient(http, Ws).GetPublicKeyAsync());
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> call, int status, string code)
    {
        using var response = await call;
        var body = await Json.ReadAsync(response);
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        Assert.Equal(status, body["status"]!.GetValue<int>());
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.Equal(code, body["error"]!["code"]!.GetValue<string>());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// <c>hangar keys</c> and <c>hangar secrets</c> as a workspace admin runs them: the real executable against a real
/// server, logged in through HANGAR_SERVER / HANGAR_WORKSPACE / HANGAR_API_KEY, with a HOME of its own.
/// </summary>
public sealed class KeysAndSecretsCommandTests : IAsyncLifetime
{
    private const string Password = "keys-secrets-owner-secret-1";
    private readonly string _folder = TempDirectory.Create("hangar-keys-secrets");
    private HangarProcess? _server;
    private string _url = "";
    private string _workspace = "";
    private string _adminKey = "";

    public async Task InitializeAsync()
    {
        _url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        _server = HangarProcess.Start(["serve", "--urls", _url, "--data-dir", Path.Combine(_folder, "data"), "--no-worker"],
            new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password });
        await _server.WaitUntilReadyAsync($"{_url}/readyz");
        (_workspace, _adminKey) = await E2eApi.SetUpAsync(_url, Password);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        TempDirectory.TryDelete(_folder);
    }

    [Fact]
    public async Task Keys_CreateListDelete_PrintTheValueOnce_AndTheKeyWorksUntilDeleted()
    {
        var (code, created) = await HangarProcess.RunAsync(
            ["keys", "create", "--name", "ci", "--permission", "Processes.read_runs", "Processes.trigger_processes"], Login(_adminKey));
        Assert.True(code == 0, created);
        var value = created.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        using (var ci = E2eApi.KeyClient(_url, value))
        {
            Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync($"/api/v1/workspaces/{_workspace}/process-runs")).StatusCode);
        }

        var (listCode, listed) = await HangarProcess.RunAsync(["keys", "list", "--output", "json"], Login(_adminKey));
        Assert.True(listCode == 0, listed);
        var key = JsonNode.Parse(listed)!.AsArray().Single(k => k!["name"]!.GetValue<string>() == "ci")!;
        Assert.Equal(["Processes.read_runs", "Processes.trigger_processes"], key["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        Assert.DoesNotContain(value, listed, StringComparison.Ordinal);
        var (tableCode, table) = await HangarProcess.RunAsync(["keys", "list"], Login(_adminKey));
        Assert.True(tableCode == 0, table);
        Assert.Contains("ci", table, StringComparison.Ordinal);
        Assert.DoesNotContain(value, table, StringComparison.Ordinal);

        var (deleteCode, deleted) = await HangarProcess.RunAsync(["keys", "delete", key["id"]!.GetValue<string>()], Login(_adminKey));
        Assert.True(deleteCode == 0, deleted);
        using (var ci = E2eApi.KeyClient(_url, value))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ci.GetAsync($"/api/v1/workspaces/{_workspace}/process-runs")).StatusCode);
        }
    }

    [Fact]
    public async Task Keys_WithoutThePermission_ExitOne_WithTheErrorCode()
    {
        var reader = await KeyWithAsync("Processes.read_runs");

        var (createCode, create) = await HangarProcess.RunAsync(["keys", "create", "--name", "x", "--permission", "Processes.read_runs"], Login(reader));
        var (listCode, list) = await HangarProcess.RunAsync(["keys", "list"], Login(reader));

        Assert.Equal(1, createCode);
        Assert.Contains("missing_permission", create, StringComparison.Ordinal);
        Assert.Equal(1, listCode);
        Assert.Contains("missing_permission", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_Set_ReadsJsonOrKeyValueLinesFromStdin_ListShowsNoValue_DeleteRemovesIt()
    {
        var (createCode, created) = await HangarProcess.RunWithInputAsync(["secrets", "set", "crm", "--description", "CRM login"],
            """{"username": "robot", "password": "s3cret-one"}""", Login(_adminKey));
        Assert.True(createCode == 0, created);
        Assert.Contains("Created secret 'crm'", created, StringComparison.Ordinal);
        Assert.Equal("s3cret-one", (await ValueAsync("crm"))["password"]!.GetValue<string>());

        var (replaceCode, replaced) = await HangarProcess.RunWithInputAsync(["secrets", "set", "crm"],
            "# the CRM robot's login\nusername=robot2\npassword=s3cret=two\n", Login(_adminKey));
        Assert.True(replaceCode == 0, replaced);
        Assert.Contains("Replaced the value of secret 'crm'", replaced, StringComparison.Ordinal);
        var value = await ValueAsync("crm");
        Assert.Equal("robot2", value["username"]!.GetValue<string>());
        Assert.Equal("s3cret=two", value["password"]!.GetValue<string>());

        var (listCode, listed) = await HangarProcess.RunAsync(["secrets", "list", "--output", "json"], Login(_adminKey));
        Assert.True(listCode == 0, listed);
        var secret = JsonNode.Parse(listed)!.AsArray().Single()!;
        Assert.Equal("crm", secret["name"]!.GetValue<string>());
        Assert.Equal("CRM login", secret["description"]!.GetValue<string>());
        Assert.Equal(["password", "username"], secret["keys"]!.AsArray().Select(k => k!.GetValue<string>()).Order());
        Assert.DoesNotContain("s3cret", listed, StringComparison.Ordinal);

        var (deleteCode, deleted) = await HangarProcess.RunAsync(["secrets", "delete", "crm"], Login(_adminKey));
        Assert.True(deleteCode == 0, deleted);
        using var api = E2eApi.KeyClient(_url, _adminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/workspaces/{_workspace}/vault/secrets/crm")).StatusCode);
    }

    [Fact]
    public async Task Secrets_Set_WithoutThePermission_ExitsOne_WithTheErrorCode_AndWritesNothing()
    {
        var reader = await KeyWithAsync("Vault.read_secrets");

        var (code, output) = await HangarProcess.RunWithInputAsync(["secrets", "set", "crm"], "password=s3cret\n", Login(reader));

        Assert.Equal(1, code);
        Assert.Contains("missing_permission", output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", output, StringComparison.Ordinal);
        using var api = E2eApi.KeyClient(_url, _adminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/workspaces/{_workspace}/vault/secrets/crm")).StatusCode);
    }

    [Fact]
    public async Task Secrets_Set_RefusesInputThatIsNoValue_WithExitThree_WithoutEchoingIt()
    {
        var (code, output) = await HangarProcess.RunWithInputAsync(["secrets", "set", "crm"], "just-a-s3cret-line\n", Login(_adminKey));

        Assert.Equal(3, code);
        Assert.Contains("not key=value", output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_WithoutALogin_ExitThree_AndNameTheLoginCommand()
    {
        var (code, output) = await HangarProcess.RunAsync(["keys", "list"], Home());

        Assert.Equal(3, code);
        Assert.Contains("Run 'hangar login --server URL' first", output, StringComparison.Ordinal);
    }

    /// <summary>A HOME and config folder of the test's own, so that no saved login of the tester's is read.</summary>
    private Dictionary<string, string> Home() => new()
    {
        ["HOME"] = Path.Combine(_folder, "home"),
        ["XDG_CONFIG_HOME"] = Path.Combine(_folder, "home", ".config"),
        ["HANGAR_SERVER"] = "",
        ["HANGAR_WORKSPACE"] = "",
        ["HANGAR_API_KEY"] = "",
        ["HANGAR_PROFILE"] = "",
        ["HANGAR_CONFIG"] = "",
    };

    private Dictionary<string, string> Login(string key)
    {
        var env = Home();
        env["HANGAR_SERVER"] = _url;
        env["HANGAR_WORKSPACE"] = _workspace;
        env["HANGAR_API_KEY"] = key;
        return env;
    }

    private async Task<string> KeyWithAsync(string permission)
    {
        using var api = E2eApi.KeyClient(_url, _adminKey);
        var created = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{_workspace}/api-keys", new { name = $"only-{permission}", permissions = new[] { permission } });
        return created["key"]!.GetValue<string>();
    }

    private async Task<JsonNode> ValueAsync(string name)
    {
        using var api = E2eApi.KeyClient(_url, _adminKey);
        return (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{_workspace}/vault/secrets/{name}/value"))["value"]!;
    }
}

using System.Net;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary><c>GET/PUT /api/v1/workspaces/{id}/settings</c> and <c>GET .../usage</c>, as clients send them.</summary>
public class WorkspaceSettingsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Settings_KeepRunsNinetyDaysByDefault_AndEveryChangeIsAudited()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        Assert.Equal(90, (await Api.GetAsync(admin, Path(ws)))["run_retention_days"]!.GetValue<int>());

        Assert.Equal(30, (await Api.PutAsync(admin, Path(ws), new { run_retention_days = 30 }))["run_retention_days"]!.GetValue<int>());
        Assert.Equal(30, (await Api.GetAsync(admin, Path(ws)))["run_retention_days"]!.GetValue<int>());
        using (var forever = await admin.PutAsync(Path(ws), Json.Body("""{"run_retention_days": null}""")))
        {
            var body = await Api.OkJsonAsync(forever);
            Assert.True(body.AsObject().ContainsKey("run_retention_days"));
            Assert.Null(body["run_retention_days"]);
        }

        Assert.Null((await Api.GetAsync(admin, Path(ws)))["run_retention_days"]);
        // Setting what is set already changes nothing, and is not written to the audit log.
        await Api.PutAsync(admin, Path(ws), new { run_retention_days = (int?)null });

        var events = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/audit-events?action=workspace.settings_changed"))["data"]!.AsArray();
        Assert.Equal(["run retention: 30 days → forever", "run retention: 90 days → 30 days"],
            events.Select(e => e!["target"]!["name"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"run_retention_days": 0}""", "invalid_run_retention")]
    [InlineData("""{"run_retention_days": -1}""", "invalid_run_retention")]
    [InlineData("""{"run_retention_days": 3651}""", "invalid_run_retention")]
    [InlineData("""{"run_retention_days": 2147483647}""", "invalid_run_retention")]
    [InlineData("""{"run_retention_days": 1.5}""", "invalid_json")]
    [InlineData("""{"run_retention_days": "30"}""", "invalid_json")]
    [InlineData("""{"run_retention_days": 99999999999}""", "invalid_json")]
    [InlineData("""{"run_retention_days": 30""", "invalid_json")]
    [InlineData("[30]", "invalid_json")]
    [InlineData("{}", "missing_field")]
    [InlineData("""{"retention": 30}""", "missing_field")]
    public async Task PutSettings_RefusesMalformedOrOutOfRangeValues_AndChangesNothing(string body, string code)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        using var response = await admin.PutAsync(Path(ws), Json.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
        Assert.Equal(90, (await Api.GetAsync(admin, Path(ws)))["run_retention_days"]!.GetValue<int>());
    }

    [Fact]
    public async Task PutSettings_IsForbidden_WithoutWorkspaceWriteSettings_ForKeysAndDevelopers()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = Server.DefaultWorkspaceId;
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.All.Select(p => p.Name).Where(p => p != Permissions.WriteWorkspaceSettings).ToArray());
        using var keyClient = Api.KeyClient(Server, key);
        var (_, developer) = await Api.NewMemberAsync(Server, admin, "developer");
        using var _ = developer;
        foreach (var client in new[] { keyClient, developer })
        {
            using var response = await client.PutAsync(Path(ws), Json.Body(new { run_retention_days = 1 }));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains(Permissions.WriteWorkspaceSettings, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // Reading them needs no permission beyond access to the workspace.
            await Api.GetAsync(client, Path(ws));
            await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/usage");
        }

        Assert.NotEqual(1, (await Api.GetAsync(admin, Path(ws)))["run_retention_days"]?.GetValue<int>());

        // A key holding the permission (only admins can give it) may change them.
        var (_, settingsKey) = await Api.NewKeyAsync(admin, ws, Permissions.WriteWorkspaceSettings);
        using var settingsClient = Api.KeyClient(Server, settingsKey);
        var before = (await Api.GetAsync(admin, Path(ws)))["run_retention_days"]?.GetValue<int>();
        await Api.PutAsync(settingsClient, Path(ws), new { run_retention_days = 365 });
        await Api.PutAsync(admin, Path(ws), new { run_retention_days = before });
    }

    [Fact]
    public async Task Settings_RefuseAMissingOrWrongCredential()
    {
        var ws = Server.DefaultWorkspaceId;
        using var anonymous = Server.CreateClient();
        using var wrongKey = Api.KeyClient(Server, "hgk_" + new string('x', 40));
        foreach (var client in new[] { anonymous, wrongKey })
        {
            using var put = await client.PutAsync(Path(ws), Json.Body(new { run_retention_days = 1 }));
            Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
            using var get = await client.GetAsync($"/api/v1/workspaces/{ws}/usage");
            Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        }
    }

    [Fact]
    public async Task Settings_OfAnotherWorkspace_AreNotFound()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var other = await Api.NewWorkspaceAsync(admin);
        var (_, key) = await Api.NewKeyAsync(admin, other, Permissions.All.Select(p => p.Name).ToArray());
        using var foreign = Api.KeyClient(Server, key);
        var ws = Server.DefaultWorkspaceId;
        using var put = await foreign.PutAsync(Path(ws), Json.Body(new { run_retention_days = 1 }));
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        foreach (var path in new[] { Path(ws), $"/api/v1/workspaces/{ws}/usage" })
        {
            using var get = await foreign.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        Assert.NotEqual(1, (await Api.GetAsync(admin, Path(ws)))["run_retention_days"]?.GetValue<int>());
    }

    [Fact]
    public async Task Usage_CountsTheWorkspacesRunsItemsAndFileBytes()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        await Workers.StartAsync(admin, ws, process, new { n = 1 }, new { n = 2 });
        var item = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/work-items", new { process = new { id = process } }))["id"]!.GetValue<string>();
        var bytes = new byte[1500];
        var link = await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/work-items/{item}/files/upload", new { file_name = "data.bin", file_size = bytes.Length });
        using (var anonymous = Server.CreateClient())
        using (var form = new MultipartFormDataContent())
        {
            foreach (var (name, value) in link["form_data"]!.AsObject())
            {
                form.Add(new StringContent(value!.GetValue<string>()), name);
            }

            form.Add(new ByteArrayContent(bytes), "file", "upload");
            using var uploaded = await anonymous.PostAsync(link["url"]!.GetValue<string>(), form);
            await Api.OkJsonAsync(uploaded);
        }

        var usage = await RetentionRuns.UsageAsync(admin, ws);
        Assert.Equal(1, usage["process_runs"]!.GetValue<long>());
        Assert.Equal(1, usage["step_runs"]!.GetValue<long>());
        Assert.Equal(3, usage["work_items"]!.GetValue<long>());
        Assert.Equal(1, usage["work_item_files"]!["count"]!.GetValue<long>());
        Assert.Equal(1500, usage["work_item_files"]!["bytes"]!.GetValue<long>());
        Assert.Equal(0, usage["artifacts"]!["count"]!.GetValue<long>());
        // The robot's package was written as a row only (no blob size): the total is the item file.
        Assert.Equal(1500 + usage["task_packages"]!["bytes"]!.GetValue<long>(), usage["blob_bytes"]!.GetValue<long>());
    }

    [Fact]
    public async Task ANewSqliteDatabase_GivesTheSpaceOfDeletedRowsBack()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(Server.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA auto_vacuum";
        Assert.Equal(2L, await command.ExecuteScalarAsync()); // INCREMENTAL
    }

    private static string Path(string ws) => $"/api/v1/workspaces/{ws}/settings";
}

using System.Text;
using Hangar.Core.Security;
using Hangar.TestSupport;
using Microsoft.Data.Sqlite;

namespace Hangar.Server.Tests;

/// <summary>Plain secret values never reach the database files, the logs or the audit log.</summary>
public class SecretsAtRestTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task NoPlainKeyOrCredentialSecret_IsInTheDatabaseFilesOrTheLogs()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = Server.DefaultWorkspaceId;
        var (keyId, key) = await Api.NewKeyAsync(admin, ws, Permissions.ReadMembers);
        using (var client = Api.KeyClient(Server, key))
        {
            await Api.GetAsync(client, $"/api/v1/workspaces/{ws}");
        }

        await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/api-keys/{keyId}/reveal", new { });
        await Api.PutAsync(admin, $"/api/v1/workspaces/{ws}/api-keys/{keyId}", new { name = "renamed" });
        var credential = (await Api.PostAsync(admin, "/api/v1/users/me/access-credentials", new { name = "rcc" }))["credential"]!.GetValue<string>();
        var credentialSecret = credential.Split(':')[1];

        // Make SQLite write everything out of the WAL into the main file too, then read every file of the database.
        await using (var connection = new SqliteConnection(Server.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(FULL);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        var dbPath = new SqliteConnectionStringBuilder(Server.Database.ConnectionString).DataSource;
        var files = Directory.GetFiles(Path.GetDirectoryName(dbPath)!, Path.GetFileName(dbPath) + "*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            Assert.False(Contains(bytes, key), $"{file} holds an API key in the clear");
            Assert.False(Contains(bytes, credentialSecret), $"{file} holds a credential secret in the clear");
            Assert.False(Contains(bytes, HangarTestServer.AdminPassword), $"{file} holds the admin password in the clear");
        }

        var logs = string.Join('\n', Server.Logs.Lines);
        Assert.DoesNotContain(key, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(credentialSecret, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoVaultValue_IsInTheDatabaseFilesOrTheLogs()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = Server.DefaultWorkspaceId;
        const string fromPerson = "vault-value-from-a-person-7c2a";
        const string fromRobot = "vault-value-from-a-robot-93be";
        var name = Api.Unique("at-rest");
        await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/vault/secrets", new { name, value = new { password = fromPerson } });
        await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/vault/secrets/{name}/value");
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.ReadSecretValues, Permissions.WriteSecrets);
        using (var http = Api.KeyClient(Server, key))
        {
            var robot = new RobocorpVaultClient(http, ws);
            using var put = await robot.SetSecretAsync(Api.Unique("robot"), null, new Dictionary<string, string> { ["token"] = fromRobot });
            await Api.OkJsonAsync(put);
            await robot.GetSecretAsync(name);
        }

        foreach (var file in await DatabaseFilesAsync(Server))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.False(Contains(bytes, fromPerson), $"{file} holds a vault value in the clear");
            Assert.False(Contains(bytes, fromRobot), $"{file} holds a vault value in the clear");
        }

        var logs = string.Join('\n', Server.Logs.Lines);
        Assert.DoesNotContain(fromPerson, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(fromRobot, logs, StringComparison.Ordinal);
    }

    /// <summary>Every file of the SQLite database, after SQLite wrote everything out of the WAL into the main file too.</summary>
    internal static async Task<string[]> DatabaseFilesAsync(HangarTestServer server)
    {
        await using (var connection = new SqliteConnection(server.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(FULL);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        var dbPath = new SqliteConnectionStringBuilder(server.Database.ConnectionString).DataSource;
        var files = Directory.GetFiles(Path.GetDirectoryName(dbPath)!, Path.GetFileName(dbPath) + "*");
        Assert.NotEmpty(files);
        return files;
    }

    internal static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    internal static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0 || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0;
}

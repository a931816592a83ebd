using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Microsoft.Data.Sqlite;

namespace Hangar.EndToEnd.Tests;

/// <summary><c>hangar serve</c> and <c>hangar admin</c> as a newcomer runs them: a real process, real files, real databases.</summary>
public sealed partial class ServeTests : IDisposable
{
    private readonly string _dataDir = TempDirectory.Create("hangar-e2e");

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    [Fact]
    public async Task Serve_OnSqlite_PrintsTheAdminPasswordOnce_AndKeepsDataAcrossRestarts()
    {
        var port = HangarProcess.FreePort();
        var url = $"http://127.0.0.1:{port}";
        string password;
        await using (var first = StartServe(url))
        {
            await first.WaitUntilReadyAsync($"{url}/readyz");
            await WaitForOutputAsync(first, "Press Ctrl-C");
            Assert.Contains($"Hangar is running at {url}", first.Output, StringComparison.Ordinal);
            password = PasswordLine().Match(first.Output).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(password), first.Output);

            using var client = await LoginAsync(url, "admin", password);
            using (var create = await client.PostAsJsonAsync("/api/v1/workspaces", new { name = "Survivor" }))
            {
                Assert.Equal(HttpStatusCode.OK, create.StatusCode);
            }

            using (var docs = await client.GetAsync("/api/docs/"))
            {
                Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
            }

            Assert.Equal(0, await first.StopAsync());
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dataDir, "master.key")));
        Assert.True(File.Exists(Path.Combine(_dataDir, "hangar.db")));

        await using (var second = StartServe(url))
        {
            await second.WaitUntilReadyAsync($"{url}/readyz");
            await WaitForOutputAsync(second, "Press Ctrl-C");
            Assert.DoesNotContain("First start", second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(password, second.Output, StringComparison.Ordinal);
            using var client = await LoginAsync(url, "admin", password);
            var workspaces = JsonNode.Parse(await client.GetStringAsync("/api/v1/workspaces"))!["data"]!.AsArray();
            Assert.Contains(workspaces, w => w!["name"]!.GetValue<string>() == "Survivor");
            Assert.Equal(0, await second.StopAsync());
        }
    }

    [Fact]
    public async Task Serve_OnPostgres_WithTheDatabaseFlag()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var env = new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = "postgres-first-owner-secret" };
        for (var run = 0; run < 2; run++)
        {
            await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir, "--no-worker", "--database", database.Settings.ConnectionString], env);
            await server.WaitUntilReadyAsync($"{url}/readyz");
            await WaitForOutputAsync(server, "Press Ctrl-C");
            Assert.Contains("Database: PostgreSQL", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Password=", server.Output, StringComparison.OrdinalIgnoreCase);
            // A first start on an empty database is not a failure, and must not log one.
            Assert.DoesNotContain(" fail: ", server.Output, StringComparison.Ordinal);
            using var client = await LoginAsync(url, "admin", "postgres-first-owner-secret");
            if (run == 0)
            {
                Assert.Contains("with the password from HANGAR_ADMIN_PASSWORD", server.Output, StringComparison.Ordinal);
                using var create = await client.PostAsJsonAsync("/api/v1/workspaces", new { name = "On Postgres" });
                Assert.Equal(HttpStatusCode.OK, create.StatusCode);
            }
            else
            {
                var workspaces = await client.GetStringAsync("/api/v1/workspaces");
                Assert.Contains("On Postgres", workspaces, StringComparison.Ordinal);
            }

            Assert.Equal(0, await server.StopAsync());
        }
    }

    [Fact]
    public async Task Serve_WithAnUnreachableDatabase_ExitsNonZero_WithOneClearLine()
    {
        var (code, output) = await HangarProcess.RunAsync(
            ["serve", "--urls", $"http://127.0.0.1:{HangarProcess.FreePort()}", "--data-dir", _dataDir, "--database", "postgres://hangar:s3cret@127.0.0.1:1/hangar?Timeout=3"]);
        Assert.Equal(3, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith("hangar:", StringComparison.Ordinal));
        Assert.Contains("Cannot use the database (PostgreSQL 127.0.0.1:1/hangar)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--urls", "ftp://127.0.0.1:1")]
    [InlineData("--database", "Database=only-a-name")]
    [InlineData("--blobs", "s3://Not_A_Bucket/prefix")]
    [InlineData("--blobs", "s3://bucket/../prefix")]
    [InlineData("--s3-endpoint", "ftp://127.0.0.1:9000")]
    [InlineData("--blob-downloads", "presigned")]
    [InlineData("--blob-downloads", "sometimes")]
    public async Task Serve_WithBadConfiguration_ExitsWithAClearMessage(string flag, string value)
    {
        var (code, output) = await HangarProcess.RunAsync(["serve", "--data-dir", _dataDir, flag, value]);
        Assert.Equal(2, code);
        Assert.StartsWith("hangar: ", output.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_RefusesADatabaseWrittenByANewerHangar()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using (var server = StartServe(url))
        {
            await server.WaitUntilReadyAsync($"{url}/readyz");
            Assert.Equal(0, await server.StopAsync());
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "hangar.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO __EFMigrationsHistory (migration_id, product_version) VALUES ('99990101000000_FromTheFuture', '99.0.0')";
            await command.ExecuteNonQueryAsync();
        }

        var (code, output) = await HangarProcess.RunAsync(["serve", "--urls", url, "--data-dir", _dataDir]);
        Assert.Equal(3, code);
        Assert.Contains("newer than this Hangar", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminResetPassword_WorksOffline_AndTheNewPasswordLogsIn()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using (var server = StartServe(url))
        {
            await server.WaitUntilReadyAsync($"{url}/readyz");
            Assert.Equal(0, await server.StopAsync());
        }

        var (code, output) = await HangarProcess.RunAsync(["admin", "reset-password", "--user", "admin", "--data-dir", _dataDir]);
        Assert.Equal(0, code);
        var password = ResetLine().Match(output).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(password), output);

        var (unknownCode, unknownOutput) = await HangarProcess.RunAsync(["admin", "reset-password", "--user", "nobody", "--data-dir", _dataDir]);
        Assert.Equal(1, unknownCode);
        Assert.Contains("there is no user 'nobody'", unknownOutput, StringComparison.Ordinal);

        // A chosen password follows the same rules as on every other surface, and a refused one changes nothing.
        foreach (var (weak, refusal) in new[] { ("qwerty123456", "password_too_common"), ("the-admin-of-it-all", "password_contains_username"), ("short", "password_too_short") })
        {
            var (weakCode, weakOutput) = await HangarProcess.RunAsync(["admin", "reset-password", "--user", "admin", "--password", weak, "--data-dir", _dataDir]);
            Assert.Equal(1, weakCode);
            Assert.Contains(refusal, weakOutput, StringComparison.Ordinal);
        }

        // The first admin is an instance administrator until 'hangar admin instance-admin --remove' says otherwise.
        var (unmakeCode, unmakeOutput) = await HangarProcess.RunAsync(["admin", "instance-admin", "--user", "admin", "--remove", "--data-dir", _dataDir]);
        Assert.Equal(0, unmakeCode);
        Assert.Contains("'admin' is no longer an instance administrator", unmakeOutput, StringComparison.Ordinal);

        await using (var server = StartServe(url))
        {
            await server.WaitUntilReadyAsync($"{url}/readyz");
            using var client = await LoginAsync(url, "admin", password);
            var me = JsonNode.Parse(await client.GetStringAsync("/api/v1/users/me"))!;
            Assert.False(me["instance_admin"]!.GetValue<bool>());
            Assert.Equal(0, await server.StopAsync());
        }

        Assert.Equal(0, (await HangarProcess.RunAsync(["admin", "instance-admin", "--user", "admin", "--data-dir", _dataDir])).ExitCode);
    }

    [Theory]
    [InlineData("too-short", "password_too_short")]
    [InlineData("qwerty123456", "password_too_common")]
    [InlineData("my-admin-secret-42", "password_contains_username")]
    public async Task Serve_RefusesABadAdminPassword_WithOneLine_AndCreatesNothing(string password, string code)
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var (exitCode, output) = await HangarProcess.RunAsync(["serve", "--urls", url, "--data-dir", _dataDir, "--no-worker"],
            new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = password });
        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("hangar: 'HANGAR_ADMIN_PASSWORD'", line, StringComparison.Ordinal);
        Assert.Contains(code, line, StringComparison.Ordinal);
        Assert.DoesNotContain(password, line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dataDir, "hangar.db")));
    }

    [Fact]
    public async Task AdminCreateApiKey_PrintsOneJsonLine_AndTheKeyOpensTheWorkspace()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using (var first = StartServe(url))
        {
            await first.WaitUntilReadyAsync($"{url}/readyz");
            Assert.Equal(0, await first.StopAsync());
        }

        var (code, output) = await HangarProcess.RunAsync(
            ["admin", "create-api-key", "--workspace", "Default", "--name", "ci", "--permission", "read_runs", "Members.read_members", "--json", "--data-dir", _dataDir]);
        Assert.Equal(0, code);
        var line = JsonNode.Parse(output.Trim())!;
        Assert.Equal(["workspace_id", "id", "name", "permissions", "key"], line.AsObject().Select(p => p.Key));
        Assert.Equal(["Processes.read_runs", "Members.read_members"], line["permissions"]!.AsArray().Select(p => p!.GetValue<string>()));
        var key = line["key"]!.GetValue<string>();
        var workspaceId = line["workspace_id"]!.GetValue<string>();

        Assert.Equal(2, (await HangarProcess.RunAsync(["admin", "create-api-key", "--workspace", "Default", "--name", "x", "--data-dir", _dataDir])).ExitCode);
        var unknown = await HangarProcess.RunAsync(["admin", "create-api-key", "--workspace", "Nope", "--name", "x", "--all-permissions", "--data-dir", _dataDir]);
        Assert.Equal(1, unknown.ExitCode);
        var badPermission = await HangarProcess.RunAsync(["admin", "create-api-key", "--workspace", "Default", "--name", "x", "--permission", "fly", "--data-dir", _dataDir]);
        Assert.Equal(1, badPermission.ExitCode);
        Assert.Contains("unknown_permission", badPermission.Output, StringComparison.Ordinal);

        await using var server = StartServe(url);
        await server.WaitUntilReadyAsync($"{url}/readyz");
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"RC-WSKEY {key}");
        var workspace = JsonNode.Parse(await client.GetStringAsync($"/api/v1/workspaces/{workspaceId}"))!;
        Assert.Equal("Default", workspace["name"]!.GetValue<string>());
        Assert.Equal(0, await server.StopAsync());
        Assert.DoesNotContain(key, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_KeepsTheDataDirectoryPrivate_MakingANewOne0700_AndTighteningALooseOneWithALogLine()
    {
        const UnixFileMode folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode file = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var fresh = Path.Combine(_dataDir, "fresh");
        await using (var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", fresh]))
        {
            await server.WaitUntilReadyAsync($"{url}/readyz");
            await WaitForOutputAsync(server, "Press Ctrl-C");
            Assert.Equal(0, await server.StopAsync());
            Assert.DoesNotContain("readable by others", server.Output, StringComparison.Ordinal);
        }

        Assert.Equal(folder, File.GetUnixFileMode(fresh));
        var all = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var entries = Directory.EnumerateFileSystemEntries(fresh, "*", all).ToList();
        Assert.Contains(Path.Combine(fresh, "hangar.db"), entries);
        Assert.Contains(Path.Combine(fresh, "embedded-worker.json"), entries);
        Assert.All(entries.Where(File.Exists), f => Assert.True((File.GetUnixFileMode(f) & ~file) == 0, $"{f}: {File.GetUnixFileMode(f)}"));

        // A data directory from before (or made by hand) that others can read is tightened, with all that is in it.
        File.SetUnixFileMode(fresh, folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var database = Path.Combine(fresh, "hangar.db");
        File.SetUnixFileMode(database, file | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using (var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", fresh, "--no-worker"]))
        {
            await server.WaitUntilReadyAsync($"{url}/readyz");
            await WaitForOutputAsync(server, "Press Ctrl-C");
            Assert.Contains($"The data directory {fresh} was readable by others (mode 0755): it is now 0700", server.Output, StringComparison.Ordinal);
            Assert.Equal(0, await server.StopAsync());
        }

        Assert.Equal(folder, File.GetUnixFileMode(fresh));
        Assert.Equal(file, File.GetUnixFileMode(database));
    }

    private HangarProcess StartServe(string url) =>
        HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir, "--no-worker"]);

    private static async Task<HttpClient> LoginAsync(string url, string username, string password)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { username, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static async Task WaitForOutputAsync(HangarProcess process, string text)
    {
        for (var i = 0; i < 100 && !process.Output.Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains(text, process.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"with password: (\S+)")]
    private static partial Regex PasswordLine();

    [GeneratedRegex(@"set to: (\S+)")]
    private static partial Regex ResetLine();
}

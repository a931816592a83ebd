using System.Text.Json.Nodes;
using Hangar.TestSupport;
using Microsoft.Data.Sqlite;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// An install made by the previous release (Fixtures/previous-release, made by its refresh.sh: the schema of that
/// release's migrations with a process, queued runs, a payload and a vault secret in it) upgraded by this build, with
/// <c>hangar admin migrate</c> and then <c>hangar serve</c>; and a database from a newer Hangar, which is refused.
/// </summary>
public sealed class UpgradeTests : IDisposable
{
    /// <summary>The admin password refresh.sh gives the fixture.</summary>
    private const string FixturePassword = "fixture-owner-secret-1";

    private readonly string _dir = TempDirectory.Create("hangar-e2e-upgrade");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TempDirectory.TryDelete(_dir);
    }

    [Fact]
    public async Task PreviousReleaseInstall_UpgradesToThisSchema_WithItsDataIntact()
    {
        var data = CopyFixture();
        var (code, migrated) = await HangarProcess.RunAsync(["admin", "migrate", "--data-dir", data]);
        Assert.True(code == 0, migrated);
        Assert.Contains(Path.Combine(data, "hangar.db"), migrated, StringComparison.Ordinal);
        var (again, second) = await HangarProcess.RunAsync(["admin", "migrate", "--data-dir", data]);
        Assert.True(again == 0, second);
        Assert.Contains("up to date", second, StringComparison.Ordinal);

        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", data, "--no-worker"]);
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, FixturePassword);
        using var api = E2eApi.KeyClient(url, key);
        var process = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/processes"))["data"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == "fixture-process")!["id"]!.GetValue<string>();
        var runs = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]!.AsArray();
        Assert.Equal(2, runs.Count);
        var items = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/work-items?process_id={process}"))["data"]!.AsArray();
        var payloads = new List<string?>();
        foreach (var item in items)
        {
            var one = await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/work-items/{item!["id"]!.GetValue<string>()}");
            payloads.Add(one["payload"]?["order"]?.GetValue<string>());
        }

        Assert.Contains("A-1", payloads);
        // Encrypted under the fixture's master key before the upgrade, readable after it.
        var secret = await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/vault/secrets/crm/value");
        Assert.Equal("fixture-vault-value", secret["value"]!["password"]!.GetValue<string>());
        // And the upgraded install takes new work.
        var run = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs", new { });
        Assert.False(string.IsNullOrEmpty(run["id"]?.GetValue<string>()));
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task DatabaseOfANewerHangar_IsRefusedByMigrateAndServe_NamingTheMigration()
    {
        var data = CopyFixture();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "hangar.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromANewerRelease', '99.0.0')";
            await command.ExecuteNonQueryAsync();
        }

        var (code, output) = await HangarProcess.RunAsync(["admin", "migrate", "--data-dir", data]);
        Assert.True(code == 3, output);
        Assert.Contains("newer than this Hangar", output, StringComparison.Ordinal);
        Assert.Contains("29991231000000_FromANewerRelease", output, StringComparison.Ordinal);
        var (served, serveOutput) = await HangarProcess.RunAsync(["serve", "--urls", $"http://127.0.0.1:{HangarProcess.FreePort()}", "--data-dir", data, "--no-worker"]);
        Assert.True(served == 3, serveOutput);
        Assert.Contains("29991231000000_FromANewerRelease", serveOutput, StringComparison.Ordinal);
    }

    private string CopyFixture()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "previous-release");
        var data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        foreach (var name in new[] { "hangar.db", "master.key" })
        {
            File.Copy(Path.Combine(fixture, name), Path.Combine(data, name));
        }

        File.SetUnixFileMode(Path.Combine(data, "master.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return data;
    }
}

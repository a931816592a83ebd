using System.Diagnostics;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Npgsql;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// The PostgreSQL backup docs/operations.md describes: <c>pg_dump</c> of a running install, <c>pg_restore</c> into an
/// empty database, and a server started on it with the master key kept beside the dump, which reads the vault.
/// </summary>
public sealed class PostgresBackupTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private const string PostgresBin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = TempDirectory.Create("hangar-e2e-pgdump");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public async Task DumpRestoredIntoANewDatabase_WithTheMasterKey_ServesTheVault()
    {
        await using var original = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var data = Path.Combine(_dir, "data");
        string ws;
        await using (var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", data, "--database", original.DatabaseFlag, "--no-worker"],
                         new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password }))
        {
            await server.WaitUntilReadyAsync($"{url}/readyz");
            (ws, var key) = await E2eApi.SetUpAsync(url, Password);
            using var api = E2eApi.KeyClient(url, key);
            await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/vault/secrets", new { name = "crm", value = new { password = "dumped-vault-value" } });
            // Dumped while the server runs, as the docs say.
            await RunAsync("pg_dump", "--format=custom", $"--file={Path.Combine(_dir, "hangar.dump")}", Libpq(original));
            Assert.Equal(0, await server.StopAsync());
        }

        var masterKey = (await File.ReadAllTextAsync(Path.Combine(data, "master.key"))).Trim();
        await using var restored = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await RunAsync("pg_restore", "--no-owner", $"--dbname={Libpq(restored)}", Path.Combine(_dir, "hangar.dump"));

        // A new data directory: the master key comes from the environment, as on a node of a cluster.
        var url2 = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using var second = HangarProcess.Start(["serve", "--urls", url2, "--data-dir", Path.Combine(_dir, "data2"), "--database", restored.DatabaseFlag, "--no-worker"],
            new Dictionary<string, string> { ["HANGAR_MASTER_KEY"] = masterKey });
        await second.WaitUntilReadyAsync($"{url2}/readyz");
        var (ws2, key2) = await E2eApi.SetUpAsync(url2, Password);
        Assert.Equal(ws, ws2);
        using var api2 = E2eApi.KeyClient(url2, key2);
        var secret = await E2eApi.GetAsync(api2, $"/api/v1/workspaces/{ws}/vault/secrets/crm/value");
        Assert.Equal("dumped-vault-value", secret["value"]!["password"]!.GetValue<string>());
        Assert.Equal(0, await second.StopAsync());
    }

    private static string Libpq(TestDatabase database)
    {
        var b = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString);
        return $"host={b.Host} port={b.Port} user={b.Username} dbname={b.Database}";
    }

    private static async Task RunAsync(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(PostgresBin, tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (new NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString()).Password is { Length: > 0 } password)
        {
            info.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool}: {await errors}{await output}");
    }
}

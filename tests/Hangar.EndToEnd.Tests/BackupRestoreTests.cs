using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// <c>hangar admin backup</c> of a SQLite install while triggers keep coming, <c>hangar admin restore</c> of the archive
/// into a new directory, and a server started there: the runs, the robot's zip and the vault (the master key) came along.
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private readonly string _dir = TempDirectory.Create("hangar-e2e-backup");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public async Task BackupTakenWhileTriggersRun_Restores_AndAServerOnItHasTheRuns()
    {
        var data = Path.Combine(_dir, "data");
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var archive = Path.Combine(_dir, "hangar-backup.tar.gz");
        var answered = new List<string>();
        string ws, key, process;
        await using (var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", data, "--no-worker"],
                         new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password }))
        {
            await server.WaitUntilReadyAsync($"{url}/readyz");
            (ws, key) = await E2eApi.SetUpAsync(url, Password);
            using var api = E2eApi.KeyClient(url, key);
            process = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", "tasks:\n  Main:\n    shell: python3 -c \"print(1)\"\n")));
            await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/vault/secrets", new { name = "crm", value = new { password = "backed-up-vault-value" } });

            using var stop = new CancellationTokenSource();
            var triggers = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{ws}/processes/{process}/process-runs", new { }, CancellationToken.None);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var id = (await response.Content.ReadFromJsonAsync<JsonNode>(CancellationToken.None))!["id"]!.GetValue<string>();
                    lock (answered)
                    {
                        answered.Add(id);
                    }
                }
            }, CancellationToken.None);
            while (Count(answered) < 20)
            {
                await Task.Delay(20);
            }

            var beforeBackup = Snapshot(answered);
            var (code, output) = await HangarProcess.RunAsync(["admin", "backup", "--to", archive, "--data-dir", data]);
            var afterBackup = Count(answered);
            await stop.CancelAsync();
            await triggers;
            Assert.True(code == 0, output);
            Assert.Contains("Backed up", output, StringComparison.Ordinal);
            Assert.True(afterBackup > beforeBackup.Count, "the triggers went on while the backup ran");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive) & (UnixFileMode)0b111_111_111);

            // A second backup to the same file is refused: an archive is never overwritten.
            var (again, refused) = await HangarProcess.RunAsync(["admin", "backup", "--to", archive, "--data-dir", data]);
            Assert.True(again == 1, refused);
            Assert.Equal(0, await server.StopAsync());

            var restored = Path.Combine(_dir, "restored");
            var (restoreCode, restoreOutput) = await HangarProcess.RunAsync(["admin", "restore", "--from", archive, "--data-dir", restored]);
            Assert.True(restoreCode == 0, restoreOutput);
            Assert.True(File.Exists(Path.Combine(restored, "master.key")));

            var url2 = $"http://127.0.0.1:{HangarProcess.FreePort()}";
            await using var second = HangarProcess.Start(["serve", "--urls", url2, "--data-dir", restored, "--no-worker"]);
            await second.WaitUntilReadyAsync($"{url2}/readyz");
            using var api2 = E2eApi.KeyClient(url2, key);
            var runs = new HashSet<string>(StringComparer.Ordinal);
            for (var page = $"/api/v1/workspaces/{ws}/process-runs?process_id={process}&limit=100"; ;)
            {
                var body = await E2eApi.GetAsync(api2, page);
                runs.UnionWith(body["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
                if (body["next"]?.GetValue<string>() is not { Length: > 0 } next)
                {
                    break;
                }

                page = new Uri(next).PathAndQuery;
            }

            // Every run answered before the backup started is in it; none is there that was never answered.
            Assert.All(beforeBackup, id => Assert.Contains(id, runs));
            Assert.Subset(Snapshot(answered).ToHashSet(), runs);
            Assert.Equal("backed-up-vault-value",
                (await E2eApi.GetAsync(api2, $"/api/v1/workspaces/{ws}/vault/secrets/crm/value"))["value"]!["password"]!.GetValue<string>());
            var package = (await E2eApi.GetAsync(api2, $"/api/v1/workspaces/{ws}/processes/{process}"))["steps"]!.AsArray()[0]!["task_package"]!["id"]!.GetValue<string>();
            var download = await E2eApi.GetAsync(api2, $"/api/v1/workspaces/{ws}/task-packages/{package}/download");
            using var anonymous = new HttpClient();
            using var zip = await anonymous.GetAsync(download["url"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
            Assert.Equal(0, await second.StopAsync());
        }
    }

    [Fact]
    public async Task Restore_RefusesADirectoryThatIsNotEmpty_AndLeavesItAsItWas()
    {
        var data = Path.Combine(_dir, "data");
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var archive = Path.Combine(_dir, "backup.tar.gz");
        await using (var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", data, "--no-worker"],
                         new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password }))
        {
            await server.WaitUntilReadyAsync($"{url}/readyz");
            var (code, output) = await HangarProcess.RunAsync(["admin", "backup", "--to", archive, "--data-dir", data]);
            Assert.True(code == 0, output);
            Assert.Equal(0, await server.StopAsync());
        }

        var occupied = Path.Combine(_dir, "occupied");
        Directory.CreateDirectory(occupied);
        await File.WriteAllTextAsync(Path.Combine(occupied, "hangar.db"), "an install that must survive");
        var (refused, message) = await HangarProcess.RunAsync(["admin", "restore", "--from", archive, "--data-dir", occupied]);
        Assert.True(refused == 1, message);
        Assert.Contains("refuses to overwrite", message, StringComparison.Ordinal);
        Assert.Equal("hangar.db", Path.GetFileName(Assert.Single(Directory.GetFileSystemEntries(occupied))));
        Assert.Equal("an install that must survive", await File.ReadAllTextAsync(Path.Combine(occupied, "hangar.db")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_dir), e => Path.GetFileName(e).StartsWith(".occupied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restore_RefusesAnArchiveThatIsNoHangarBackup()
    {
        var archive = Path.Combine(_dir, "other.tar.gz");
        var source = Path.Combine(_dir, "other");
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "notes.txt"), "not a backup");
        await using (var file = File.Create(archive))
        await using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            await System.Formats.Tar.TarFile.CreateFromDirectoryAsync(source, gzip, includeBaseDirectory: false);
        }

        var target = Path.Combine(_dir, "target");
        var (code, output) = await HangarProcess.RunAsync(["admin", "restore", "--from", archive, "--data-dir", target]);
        Assert.True(code == 1, output);
        Assert.Contains("notes.txt", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_dir), e => Path.GetFileName(e).StartsWith(".target", StringComparison.Ordinal));
    }

    private static int Count(List<string> ids)
    {
        lock (ids)
        {
            return ids.Count;
        }
    }

    private static List<string> Snapshot(List<string> ids)
    {
        lock (ids)
        {
            return [.. ids];
        }
    }
}

using System.Text.RegularExpressions;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// The self-contained single-file build, copied alone to a folder as docs/workers.md says to copy it to a machine
/// without .NET: it prints its version, serves (SQLite's native library travels inside it), and a worker linked with it
/// runs a robot to its end.
/// </summary>
public sealed partial class SingleFileTests : IDisposable
{
    private const string Password = "single-file-owner-secret-1";
    private readonly string _folder = TempDirectory.Create("hangar-single-file");

    public void Dispose() => TempDirectory.TryDelete(_folder);

    [Fact]
    public async Task SingleFile_OnItsOwn_PrintsItsVersion_Serves_AndLinksAWorkerThatRunsARobot()
    {
        var hangar = await CopyAloneAsync(await SingleFileBuild.ExecutableAsync());
        var env = new Dictionary<string, string>
        {
            // No dotnet on the PATH, and a HOME of its own (where the native library is unpacked on the first start).
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = Path.Combine(_folder, "home"),
            ["HANGAR_ADMIN_PASSWORD"] = Password,
        };
        Directory.CreateDirectory(env["HOME"]);

        var (versionCode, version) = await HangarProcess.RunProgramAsync(hangar, ["--version"], env);
        Assert.True(versionCode == 0, version);
        Assert.Matches(Version(), version.Trim());
        if (Directory.Exists(Path.Combine(ExampleRobots.RepositoryRoot, ".git")) || File.Exists(Path.Combine(ExampleRobots.RepositoryRoot, ".git")))
        {
            Assert.Contains("(commit ", version, StringComparison.Ordinal);
        }

        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using var server = HangarProcess.StartProgram(hangar, ["serve", "--urls", url, "--data-dir", Path.Combine(_folder, "data"), "--no-worker"], env);
        await server.WaitUntilReadyAsync($"{url}/readyz");
        using (var browser = new HttpClient())
        {
            Assert.Contains("Log in to Hangar", await browser.GetStringAsync($"{url}/login"), StringComparison.Ordinal);
            Assert.Contains("<html", await browser.GetStringAsync($"{url}/api/docs"), StringComparison.OrdinalIgnoreCase);
        }

        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var api = E2eApi.KeyClient(url, key);
        var token = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(10) });
        var config = Path.Combine(_folder, "worker.json");
        var (linkCode, linkOutput) = await HangarProcess.RunProgramAsync(hangar,
            ["worker", "link", token["link_token"]!.GetValue<string>(), "--name", "single-file", "--server", url, "--config", config], env);
        Assert.True(linkCode == 0, linkOutput);

        var process = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", E2eRobot.WorkItemsYaml), ("robot.py", E2eRobot.WorkItemsScript)));
        await using var worker = HangarProcess.StartProgram(hangar, ["worker", "start", "--config", config, "--work-dir", Path.Combine(_folder, "work")], env);
        var runId = (await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 21 } } }))["id"]!.GetValue<string>();

        var run = await E2eApi.WaitForRunAsync(api, ws, runId, worker);
        Assert.True(run["state"]!.GetValue<string>() == "completed", $"{run}\n{worker.Output}\n{server.Output}");
        var output = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs/{runId}/outputs"))["data"]!.AsArray().Single()!;
        Assert.Equal(42, output["payload"]!["doubled"]!.GetValue<int>());
        var workers = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/workers"))["data"]!.AsArray();
        Assert.Equal("single-file", workers.Single()!["name"]!.GetValue<string>());
        Assert.Equal(0, await worker.StopAsync());
        Assert.Equal(0, await server.StopAsync());
        Assert.True(Directory.Exists(Path.Combine(env["HOME"], ".net")), "the native library was not unpacked under HOME");
    }

    /// <summary>Copies the file into a folder of its own: nothing it might need lies beside it.</summary>
    private async Task<string> CopyAloneAsync(string built)
    {
        var machine = Path.Combine(_folder, "machine");
        Directory.CreateDirectory(machine);
        var hangar = Path.Combine(machine, "hangar");
        await using (var source = File.OpenRead(built))
        await using (var target = File.Create(hangar))
        {
            await source.CopyToAsync(target);
        }

        File.SetUnixFileMode(hangar, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return hangar;
    }

    [GeneratedRegex(@"^hangar \d+\.\d+\.\d+\S* \((commit [0-9a-f]{40}|unknown commit)\)$")]
    private static partial Regex Version();
}

using System.Net;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// The commands hangar prints as hints work where they are read: plain <c>hangar</c> when the PATH finds this hangar,
/// else hangar as the user started it (the executable's full path, <c>dotnet hangar.dll</c>, <c>dotnet run --project …</c>).
/// </summary>
public sealed class HintTests : IDisposable
{
    private const string LinkHint = "worker link <token> --name <name> --server <url>";
    private static readonly string CliFolder = Path.GetDirectoryName(HangarProcess.CliPath)!;
    private static readonly string AppHost = Path.Combine(CliFolder, "hangar");
    private readonly string _folder = TempDirectory.Create("hangar-hints");

    public void Dispose() => TempDirectory.TryDelete(_folder);

    [Fact]
    public async Task Hint_NamesPlainHangar_WhenThePathFindsThisHangar()
    {
        var (code, output) = await HangarProcess.RunAsync(["worker", "start", "--config", MissingConfig]);

        Assert.Equal(2, code);
        Assert.Contains($"run 'hangar {LinkHint}' first", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hint_NamesTheExecutablesFullPath_WhenThePathHasNoHangar()
    {
        var (code, output) = await HangarProcess.RunProgramAsync(AppHost, ["worker", "start", "--config", MissingConfig], PathWithoutHangar());

        Assert.Equal(2, code);
        Assert.Contains($"run '{AppHost} {LinkHint}' first", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hint_NamesTheExecutablesFullPath_WhenThePathFindsAnotherHangar()
    {
        var other = Path.Combine(_folder, "bin");
        Directory.CreateDirectory(other);
        await File.WriteAllTextAsync(Path.Combine(other, "hangar"), "#!/bin/sh\necho another hangar\n");
        File.SetUnixFileMode(Path.Combine(other, "hangar"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (_, output) = await HangarProcess.RunProgramAsync(AppHost, ["worker", "start", "--config", MissingConfig], PathWithoutHangar(other));

        Assert.Contains($"run '{AppHost} {LinkHint}' first", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hint_NamesDotnetAndTheAssembly_WhenStartedAsDotnetHangarDll_WithoutHangarOnThePath()
    {
        var (_, output) = await HangarProcess.RunProgramAsync("dotnet", [HangarProcess.CliPath, "worker", "start", "--config", MissingConfig], PathWithoutHangar());

        Assert.Contains($"run 'dotnet {HangarProcess.CliPath} {LinkHint}' first", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hint_NamesDotnetRun_WhenStartedWithDotnetRun()
    {
        // The configuration the tests were built in (bin/CONFIGURATION/TFM), so that 'dotnet run --no-build' finds its build.
        var configuration = Path.GetFileName(Path.GetDirectoryName(CliFolder))!;
        var (_, output) = await HangarProcess.RunProgramAsync("dotnet",
            ["run", "--no-build", "-c", configuration, "--project", "src/Hangar.Cli", "--", "worker", "start", "--config", MissingConfig],
            PathWithoutHangar(), workingDirectory: ExampleRobots.RepositoryRoot);

        Assert.Contains($"run 'dotnet run --project src/Hangar.Cli -- {LinkHint}' first", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeBanner_AndLoginPage_NameTheExecutablesFullPath_WhenHangarIsNotOnThePath()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using var server = HangarProcess.StartProgram(AppHost, ["serve", "--urls", url, "--data-dir", Path.Combine(_folder, "data")], PathWithoutHangar());
        await server.WaitUntilReadyAsync($"{url}/readyz");
        // The embedded worker's line comes once it is ready, after the banner.
        for (var i = 0; i < 600 && !server.Output.Contains("turns it off", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains($"reset it with '{AppHost} admin reset-password --user admin'", server.Output, StringComparison.Ordinal);
        Assert.Contains($"'{AppHost} serve --no-worker' turns it off", server.Output, StringComparison.Ordinal);
        using var client = new HttpClient();
        var login = await client.GetStringAsync($"{url}/login");
        Assert.Contains($"<code>{WebUtility.HtmlEncode(AppHost)} admin reset-password --user admin</code>", login, StringComparison.Ordinal);
        Assert.Equal(0, await server.StopAsync());
    }

    private string MissingConfig => Path.Combine(_folder, "no-such-worker.json");

    /// <summary>A PATH with dotnet and the system's folders, and <paramref name="first"/>, but not the folder of the hangar under test.</summary>
    private static Dictionary<string, string> PathWithoutHangar(params string[] first) =>
        new() { ["PATH"] = string.Join(Path.PathSeparator, [.. first, Path.GetDirectoryName(DotnetPath)!, "/usr/local/bin", "/usr/bin", "/bin"]) };

    /// <summary>The dotnet that runs these tests (the test host runs as 'dotnet exec').</summary>
    private static string DotnetPath => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "/usr/share/dotnet/dotnet";
}

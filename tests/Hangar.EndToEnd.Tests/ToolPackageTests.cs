using System.Text.RegularExpressions;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// <c>dotnet pack src/Hangar.Cli</c> makes a .NET tool that <c>dotnet tool install</c> installs as <c>hangar</c>, and the
/// installed hangar runs: its version, and hints naming plain <c>hangar</c> once its folder is on the PATH.
/// </summary>
public sealed partial class ToolPackageTests : IDisposable
{
    private readonly string _folder = TempDirectory.Create("hangar-tool");

    public void Dispose() => TempDirectory.TryDelete(_folder);

    [Fact]
    public async Task ToolPackage_Installs_AndTheInstalledHangarRuns()
    {
        // Packs the build the tests run (as install.sh packs a Release build), into a feed of its own.
        var cliFolder = Path.GetDirectoryName(HangarProcess.CliPath)!;
        var configuration = Path.GetFileName(Path.GetDirectoryName(cliFolder))!;
        var feed = Path.Combine(_folder, "feed");
        await RunDotnetAsync(["pack", Path.Combine(ExampleRobots.RepositoryRoot, "src", "Hangar.Cli"), "--no-build", "--no-restore", "-c", configuration,
            "-o", feed, "-nologo", "-v:q"]);
        Assert.Single(Directory.GetFiles(feed, "hangar.*.nupkg"));

        // Only that feed: the install neither asks a registry nor finds another package of the name.
        var nugetConfig = Path.Combine(_folder, "nuget.config");
        await File.WriteAllTextAsync(nugetConfig,
            $"""<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /><add key="hangar" value="{feed}" /></packageSources></configuration>""");
        var tools = Path.Combine(_folder, "tools");
        await RunDotnetAsync(["tool", "install", "hangar", "--tool-path", tools, "--configfile", nugetConfig]);

        var hangar = Path.Combine(tools, "hangar");
        var (code, version) = await HangarProcess.RunProgramAsync(hangar, ["--version"], new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" });
        Assert.True(code == 0, version);
        Assert.Matches(Version(), version.Trim());

        var missing = Path.Combine(_folder, "none.json");
        var (_, onPath) = await HangarProcess.RunProgramAsync(hangar, ["worker", "start", "--config", missing],
            new Dictionary<string, string> { ["PATH"] = $"{tools}:/usr/bin:/bin" });
        Assert.Contains("run 'hangar worker link <token> --name <name> --server <url>' first", onPath, StringComparison.Ordinal);
        var (_, offPath) = await HangarProcess.RunProgramAsync(hangar, ["worker", "start", "--config", missing],
            new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" });
        Assert.Contains($"run '{hangar} worker link <token> --name <name> --server <url>' first", offPath, StringComparison.Ordinal);
    }

    private static async Task RunDotnetAsync(string[] args)
    {
        var (code, output) = await HangarProcess.RunProgramAsync("dotnet", args);
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} exited {code}:\n{output}");
    }

    [GeneratedRegex(@"^hangar \d+\.\d+\.\d+\S* \((commit [0-9a-f]{40}|unknown commit)\)$")]
    private static partial Regex Version();
}

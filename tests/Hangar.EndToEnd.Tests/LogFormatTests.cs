using System.Text.Json;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// The log format, set as docs/configuration.md orders settings: <c>--log-format</c> over <c>HANGAR_LOG_FORMAT</c>
/// over appsettings.json (which says <c>simple</c>). The line looked at is the warning a first start writes when the
/// data directory it is given can be read by others.
/// </summary>
public sealed class LogFormatTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private readonly string _dir = TempDirectory.Create("hangar-e2e-logs");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public async Task EnvironmentSaysJson_OverAppSettings_EachLogLineIsAJsonObject()
    {
        var output = await StartAndStopAsync([], "json");
        var line = output.Split('\n').Single(l => l.Contains("data directory", StringComparison.Ordinal) && l.TrimStart().StartsWith('{'));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("Warning", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("Category").GetString()));
        Assert.Contains("readable by others", json.RootElement.GetProperty("Message").GetString());
        Assert.True(DateTimeOffset.TryParse(json.RootElement.GetProperty("Timestamp").GetString(), out _), line);
    }

    [Fact]
    public async Task FlagSaysSimple_OverTheEnvironment_LinesAreReadableText()
    {
        var output = await StartAndStopAsync(["--log-format", "simple"], "json");
        var line = output.Split('\n').Single(l => l.Contains("data directory", StringComparison.Ordinal));
        Assert.Contains("warn:", line);
        Assert.DoesNotContain("\"LogLevel\"", output);
    }

    [Fact]
    public async Task UnknownFormat_StopsTheStart_WithOneLine()
    {
        var (code, output) = await HangarProcess.RunAsync(["serve", "--urls", $"http://127.0.0.1:{HangarProcess.FreePort()}", "--data-dir", _dir, "--log-format", "xml"],
            new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password });
        Assert.Equal(2, code);
        Assert.Contains("--log-format: 'xml' is neither simple nor json.", output);
    }

    private async Task<string> StartAndStopAsync(string[] flags, string environmentFormat)
    {
        var dataDir = Path.Combine(_dir, "data");
        Directory.CreateDirectory(dataDir);
        File.SetUnixFileMode(dataDir, (UnixFileMode)0b111_101_101); // 0755: the start tightens it and says so
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", dataDir, .. flags],
            new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password, ["HANGAR_LOG_FORMAT"] = environmentFormat });
        await server.WaitUntilReadyAsync($"{url}/readyz");
        Assert.Equal(0, await server.StopAsync());
        return server.Output;
    }
}

using Hangar.Core.Platform;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// The commands the pages show are run as hangar is started on the server's machine (what <c>hangar serve</c> found,
/// here <c>dotnet run --project src/Hangar.Cli --</c>); a command for another worker machine names the plain <c>hangar</c>
/// installed there.
/// </summary>
public class UiHintTests
{
    private const string DotnetRun = "dotnet run --project src/Hangar.Cli --";

    [Fact]
    public async Task LoginPage_NamesResetPassword_AsHangarIsStartedOnTheServersMachine()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.HangarCommand = new HangarCommand(DotnetRun));
        using var client = server.CreateClient();

        var html = await client.GetStringAsync("/login");

        Assert.Contains($"<code>{DotnetRun} admin reset-password --user admin</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkTokenBox_OnALoopbackUrl_NamesEveryCommand_AsHangarIsStartedOnThisMachine()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o =>
        {
            o.PublicUrl = "http://localhost:8080";
            o.HangarCommand = new HangarCommand(DotnetRun);
        });

        var html = await PublicUrlTests.CreateLinkTokenOnThePageAsync(server);

        Assert.Contains($"value=\"{DotnetRun} worker link hgl_", html, StringComparison.Ordinal);
        Assert.Contains($"<code>{DotnetRun} worker start</code>", html, StringComparison.Ordinal);
        Assert.Contains($"<code>{DotnetRun} serve --urls http://0.0.0.0:8080 --public-url http://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkTokenBox_OnAPublicUrl_NamesTheHangarOfTheWorkersMachine()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o =>
        {
            o.PublicUrl = "https://hangar.example.test";
            o.HangarCommand = new HangarCommand(DotnetRun);
        });

        var html = await PublicUrlTests.CreateLinkTokenOnThePageAsync(server);

        Assert.Contains("value=\"hangar worker link hgl_", html, StringComparison.Ordinal);
        Assert.Contains("<code>hangar worker start</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(DotnetRun, html, StringComparison.Ordinal);
    }
}

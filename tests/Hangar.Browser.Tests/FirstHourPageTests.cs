using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>What a newcomer clicks through in the first hour: a robot's task to a process, and the curl that starts it.</summary>
[Collection(SharedSite.Name)]
public sealed partial class FirstHourPageTests(BrowserSite site)
{
    [Fact]
    public async Task RobotPage_NewProcessFromATask_OpensTheFormWithThatStep_AndSavesTheProcess()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var robot = $"first-robot-{Guid.NewGuid():N}"[..20];
        var package = await UiApi.UploadRobotAsync(admin, ws, robot, BrowserRobots.Slow());
        var page = await site.SignInAsync($"/workspaces/{ws}/robots/{package}");

        await page.GetByRole(AriaRole.Link, new() { Name = "New process from this task: Main" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New process", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Robot and task")).ToHaveValueAsync($"{package}/Main");
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync($"{robot} Main");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{robot} Main", Level = 1 })).ToBeVisibleAsync();
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Steps" }).GetByRole(AriaRole.Row);
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync(robot);
    }

    [Fact]
    public async Task NewProcess_FromAnUnknownRobotOrTask_StartsEmpty()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"first-other-{Guid.NewGuid():N}"[..20], BrowserRobots.Slow());
        var page = await site.SignInAsync($"/workspaces/{ws}/processes/new?robot={package}&task=NoSuchTask");

        await Assertions.Expect(page.GetByLabel("Robot and task")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("");
    }

    [Fact]
    public async Task Viewer_SeesNoNewProcessLinkOnARobot()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"first-viewer-{Guid.NewGuid():N}"[..20], BrowserRobots.Slow());
        var viewer = await BrowserUsers.NewAsync(admin, "fhviewer", ws, "viewer");
        var page = await site.SignInAsync($"/workspaces/{ws}/robots/{package}", viewer, BrowserUsers.Password);

        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Tasks" })).ToContainTextAsync("Main");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "New process from this task: Main" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ProcessPage_ShowsItsId_AndACurlThatStartsIt()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"first-curl-{Guid.NewGuid():N}"[..20], BrowserRobots.Slow());
        var process = await UiApi.NewProcessAsync(admin, ws, "Curl process", package);
        var page = await site.SignInAsync($"/workspaces/{ws}/processes/{process}");

        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Process id" })).ToHaveValueAsync(process);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy the process id" })).ToBeVisibleAsync();
        var curl = await page.Locator("#process-curl").InnerTextAsync();
        Assert.Contains($"{site.Url}/api/v1/workspaces/{ws}/processes/{process}/process-runs", curl, StringComparison.Ordinal);
        Assert.Contains("RC-WSKEY <your API key>", curl, StringComparison.Ordinal);
        await BrowserSite.ScreenshotAsync(page, "process-curl");
    }

    [Fact]
    public async Task NewKey_IsFilledIntoTheCurl_ThePickerFillsTheProcess_AndTheCurlStartsThatProcess()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"first-pick-{Guid.NewGuid():N}"[..20], BrowserRobots.Slow());
        var picked = await UiApi.NewProcessAsync(admin, ws, $"Picked {Guid.NewGuid():N}"[..20], package);
        var page = await site.SignInAsync($"/workspaces/{ws}/api-keys?add=true");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Curl key");
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = TriggerPermission() }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var key = await page.GetByRole(AriaRole.Textbox, new() { Name = "API key" }).InputValueAsync();
        var curl = page.Locator("#revealed-curl");
        await Assertions.Expect(curl).ToContainTextAsync($"RC-WSKEY {key}");

        await page.Locator("#revealed-curl-process").SelectOptionAsync(picked);
        await Assertions.Expect(curl).ToContainTextAsync($"/processes/{picked}/process-runs");
        await BrowserSite.ScreenshotAsync(page, "api-tab-curl");

        // The curl as shown is what a terminal would send: its URL, key and body start a run of the picked process.
        var text = await curl.InnerTextAsync();
        var url = CurlUrl().Match(text).Groups[1].Value;
        var body = CurlBody().Match(text).Groups[1].Value;
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", CurlKey().Match(text).Groups[1].Value);
        using var response = await client.SendAsync(request);
        var started = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        Assert.True(response.IsSuccessStatusCode, started?.ToJsonString());
        var run = await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{started!["id"]!.GetValue<string>()}");
        Assert.Equal(picked, run["process"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Favicon_IsServed_AndNamedByThePages()
    {
        var page = await site.NewPageAsync();
        var missing = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status == 404)
            {
                missing.Add(response.Url);
            }
        };
        await page.GotoAsync("/login");
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var served = await page.APIRequest.GetAsync(icon!);
        Assert.Equal(200, served.Status);
        Assert.Equal("image/svg+xml", served.Headers["content-type"]);
        var legacy = await page.APIRequest.GetAsync("/favicon.ico");
        Assert.Equal(200, legacy.Status);
        Assert.Empty(missing);
    }

    [GeneratedRegex(@"^Processes\.trigger_processes( |$)")]
    private static partial Regex TriggerPermission();

    [GeneratedRegex(@"curl -X POST ""([^""]+)""")]
    private static partial Regex CurlUrl();

    [GeneratedRegex(@"-H ""Authorization: ([^""]+)""")]
    private static partial Regex CurlKey();

    [GeneratedRegex(@"-d '([^']+)'")]
    private static partial Regex CurlBody();
}

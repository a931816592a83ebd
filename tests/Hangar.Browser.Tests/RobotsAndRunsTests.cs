using System.Net;
using System.Text;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>
/// The developer's path through the UI: upload a robot zip, build a process from its task, run it with a payload,
/// watch the console fill live, download the artifact; plus the robot and process pages' own refusals.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class RobotsAndRunsTests(BrowserSite site)
{
    [Fact]
    public async Task Developer_UploadsARobot_BuildsAProcess_RunsItWithAPayload_AndWatchesTheConsole()
    {
        var ws = site.WorkspaceId;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var robotName = $"Invoice robot {suffix}";
        var processName = $"Invoices {suffix}";
        var zip = BrowserRobots.Slow();
        var page = await site.LoggedInPageAsync();

        // Robots tab: upload a new robot from the browser.
        await page.GotoAsync($"/workspaces/{ws}/runs");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Workspace" }).GetByRole(AriaRole.Link, new() { Name = "Robots" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Robots", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(robotName);
        await page.GetByLabel("Robot zip").SetInputFilesAsync(new FilePayload { Name = "robot.zip", MimeType = "application/zip", Buffer = zip });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();

        // The robot's page: its tasks from robot.yaml and version 1, which downloads as the same zip.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = robotName, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("uploaded");
        var tasks = page.GetByRole(AriaRole.List, new() { Name = "Tasks" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(tasks).ToHaveCountAsync(1);
        await Assertions.Expect(tasks.First).ToContainTextAsync("Main");
        await Assertions.Expect(tasks.First.GetByRole(AriaRole.Link, new() { Name = "New process from this task: Main" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "v1" })).ToContainTextAsync("by admin");
        await BrowserSite.ScreenshotAsync(page, "robot");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download version 1" }).ClickAsync());
        Assert.EndsWith("-v1.zip", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(zip, await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.DoesNotContain("hangar_session", download.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Robots" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = robotName })).ToContainTextAsync("v1");
        await BrowserSite.ScreenshotAsync(page, "robots");

        // Processes tab: a new process whose step runs the robot's task.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Workspace" }).GetByRole(AriaRole.Link, new() { Name = "Processes" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New process" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(processName);
        await page.GetByLabel("Robot and task").SelectOptionAsync(new SelectOptionValue { Label = $"{robotName} / Main" });
        await page.GetByLabel("Timeout (seconds)").FillAsync("120");
        await BrowserSite.ScreenshotAsync(page, "process-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = processName, Level = 1 })).ToBeVisibleAsync();
        var stepRow = page.GetByRole(AriaRole.Table, new() { Name = "Steps" }).GetByRole(AriaRole.Row).Nth(1);
        await Assertions.Expect(stepRow).ToContainTextAsync(robotName);
        await Assertions.Expect(stepRow).ToContainTextAsync("2 min 0 s");
        await BrowserSite.ScreenshotAsync(page, "process");

        // Run with a JSON payload: the run's page follows the console without a reload.
        await page.GetByLabel("Payload (JSON, optional)").FillAsync("{\"invoice\": 42}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/runs/*");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var console = page.GetByRole(AriaRole.Log);
        await Assertions.Expect(console).ToContainTextAsync("step 5 of 5", new() { Timeout = 30_000 });
        await Assertions.Expect(console).ToContainTextAsync("robot finished", new() { Timeout = 30_000 });
        await Assertions.Expect(console).ToContainTextAsync("payload {\"invoice\": 42}");
        await Assertions.Expect(page.Locator("#run-state")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The console filled without a page load.");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "has ended" })).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "run-detail-live");

        // After a reload: the work item with its payload, the artifact and its download.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"of {processName}" })).ToBeVisibleAsync();
        var item = page.GetByRole(AriaRole.Table, new() { Name = "Work items" }).GetByRole(AriaRole.Row).Nth(1);
        await Assertions.Expect(item).ToContainTextAsync("done");
        await item.GetByText("Payload").ClickAsync();
        await Assertions.Expect(item.Locator("pre")).ToContainTextAsync("\"invoice\": 42");
        var artifacts = page.GetByRole(AriaRole.Table, new() { Name = "Artifacts" });
        await Assertions.Expect(artifacts).ToContainTextAsync("report.txt");
        await BrowserSite.ScreenshotAsync(page, "run-detail");
        var artifact = await page.RunAndWaitForDownloadAsync(() => artifacts.GetByRole(AriaRole.Link, new() { Name = "Download report.txt" }).ClickAsync());
        Assert.Equal("report.txt", artifact.SuggestedFilename);
        Assert.Equal("done", await File.ReadAllTextAsync(await artifact.PathAsync()));
        Assert.Contains("/blobs/download?policy=", artifact.Url, StringComparison.Ordinal);
        var runUrl = page.Url;

        // Runs tab: the run is listed, and the filters find it (or say nothing matches).
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Workspace" }).GetByRole(AriaRole.Link, new() { Name = "Runs" }).ClickAsync();
        var runRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = processName });
        await Assertions.Expect(runRow).ToContainTextAsync("completed");
        await Assertions.Expect(runRow).ToContainTextAsync("admin (user)");
        await BrowserSite.ScreenshotAsync(page, "runs");
        await page.GetByLabel("State").SelectOptionAsync("completed");
        await page.GetByLabel("Process").SelectOptionAsync(new SelectOptionValue { Label = processName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Runs" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await runRow.GetByRole(AriaRole.Link).ClickAsync();
        Assert.Equal(runUrl, page.Url);
        await page.GotoAsync($"/workspaces/{ws}/runs");
        await page.GetByLabel("State").SelectOptionAsync("stopping");
        await page.GetByLabel("Process").SelectOptionAsync(new SelectOptionValue { Label = processName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No runs match these filters.")).ToBeVisibleAsync();
        Assert.Contains("state=stopping", page.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Workspace" }).GetByRole(AriaRole.Link, new() { Name = "Processes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = processName })).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "processes");
    }

    [Fact]
    public async Task ProcessApiAccess_GeneratesRotatesAndRevokesTheDeprecatedSecret()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"secret-robot-{Guid.NewGuid():N}"[..20], BrowserRobots.Slow());
        var process = await UiApi.NewProcessAsync(admin, ws, "Legacy integration", package);
        var page = await site.LoggedInPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await page.GotoAsync($"/workspaces/{ws}/processes/{process}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Process API access" }).ClickAsync();
        var note = page.GetByRole(AriaRole.Note);
        await Assertions.Expect(note).ToContainTextAsync("Deprecated");
        await Assertions.Expect(note.GetByRole(AriaRole.Link, new() { Name = "workspace API key" })).ToHaveAttributeAsync("href", $"/workspaces/{ws}/api-keys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate secret" }).ClickAsync();
        var secret = await page.GetByRole(AriaRole.Textbox, new() { Name = "Process secret" }).InputValueAsync();
        Assert.Matches("^hgp_", secret);
        Assert.DoesNotContain(secret, page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "process-api-access");

        // The secret starts the process on the legacy route.
        using var legacy = new HttpClient { BaseAddress = new Uri(site.Url) };
        async Task<HttpStatusCode> StartWithAsync(string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/workspace-v1/workspaces/{ws}/processes/{process}/runs")
            {
                Content = new StringContent("{\"invoice\": 7}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("robocloud-process-secret", value);
            using var response = await legacy.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await StartWithAsync(secret));
        await page.GotoAsync($"/workspaces/{ws}/processes/{process}/api-access");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Process secret" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Last used")).ToBeVisibleAsync();

        // Rotate: a new value, the old one refused.
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();
        var rotated = await page.GetByRole(AriaRole.Textbox, new() { Name = "Process secret" }).InputValueAsync();
        Assert.NotEqual(secret, rotated);
        Assert.NotEqual(HttpStatusCode.OK, await StartWithAsync(secret));

        // Revoke: nothing opens the route any more.
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("revoked");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Generate secret" })).ToBeVisibleAsync();
        Assert.NotEqual(HttpStatusCode.OK, await StartWithAsync(rotated));
    }

    [Fact]
    public async Task Upload_WithoutRobotYaml_ShowsWhyAndLeavesNoRobot()
    {
        var name = $"Broken robot {Guid.NewGuid():N}"[..20];
        var page = await site.LoggedInPageAsync();
        await page.GotoAsync($"/workspaces/{site.WorkspaceId}/robots");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Robot zip").SetInputFilesAsync(new FilePayload
        {
            Name = "broken.zip", MimeType = "application/zip", Buffer = BrowserRobots.WithoutRobotYaml(),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("no robot.yaml");
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(name);
        await BrowserSite.ScreenshotAsync(page, "robots-upload-refused");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToHaveCountAsync(0);

        using var admin = await site.AdminClientAsync();
        var robots = await UiApi.GetAsync(admin, $"/api/v1/workspaces/{site.WorkspaceId}/task-packages?limit=500");
        Assert.DoesNotContain(robots["data"]!.AsArray(), r => r!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task Upload_OfAZipLargerThanTheUsualRequestLimit_IsAccepted_AsANewVersion()
    {
        using var admin = await site.AdminClientAsync();
        var package = await UiApi.UploadRobotAsync(admin, site.WorkspaceId, $"large-robot-{Guid.NewGuid():N}"[..20], BrowserRobots.Slow());
        var zip = BrowserRobots.Large(6 * 1024 * 1024);
        var page = await site.LoggedInPageAsync();
        await page.GotoAsync($"/workspaces/{site.WorkspaceId}/robots/{package}");
        await page.GetByLabel("Robot zip").SetInputFilesAsync(new FilePayload { Name = "large.zip", MimeType = "application/zip", Buffer = zip });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload version" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Version 2");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "v2" })).ToContainTextAsync("6 MB");
    }

    [Fact]
    public async Task ProcessEditor_AddsMovesAndRemovesSteps_AndSavesTheName()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var robot = $"editor-robot-{Guid.NewGuid():N}"[..20];
        var package = await UiApi.UploadRobotAsync(admin, ws, robot, BrowserRobots.Slow());
        var process = await UiApi.NewProcessAsync(admin, ws, "Editor process", package);
        var page = await site.LoggedInPageAsync();

        await page.GotoAsync($"/workspaces/{ws}/processes/{process}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Robot and task")).ToHaveValueAsync($"{package}/Main");
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Add step" }).ClickAsync();
        var steps = page.GetByRole(AriaRole.Group).Filter(new() { HasText = "Robot and task" });
        await Assertions.Expect(steps).ToHaveCountAsync(2);
        await page.GetByLabel("Robot and task").Nth(1).SelectOptionAsync(new SelectOptionValue { Label = $"{robot} / Main" });
        await page.GetByLabel("Step name (optional)").Nth(1).FillAsync("Second pass");
        await page.GetByRole(AriaRole.Button, new() { Name = "Up (step 2)" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Step name (optional)").First).ToHaveValueAsync("Second pass");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Editor process renamed");
        await BrowserSite.ScreenshotAsync(page, "process-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Editor process renamed", Level = 1 })).ToBeVisibleAsync();
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Steps" }).GetByRole(AriaRole.Row);
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Second pass");

        // Remove the first step again; a step without a robot is refused with its number.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove step 1" }).ClickAsync();
        await Assertions.Expect(steps).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Add step" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Robot and task").Nth(1)).ToHaveValueAsync("");
        await page.EvaluateAsync("() => document.querySelectorAll('select[required]').forEach(s => s.removeAttribute('required'))");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Step 2: choose a robot and task.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove step 2" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(1)).Not.ToContainTextAsync("Second pass");
    }
}

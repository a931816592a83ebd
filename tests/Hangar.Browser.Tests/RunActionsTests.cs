using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>What operators do on a run's page: retry or settle failed work items, stop a run; and Run's payload check.</summary>
[Collection(SharedSite.Name)]
public sealed class RunActionsTests(BrowserSite site)
{
    [Fact]
    public async Task FailedItem_IsRetried_ThenMarkedAsDone_AndTheRunCompletes()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"failing-robot-{Guid.NewGuid():N}"[..20], BrowserRobots.Failing());
        var process = await UiApi.NewProcessAsync(admin, ws, "Failing items", package);
        var page = await site.LoggedInPageAsync();

        await page.GotoAsync($"/workspaces/{ws}/processes/{process}");
        await page.GetByLabel("Payload (JSON, optional)").FillAsync("{\"fail\": true, \"invoice\": 13}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/runs/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Log)).ToContainTextAsync("item failed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#run-state")).ToHaveTextAsync("unresolved", new() { Timeout = 30_000 });

        await page.ReloadAsync();
        var item = page.GetByRole(AriaRole.Table, new() { Name = "Work items" }).GetByRole(AriaRole.Row).Nth(1);
        await Assertions.Expect(item).ToContainTextAsync("failed");
        await Assertions.Expect(item).ToContainTextAsync("BUSINESS");
        await Assertions.Expect(item).ToContainTextAsync("BAD_DATA");
        await Assertions.Expect(item).ToContainTextAsync("Invoice rejected");
        await BrowserSite.ScreenshotAsync(page, "run-failed-item");

        // Retry: the item goes back to work in a new step run, which fails it again.
        await item.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("sent back to work");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Step runs" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#run-state")).ToHaveTextAsync("unresolved", new() { Timeout = 30_000 });

        // Mark as done settles the run.
        await page.ReloadAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Mark" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("marked as done");
        await Assertions.Expect(item).ToContainTextAsync("done");
        await Assertions.Expect(page.Locator("#run-state")).ToHaveTextAsync("completed");
        await Assertions.Expect(item.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LongRun_IsStoppedFromItsPage()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"long-robot-{Guid.NewGuid():N}"[..20], BrowserRobots.Lengthy());
        var process = await UiApi.NewProcessAsync(admin, ws, "Long process", package);
        var page = await site.LoggedInPageAsync();

        await page.GotoAsync($"/workspaces/{ws}/processes/{process}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/runs/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Log)).ToContainTextAsync("working 2", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#run-state")).ToHaveTextAsync("in_progress");

        await page.GetByRole(AriaRole.Link, new() { Name = "Stop" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Stop run #1");
        await page.GetByLabel("Reason (optional)").FillAsync("Stopped from the browser test");
        await BrowserSite.ScreenshotAsync(page, "run-stop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop run" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("stopping");
        await Assertions.Expect(page.Locator("#run-state")).ToHaveTextAsync("stopped", new() { Timeout = 30_000 });
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Definition).Filter(new() { HasText = "Stopped from the browser test" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Work items" })).ToContainTextAsync("run_stopped");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Stop" })).ToHaveCountAsync(0);
        var console = await page.GetByRole(AriaRole.Log).TextContentAsync();
        Assert.DoesNotContain("working 240", console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithInvalidJson_ShowsTheErrorNextToThePayload_AndStartsNothing()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"json-robot-{Guid.NewGuid():N}"[..20], BrowserRobots.Slow());
        var process = await UiApi.NewProcessAsync(admin, ws, "Strict payloads", package);
        var page = await site.LoggedInPageAsync();

        await page.GotoAsync($"/workspaces/{ws}/processes/{process}");
        var payload = page.GetByLabel("Payload (JSON, optional)");
        await payload.FillAsync("{\"invoice\": 42,");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid JSON");
        await Assertions.Expect(payload).ToHaveValueAsync("{\"invoice\": 42,");
        await Assertions.Expect(payload).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserSite.ScreenshotAsync(page, "process-run-invalid-json");
        var runs = await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}");
        Assert.Empty(runs["data"]!.AsArray());
    }
}

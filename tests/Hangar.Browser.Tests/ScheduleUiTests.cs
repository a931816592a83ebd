using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>A process's schedules on its page: add with a preview, disable and enable, edit, see the scheduled run, delete.</summary>
[Collection(SharedSite.Name)]
public sealed class ScheduleUiTests(BrowserSite site)
{
    [Fact]
    public async Task Schedules_AreAddedPreviewedToggledEditedAndDeleted_OnTheProcessPage()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"sched-robot-{Guid.NewGuid():N}"[..20], BrowserRobots.Slow());
        var process = await UiApi.NewProcessAsync(admin, ws, $"Scheduled {Guid.NewGuid():N}"[..20], package);
        var page = await site.LoggedInPageAsync();
        await page.GotoAsync($"/workspaces/{ws}/processes/{process}");
        var schedules = page.GetByRole(AriaRole.Region, new() { Name = "Schedules" });
        await Assertions.Expect(schedules).ToContainTextAsync("No schedules");

        // Add: a wrong expression is explained next to the form, then the preview shows the next times before saving.
        await schedules.GetByRole(AriaRole.Link, new() { Name = "Add schedule" }).ClickAsync();
        await page.GetByLabel("Cron expression").FillAsync("every morning");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'cron' has 2 field(s)");
        await page.GetByLabel("Cron expression").FillAsync("0 9 * * 1-5");
        await page.GetByLabel("Time zone").FillAsync("Europe/Berlin");
        await page.GetByLabel("Start one run for them").CheckAsync();
        await page.GetByLabel("Payload (JSON, optional)").FillAsync("{\"report\": \"daily\"}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview next times" }).ClickAsync();
        var preview = page.Locator("#schedule-preview li");
        await Assertions.Expect(preview).ToHaveCountAsync(5);
        foreach (var time in await preview.AllTextContentsAsync())
        {
            Assert.Contains(" 09:00", time, StringComparison.Ordinal);
            Assert.DoesNotContain("Sat ", time, StringComparison.Ordinal);
            Assert.DoesNotContain("Sun ", time, StringComparison.Ordinal);
        }

        Assert.Equal("Europe/Berlin", await page.GetByLabel("Time zone").InputValueAsync());
        var axe = await page.RunAxe();
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id));
        await BrowserSite.ScreenshotAsync(page, "schedule-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Schedule 0 9 * * 1-5 (Europe/Berlin) added.");
        var row = schedules.GetByRole(AriaRole.Row).Filter(new() { HasText = "0 9 * * 1-5" });
        await Assertions.Expect(row).ToContainTextAsync("Europe/Berlin");
        await Assertions.Expect(row).ToContainTextAsync("09:00");
        await Assertions.Expect(row).ToContainTextAsync("one run");
        await Assertions.Expect(row).ToContainTextAsync("enabled");
        var stored = await OnlyScheduleAsync(admin, ws, process);
        Assert.Equal(("once", "daily"), (stored["catch_up"]!.GetValue<string>(), stored["payload"]!["report"]!.GetValue<string>()));

        // Disable and enable again.
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("none while disabled");
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("disabled");
        Assert.False((await OnlyScheduleAsync(admin, ws, process))["enabled"]!.GetValue<bool>());
        await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("enabled");

        // Edit: every second, so that it fires while the test looks; its run shows as scheduled.
        await row.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        Assert.Equal("0 9 * * 1-5", await page.GetByLabel("Cron expression").InputValueAsync());
        Assert.Contains("\"report\": \"daily\"", await page.GetByLabel("Payload (JSON, optional)").InputValueAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Cron expression").FillAsync("* * * * * *");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("saved");
        var runId = await WaitForScheduledRunAsync(admin, ws, process);
        row = schedules.GetByRole(AriaRole.Row).Filter(new() { HasText = "* * * * * *" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("disabled");
        var runRow = page.GetByRole(AriaRole.Table, new() { Name = "Runs" }).Locator($"tr[data-run-id='{runId}']");
        await Assertions.Expect(runRow).ToContainTextAsync("* * * * * * (Europe/Berlin)");
        await Assertions.Expect(runRow).ToContainTextAsync("(scheduled)");
        await Assertions.Expect(row).Not.ToContainTextAsync("—");
        await BrowserSite.ScreenshotAsync(page, "process-schedules");

        // Delete, after asking.
        await row.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Delete schedule");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("deleted");
        await Assertions.Expect(schedules).ToContainTextAsync("No schedules");
        Assert.Empty((await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process}/schedules"))["data"]!.AsArray());
    }

    private static async Task<JsonNode> OnlyScheduleAsync(HttpClient admin, string ws, string process) =>
        Assert.Single((await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process}/schedules"))["data"]!.AsArray())!;

    /// <summary>Polls the API until the schedule has started a run (it fires every second), and returns that run's id.</summary>
    private static async Task<string> WaitForScheduledRunAsync(HttpClient admin, string ws, string process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var runs = (await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]!.AsArray();
            if (runs.FirstOrDefault(r => r!["started_by"]!["type"]!.GetValue<string>() == "schedule") is { } run)
            {
                return run["id"]!.GetValue<string>();
            }

            Assert.True(DateTime.UtcNow < deadline, "The schedule started no run within 30 s.");
            await Task.Delay(100);
        }
    }
}

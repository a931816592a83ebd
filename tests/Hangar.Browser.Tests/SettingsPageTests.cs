using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>The Settings tab: how long finished runs are kept, and the space the workspace uses.</summary>
[Collection(SharedSite.Name)]
public sealed class SettingsPageTests(BrowserSite site)
{
    [Fact]
    public async Task Admin_SeesTheSpaceUsed_AndChangesHowLongFinishedRunsAreKept()
    {
        using var admin = await site.AdminClientAsync();
        var ws = (await UiApi.PostAsync(admin, "/api/v1/workspaces", new { name = $"settings-{Guid.NewGuid():N}"[..20] }))["id"]!.GetValue<string>();
        var zip = BrowserRobots.Slow();
        await UiApi.UploadRobotAsync(admin, ws, "settings-robot", zip);

        var page = await site.SignInAsync($"/workspaces/{ws}/settings");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        var usage = page.GetByRole(AriaRole.Table, new() { Name = "Space used" });
        var robots = usage.GetByRole(AriaRole.Row).Filter(new() { HasText = "Robot versions" });
        await Assertions.Expect(robots.GetByRole(AriaRole.Cell).Nth(0)).ToHaveTextAsync("1");
        await Assertions.Expect(robots.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync(Size(zip.Length));
        await Assertions.Expect(usage.GetByRole(AriaRole.Row).Filter(new() { HasText = "Process runs" })).ToContainTextAsync("0");
        await Assertions.Expect(page.GetByTestId("retention-now")).ToHaveTextAsync("90 days");

        await page.GetByLabel("Keep finished runs for (days)").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("kept for 30 days");
        await Assertions.Expect(page.GetByTestId("retention-now")).ToHaveTextAsync("30 days");
        await Assertions.Expect(page.GetByLabel("Keep finished runs for (days)")).ToHaveValueAsync("30");
        await BrowserSite.ScreenshotAsync(page, "settings");

        await page.GetByLabel("Keep finished runs forever").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("kept forever");
        await Assertions.Expect(page.GetByTestId("retention-now")).ToHaveTextAsync("forever");
        Assert.Null((await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/settings"))["run_retention_days"]);

        // The server refuses what the browser's own checks would have stopped.
        await page.GetByLabel("Keep finished runs forever").UncheckAsync();
        var days = page.GetByLabel("Keep finished runs for (days)");
        await days.EvaluateAsync("e => e.removeAttribute('min')");
        await days.FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("from 1 to 3650");
        await Assertions.Expect(page.GetByTestId("retention-now")).ToHaveTextAsync("forever");
    }

    [Fact]
    public async Task Developer_SeesTheSettingsReadOnly_AndCannotChangeThem()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var username = await BrowserUsers.NewAsync(admin, "settings", ws, "developer");
        var page = await site.SignInAsync($"/workspaces/{ws}/settings", username, BrowserUsers.Password);
        await Assertions.Expect(page.GetByText("Only workspace admins")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Space used" })).ToBeVisibleAsync();

        // The form the page leaves out, posted anyway with the session's valid antiforgery token: refused, nothing changes.
        var before = (await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/settings"))["run_retention_days"]?.GetValue<int>();
        var token = await page.Locator("input[name=__csrf]").First.GetAttributeAsync("value");
        var form = page.APIRequest.CreateFormData();
        form.Append("__csrf", token!);
        form.Append("RetentionDays", "1");
        var refused = await page.APIRequest.PostAsync($"/workspaces/{ws}/settings?handler=Retention", new() { Form = form });
        Assert.Equal(403, refused.Status);
        Assert.Equal(before, (await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/settings"))["run_retention_days"]?.GetValue<int>());
    }

    /// <summary>As the page writes sizes (UiFormat.Size).</summary>
    private static string Size(long bytes) => bytes < 1024
        ? $"{bytes} B"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB");
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>The API tab clicked through as a workspace admin and as a viewer, with the key then used over HTTP.</summary>
[Collection(SharedSite.Name)]
public sealed class ApiKeyTabTests(BrowserSite site)
{
    [Fact]
    public async Task Admin_AddsViewsUsesEditsAndDeletesAKey()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, "key-flow-robot", BrowserRobots.Slow());
        var process = await UiApi.NewProcessAsync(admin, ws, "Key flow process", package);

        var page = await site.LoggedInPageAsync();
        await page.GotoAsync("/workspaces");
        await page.GetByRole(AriaRole.Link, new() { Name = "Default", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Workspace" }).GetByRole(AriaRole.Link, new() { Name = "API" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(ws).First).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "api-tab");

        // Add: a name and two permissions.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Billing system");
        await Permission(page, "Processes.trigger_processes").CheckAsync();
        await Permission(page, "Processes.read_runs").CheckAsync();
        await BrowserSite.ScreenshotAsync(page, "api-tab-add");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var created = await page.GetByRole(AriaRole.Textbox, new() { Name = "API key" }).InputValueAsync();
        Assert.Matches("^hgk_[A-Za-z0-9]{40}$", created);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Billing system" });
        await Assertions.Expect(row.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Processes.read_runs", "Processes.trigger_processes"]);
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("Never");
        await BrowserSite.ScreenshotAsync(page, "api-tab-created");

        // View shows the same value again.
        await page.GotoAsync($"/workspaces/{ws}/api-keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "API key" })).ToHaveCountAsync(0);
        await row.GetByRole(AriaRole.Button, new() { Name = "View" }).ClickAsync();
        Assert.Equal(created, await page.GetByRole(AriaRole.Textbox, new() { Name = "API key" }).InputValueAsync());
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true })).ToBeVisibleAsync();
        Assert.DoesNotContain(created, page.Url, StringComparison.Ordinal);

        // The value starts a run from a plain HTTP client, and the listing counts the use.
        using (var client = site.KeyClient(created))
        {
            var started = await UiApi.PostAsync(client, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
                new { type = "with_payloads", payloads = new[] { new { invoice = 42 } } });
            Assert.True(started["started"]!.GetValue<bool>());
        }

        await page.GotoAsync($"/workspaces/{ws}/api-keys");
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("1");
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(1)).Not.ToHaveTextAsync("Never");

        // More actions → Edit: read_runs is taken away, read_work_items given.
        await row.GetByRole(AriaRole.Button, new() { Name = "More actions" }).ClickAsync();
        await row.GetByRole(AriaRole.Menuitem, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Billing system");
        await Permission(page, "Processes.read_runs").UncheckAsync();
        await Permission(page, "Processes.read_work_items").CheckAsync();
        await BrowserSite.ScreenshotAsync(page, "api-tab-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("saved");
        await Assertions.Expect(row.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Processes.trigger_processes", "Processes.read_work_items"]);
        using (var client = site.KeyClient(created))
        {
            using var runs = await client.GetAsync($"/api/v1/workspaces/{ws}/process-runs");
            Assert.Equal(HttpStatusCode.Forbidden, runs.StatusCode);
        }

        // More actions → Delete asks first; afterwards the key is refused.
        await row.GetByRole(AriaRole.Button, new() { Name = "More actions" }).ClickAsync();
        await row.GetByRole(AriaRole.Menuitem, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delete API key “Billing system”?" })).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "api-tab-delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Billing system" })).ToHaveCountAsync(0);
        using (var client = site.KeyClient(created))
        {
            using var refused = await client.GetAsync($"/api/v1/workspaces/{ws}/processes");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    [Fact]
    public async Task Add_WithoutPermissions_ShowsTheErrorAndKeepsTheName()
    {
        var page = await site.LoggedInPageAsync();
        await page.GotoAsync($"/workspaces/{site.WorkspaceId}/api-keys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("No permissions");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at least one permission");
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("No permissions");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "No permissions" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Viewer_SeesTheTabReadOnly()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        await UiApi.PostAsync(admin, $"/api/v1/workspaces/{ws}/api-keys", new { name = "Existing key", permissions = new[] { "Processes.read_processes" } });
        var username = $"viewer{Guid.NewGuid():N}"[..14];
        var user = await UiApi.PostAsync(admin, "/api/v1/users", new { username, password = "viewer-password-1" });
        using (var put = await admin.PutAsJsonAsync($"/api/v1/workspaces/{ws}/members/{user["id"]!.GetValue<string>()}", new { role = "viewer" }))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var page = await site.LoggedInPageAsync(username, "viewer-password-1");
        await page.GotoAsync($"/workspaces/{ws}/api-keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Existing key" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "View" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "More actions" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Only workspace admins")).ToBeVisibleAsync();

        // Going to the edit page directly is refused too.
        var keyId = await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Existing key" }).GetAttributeAsync("data-key-id");
        var response = await page.GotoAsync($"/workspaces/{ws}/api-keys/{keyId}/edit");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Only workspace admins");
    }

    /// <summary>A permission's checkbox: its accessible name starts with the permission and goes on with its description
    /// (which may name another permission, so a plain name match could find two).</summary>
    private static ILocator Permission(IPage page, string permission) =>
        page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(permission)}( |$)") });
}

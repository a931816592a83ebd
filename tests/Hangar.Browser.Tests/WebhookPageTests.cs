using System.Security.Cryptography;
using System.Text;
using Hangar.TestSupport;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>
/// The Webhooks tab: add a webhook (its secret shown once), send a test event that a real receiver checks, read the
/// delivery log, resend, edit and delete.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class WebhookPageTests(BrowserSite site)
{
    [Fact]
    public async Task Admin_AddsAWebhook_SendsATestEvent_ResendsIt_EditsAndDeletesIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = site.WorkspaceId;
        var name = $"Billing-{Guid.NewGuid():N}"[..16];
        var page = await site.SignInAsync($"/workspaces/{ws}/webhooks");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" })).ToHaveAttributeAsync("aria-current", "page");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Endpoint URL").FillAsync(receiver.Url());
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "process_run.stopped" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Webhook “{name}” created" })).ToBeVisibleAsync();
        var secret = await page.GetByLabel("Signing secret").InputValueAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("process_run.stopped");
        await BrowserSite.ScreenshotAsync(page, "webhooks");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the webhook" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        // Shown once: the webhook's own page has only the secret's first characters.
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Test event sent");
        var test = (await receiver.WaitForAsync(r => r.Event == "webhook.test"))[0];
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), test.Body)), test.Signature);

        // The log shows the attempt once the answer is recorded.
        var log = page.GetByRole(AriaRole.Table, new() { Name = "Delivery log" });
        await ReloadUntilAsync(page, log.GetByRole(AriaRole.Row).Filter(new() { HasText = "webhook.test" }).Filter(new() { HasText = "200" }));
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Deliveries" })).ToContainTextAsync("delivered");
        await BrowserSite.ScreenshotAsync(page, "webhook-detail");

        await page.GetByRole(AriaRole.Table, new() { Name = "Deliveries" }).GetByRole(AriaRole.Button).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("sent again");
        var both = await receiver.WaitForAsync(r => r.Event == "webhook.test", count: 2);
        Assert.Equal(both[0].Body, both[1].Body);

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name + " v2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("saved");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name + " v2", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Delete webhook “{name} v2”?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AViewer_SeesWebhooks_WithoutTheButtonsToChangeThem()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var name = $"Seen-{Guid.NewGuid():N}"[..14];
        var created = await UiApi.PostAsync(admin, $"/api/v1/workspaces/{ws}/webhooks",
            new { name, endpoint = "http://127.0.0.1:9/hook", enabled_events = new[] { "process_run.completed" } });
        var viewer = await BrowserUsers.NewAsync(admin, "hookviewer", ws, "viewer");
        var page = await site.SignInAsync($"/workspaces/{ws}/webhooks", viewer, BrowserUsers.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send test event" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Delete" })).ToHaveCountAsync(0);
        await UiApi.DeleteAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{created["id"]!.GetValue<string>()}");
    }

    /// <summary>Reloads the page until <paramref name="locator"/> is there (the sender records attempts a moment after they happen).</summary>
    private static async Task ReloadUntilAsync(IPage page, ILocator locator)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await locator.CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The delivery log did not show the attempt.");
            await Task.Delay(100);
            await page.ReloadAsync();
        }
    }
}

using System.Text;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>The Assets tab: upload a file, download it through its signed URL, add JSON, delete after asking.</summary>
[Collection(SharedSite.Name)]
public sealed class AssetPageTests(BrowserSite site)
{
    [Fact]
    public async Task Admin_UploadsDownloadsAndDeletesAnAsset()
    {
        var ws = site.WorkspaceId;
        var name = $"customers-{Guid.NewGuid():N}"[..18];
        var content = "id,name\n1,Ada\n2,Grace\n";
        var page = await site.SignInAsync($"/workspaces/{ws}/assets");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Radio, new() { Name = "A file" }).CheckAsync();
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "customers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(content),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add asset" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Asset “{name}” created.");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("text/csv");
        await Assertions.Expect(row).ToContainTextAsync($"{content.Length} B");

        // JSON text is checked, then stored as application/json.
        var config = $"config-{Guid.NewGuid():N}"[..16];
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(config);
        await page.GetByRole(AriaRole.Radio, new() { Name = "JSON" }).CheckAsync();
        await page.GetByLabel("Text or JSON").FillAsync("""{"retries": 3}""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add asset" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = config })).ToContainTextAsync("application/json");
        await BrowserSite.ScreenshotAsync(page, "assets");

        // Download goes through the signed URL the service hands out, as a file.
        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = $"Download {name}" }).ClickAsync());
        await using (var stream = await download.CreateReadStreamAsync())
        using (var reader = new StreamReader(stream))
        {
            Assert.Equal(content, await reader.ReadToEndAsync());
        }

        Assert.Contains("/blobs/download", download.Url, StringComparison.Ordinal);

        // Delete asks first.
        await row.GetByRole(AriaRole.Link, new() { Name = $"Delete {name}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Delete asset “{name}”?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
        await Assertions.Expect(row).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task BrokenJson_IsRefused_AndNothingIsCreated()
    {
        var name = $"broken-{Guid.NewGuid():N}"[..16];
        var page = await site.SignInAsync($"/workspaces/{site.WorkspaceId}/assets");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Radio, new() { Name = "JSON" }).CheckAsync();
        await page.GetByLabel("Text or JSON").FillAsync("{not json");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add asset" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid JSON");
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(name);
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Viewer_DownloadsButCannotAddOrDelete()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var name = $"shared-{Guid.NewGuid():N}"[..16];
        var asset = (await UiApi.PostAsync(admin, $"/api/v1/workspaces/{ws}/assets", new { name }))["id"]!.GetValue<string>();
        await UiApi.PostAsync(admin, $"/api/v1/workspaces/{ws}/assets/{asset}/uploads",
            new { content_type = "text/plain", data = Convert.ToBase64String("hello"u8.ToArray()) });
        var viewer = await BrowserUsers.NewAsync(admin, "assetviewer", ws, "viewer");

        var page = await site.SignInAsync($"/workspaces/{ws}/assets", viewer, BrowserUsers.Password);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = $"Download {name}" })).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = $"Delete {name}" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add asset" })).ToHaveCountAsync(0);
        var refused = await page.GotoAsync($"/workspaces/{ws}/assets/{asset}/delete");
        Assert.Equal(403, refused!.Status);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>The Workers tab and a worker group's page, clicked through as an admin and as a viewer.</summary>
[Collection(SharedSite.Name)]
public sealed partial class WorkerPagesTests(BrowserSite site)
{
    [Fact]
    public async Task Admin_CreatesAGroupAndALinkToken_LinksAWorkerWithIt_AndCleansUp()
    {
        var ws = site.WorkspaceId;
        var page = await site.SignInAsync($"/workspaces/{ws}/workers");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workers", Level = 1 })).ToBeVisibleAsync();
        // The embedded worker of 'hangar serve' is listed with its state.
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Workers" }).GetByText(StateText()).First).ToBeVisibleAsync();

        // A single-use token for one machine, with the command that uses it.
        await page.GetByLabel("Expires in").SelectOptionAsync("7 days");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create link token" }).ClickAsync();
        var single = await page.GetByRole(AriaRole.Textbox, new() { Name = "Link token" }).InputValueAsync();
        Assert.Matches("^hgl_", single);
        var command = await page.GetByRole(AriaRole.Textbox, new() { Name = "Run on the worker machine" }).InputValueAsync();
        Assert.StartsWith($"hangar worker link {single} --name ", command, StringComparison.Ordinal);
        Assert.EndsWith($"--server {site.Url}", command, StringComparison.Ordinal);
        Assert.DoesNotContain(single, page.Url, StringComparison.Ordinal);
        // This server's public URL is a loopback address: the page says a second machine cannot use it, and how to change it.
        var loopback = page.GetByRole(AriaRole.Note).Filter(new() { HasText = "Only this machine can reach" });
        await Assertions.Expect(loopback).ToContainTextAsync(site.Url);
        await Assertions.Expect(loopback).ToContainTextAsync($"hangar serve --urls http://0.0.0.0:{new Uri(site.Url).Port} --public-url http://");
        await Assertions.Expect(loopback).ToContainTextAsync("docs/workers.md");
        await BrowserSite.ScreenshotAsync(page, "workers");

        // A group, and a reusable token of the group.
        var groupName = $"Build farm {Guid.NewGuid():N}"[..20];
        await page.GetByLabel("New group name").FillAsync(groupName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = groupName, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("created");
        await Assertions.Expect(page.GetByText("No workers in this group yet.")).ToBeVisibleAsync();
        var groupUrl = page.Url;

        await page.GetByLabel("Token name").FillAsync("Farm token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create link token" }).ClickAsync();
        var token = await page.GetByRole(AriaRole.Textbox, new() { Name = "Link token" }).InputValueAsync();
        Assert.Matches("^hgl_", token);
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Run on the worker machine" }))
            .ToHaveValueAsync(new Regex($"^hangar worker link {token} --name .* --server {Regex.Escape(site.Url)}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Farm token" })).ToContainTextAsync("Never");
        await BrowserSite.ScreenshotAsync(page, "worker-group");

        // A machine links with it, as 'hangar worker link' does, and shows up in the group.
        using (var anonymous = new HttpClient { BaseAddress = new Uri(site.Url) })
        {
            await UiApi.PostAsync(anonymous, "/worker-v1/link", new { link_token = token, name = "farm-machine-1" });
        }

        await page.GotoAsync(groupUrl);
        var member = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "farm-machine-1" });
        await Assertions.Expect(member).ToContainTextAsync("offline");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Link token" })).ToHaveCountAsync(0);

        // Taking it out asks first.
        await member.GetByRole(AriaRole.Link, new() { Name = "Take out farm-machine-1 from the group" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("Take “farm-machine-1” out of this group?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Take out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("taken out");
        await Assertions.Expect(member).ToHaveCountAsync(0);

        // Deleting the token asks first too.
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete link token Farm token" }).ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
        await Assertions.Expect(page.GetByText("No link tokens for this group.")).ToBeVisibleAsync();

        // The linked worker is on the Workers tab; renaming it and removing it go through their own pages.
        await page.GotoAsync($"/workspaces/{ws}/workers");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "farm-machine-1" });
        await row.GetByRole(AriaRole.Button, new() { Name = "More actions" }).ClickAsync();
        await row.GetByRole(AriaRole.Menuitem, new() { Name = "Rename" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("farm-machine-one");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "farm-machine-one" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Button, new() { Name = "More actions" }).ClickAsync();
        await row.GetByRole(AriaRole.Menuitem, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Remove worker “farm-machine-one”?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("removed");
        await Assertions.Expect(row).ToHaveCountAsync(0);

        // And the group goes, after its own question.
        await page.GotoAsync(groupUrl + "/delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = groupName })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task EmptyGroupName_IsRefusedNextToTheForm()
    {
        var page = await site.SignInAsync($"/workspaces/{site.WorkspaceId}/workers");
        await page.GetByLabel("New group name").FillAsync("   ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("name");
        Assert.Contains("/workers", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_SeesWorkersAndGroupsReadOnly()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var group = (await UiApi.PostAsync(admin, $"/api/v1/workspaces/{ws}/worker-groups", new { name = "Viewer's group" }))["id"]!.GetValue<string>();
        var viewer = await BrowserUsers.NewAsync(admin, "viewer", ws, "viewer");

        var page = await site.SignInAsync($"/workspaces/{ws}/workers", viewer, BrowserUsers.Password);
        await Assertions.Expect(page.GetByText("Your role can see workers but not link, rename or remove them.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create link token" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create group" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "More actions" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Viewer's group" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Viewer's group", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create link token" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Delete group" })).ToHaveCountAsync(0);

        var refused = await page.GotoAsync($"/workspaces/{ws}/worker-groups/{group}/delete");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Workers.write_workers");
    }

    [Fact]
    public async Task Operator_IsToldWhyOnlyAdminsLinkWorkers()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var group = (await UiApi.PostAsync(admin, $"/api/v1/workspaces/{ws}/worker-groups", new { name = "Operator's group" }))["id"]!.GetValue<string>();
        var op = await BrowserUsers.NewAsync(admin, "operator", ws, "operator");

        var page = await site.SignInAsync($"/workspaces/{ws}/workers", op, BrowserUsers.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create link token" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#link-vault-note")).ToContainTextAsync("Only workspace admins can link workers");
        // Operators still create groups.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create group" })).ToBeVisibleAsync();

        await page.GotoAsync($"/workspaces/{ws}/worker-groups/{group}");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create link token" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#link-vault-note")).ToContainTextAsync("vault values");

        // The admin is told what a link token gives away.
        var adminPage = await site.SignInAsync($"/workspaces/{ws}/workers");
        await Assertions.Expect(adminPage.Locator("#link-vault-note")).ToContainTextAsync("reads its vault values");
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Button, new() { Name = "Create link token" })).ToBeVisibleAsync();
    }

    [GeneratedRegex("^(idle|busy|offline)$")]
    private static partial Regex StateText();
}

using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>The Members and Audit log tabs: adding a member and changing their role, and finding that in the audit log.</summary>
[Collection(SharedSite.Name)]
public sealed class MemberAndAuditPageTests(BrowserSite site)
{
    [Fact]
    public async Task Admin_AddsAMember_ChangesTheirRole_RemovesThem_AndTheAuditLogShowsIt()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var username = await BrowserUsers.NewAsync(admin, "member");

        var page = await site.SignInAsync($"/workspaces/{ws}/members");
        await page.GetByLabel("Username").FillAsync(username.ToUpperInvariant());
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("developer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{username} is now a member with the role developer.");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = username });
        var role = row.GetByLabel($"Role of {username}", new() { Exact = true });
        await Assertions.Expect(role).ToHaveValueAsync("developer");
        await BrowserSite.ScreenshotAsync(page, "members");

        await role.SelectOptionAsync("operator");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Change role of {username}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("operator");
        await Assertions.Expect(role).ToHaveValueAsync("operator");

        // The member now opens the workspace with the operator's rights: the audit log is not theirs.
        var member = await site.SignInAsync("/profile", username, BrowserUsers.Password);
        var refused = await member.GotoAsync($"/workspaces/{ws}/audit");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(member.GetByRole(AriaRole.Alert)).ToContainTextAsync("Audit.read_audit_events");

        // The admin sees both changes in the audit log, newest first, and can keep only role changes.
        await page.GotoAsync($"/workspaces/{ws}/audit");
        var events = page.GetByRole(AriaRole.Table, new() { Name = "Audit events" }).GetByRole(AriaRole.Row);
        await Assertions.Expect(events.Nth(1)).ToContainTextAsync("workspace.member_role_changed");
        await Assertions.Expect(events.Nth(1)).ToContainTextAsync($"{username}: operator");
        await Assertions.Expect(events.Nth(1)).ToContainTextAsync("admin");
        await Assertions.Expect(events.Filter(new() { HasText = $"{username}: developer" })).ToHaveCountAsync(1);
        await BrowserSite.ScreenshotAsync(page, "audit");
        await page.GetByLabel("Action").SelectOptionAsync("workspace.member_role_changed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        Assert.Contains("action=workspace.member_role_changed", page.Url, StringComparison.Ordinal);
        var actions = await page.GetByRole(AriaRole.Table, new() { Name = "Audit events" }).Locator("tbody code").AllTextContentsAsync();
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.Equal("workspace.member_role_changed", a));

        // Removing asks first.
        await page.GotoAsync($"/workspaces/{ws}/members");
        await row.GetByRole(AriaRole.Link, new() { Name = $"Remove {username}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Remove {username} from this workspace?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("removed");
        await Assertions.Expect(row).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task UnknownUsername_IsRefusedNextToTheForm()
    {
        var page = await site.SignInAsync($"/workspaces/{site.WorkspaceId}/members");
        await page.GetByLabel("Username").FillAsync("nobody-by-this-name");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is no user “nobody-by-this-name”");
        await Assertions.Expect(page.GetByLabel("Username")).ToHaveValueAsync("nobody-by-this-name");
    }

    [Fact]
    public async Task Developer_SeesMembersReadOnly()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var username = await BrowserUsers.NewAsync(admin, "dev", ws, "developer");
        var page = await site.SignInAsync($"/workspaces/{ws}/members", username, BrowserUsers.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = username })).ToContainTextAsync("developer");
        await Assertions.Expect(page.GetByText("Only workspace admins can add members")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox)).ToHaveCountAsync(0);
    }
}

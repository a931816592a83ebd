using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>An owner sets a new password for a user who forgot theirs.</summary>
[Collection(SharedSite.Name)]
public sealed class UserPasswordPageTests(BrowserSite site)
{
    [Fact]
    public async Task Owner_SetsAUsersPassword_TheirSessionEnds_AndTheNewOneWorks()
    {
        using var admin = await site.AdminClientAsync();
        var username = await BrowserUsers.NewAsync(admin, "forgetful");
        var user = await site.SignInAsync("/profile", username, BrowserUsers.Password);

        var page = await site.SignInAsync("/users");
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Users", Exact = true }).GetByRole(AriaRole.Row).Filter(new() { HasText = username });
        await row.GetByRole(AriaRole.Link, new() { Name = $"Set password of {username}" }).ClickAsync();
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a-new-password-123");
        await page.GetByLabel("New password again").FillAsync("a-different-one-123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not the same");
        await BrowserSite.ScreenshotAsync(page, "user-set-password");

        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a-new-password-123");
        await page.GetByLabel("New password again").FillAsync("a-new-password-123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"New password set for “{username}”");

        // Their open session ended; the old password no longer works, the new one does.
        await user.GotoAsync("/profile");
        Assert.Contains("/login", user.Url, StringComparison.Ordinal);
        await user.GetByLabel("Username").FillAsync(username);
        await user.GetByLabel("Password", new() { Exact = true }).FillAsync(BrowserUsers.Password);
        await user.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(user.GetByRole(AriaRole.Alert)).ToContainTextAsync("not correct");
        await user.GetByLabel("Password", new() { Exact = true }).FillAsync("a-new-password-123");
        await user.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await user.WaitForURLAsync("**/profile");
    }
}

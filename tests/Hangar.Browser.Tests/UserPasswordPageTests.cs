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

    [Fact]
    public async Task PasswordForms_SayWhyAPasswordIsRefused()
    {
        using var admin = await site.AdminClientAsync();
        var username = await BrowserUsers.NewAsync(admin, "weakling");

        // Their own profile: a common password, then one with their name in it.
        var user = await site.SignInAsync("/profile", username, BrowserUsers.Password);
        var form = user.Locator("form").Filter(new() { Has = user.GetByRole(AriaRole.Button, new() { Name = "Change password" }) });
        foreach (var (password, reason) in new[] { ("qwerty123456", "most common passwords"), ($"{username}-rocks", "must not contain the username") })
        {
            await user.GetByLabel("Current password").FillAsync(BrowserUsers.Password);
            await user.GetByLabel("New password", new() { Exact = true }).FillAsync(password);
            await user.GetByLabel("New password again").FillAsync(password);
            await user.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
            await Assertions.Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync(reason);
        }

        // The owner's "Set password" page, and the "Create a user" form.
        var page = await site.SignInAsync("/users");
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Users", Exact = true }).GetByRole(AriaRole.Row).Filter(new() { HasText = username });
        await row.GetByRole(AriaRole.Link, new() { Name = $"Set password of {username}" }).ClickAsync();
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("short-one");
        await page.GetByLabel("New password again").FillAsync("short-one");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at least 12 characters");

        await page.GotoAsync("/users");
        await page.GetByLabel("Username").FillAsync("fresh" + username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("password1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("most common passwords");

        // Nothing changed: the user still signs in with the old password.
        var again = await site.SignInAsync("/profile", username, BrowserUsers.Password);
        await Assertions.Expect(again.GetByRole(AriaRole.Heading, new() { Name = "Your profile" })).ToBeVisibleAsync();
    }
}

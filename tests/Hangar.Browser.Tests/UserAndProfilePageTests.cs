using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>The Users page (organization owners) and the Profile page (everyone), clicked through.</summary>
[Collection(SharedSite.Name)]
public sealed partial class UserAndProfilePageTests(BrowserSite site)
{
    [Fact]
    public async Task Owner_CreatesAUserWhoLogsIn_ThenDisablesAndEnablesThem()
    {
        var username = $"newcomer{Guid.NewGuid():N}"[..16];
        var page = await site.SignInAsync("/profile");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Display name (optional)").FillAsync("New Comer");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at least 12 characters");
        await Assertions.Expect(page.GetByLabel("Username")).ToHaveValueAsync(username);

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(BrowserUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"User “{username}” created.");
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Users", Exact = true }).GetByRole(AriaRole.Row).Filter(new() { HasText = username });
        await Assertions.Expect(row).ToContainTextAsync("active");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Organization Default" })).ToContainTextAsync(username);
        await BrowserSite.ScreenshotAsync(page, "users");

        // The new user signs in; the Users page tells them it is for owners.
        var newcomer = await site.SignInAsync("/users", username, BrowserUsers.Password);
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Alert)).ToContainTextAsync("Only owners of an organization");
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Button, new() { Name = "Create user" })).ToHaveCountAsync(0);
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Users" }))
            .ToHaveCountAsync(0);

        // Disabling asks first, ends their session and stops sign-in; enabling lets them in again.
        await row.GetByRole(AriaRole.Link, new() { Name = $"Disable {username}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync($"Disable “{username}”?");
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("disabled");
        await newcomer.GotoAsync("/profile");
        Assert.Contains("/login", newcomer.Url, StringComparison.Ordinal);
        await newcomer.GetByLabel("Username").FillAsync(username);
        await newcomer.GetByLabel("Password", new() { Exact = true }).FillAsync(BrowserUsers.Password);
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Alert)).ToContainTextAsync("not correct");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Enable {username}" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("active");
        await site.SignInAsync("/profile", username, BrowserUsers.Password);
    }

    [Fact]
    public async Task User_ChangesTheirPassword_AndManagesAccessCredentials()
    {
        using var admin = await site.AdminClientAsync();
        var username = await BrowserUsers.NewAsync(admin, "profile");
        var page = await site.SignInAsync("/workspaces", username, BrowserUsers.Password);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = username }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your profile" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(username, new() { Exact = true }).First).ToBeVisibleAsync();

        // A wrong current password is refused next to the form.
        await page.GetByLabel("Current password").FillAsync("not-my-password-at-all");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a-brand-new-password-1");
        await page.GetByLabel("New password again").FillAsync("a-brand-new-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("current password is incorrect");

        await page.GetByLabel("Current password").FillAsync(BrowserUsers.Password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a-brand-new-password-1");
        await page.GetByLabel("New password again").FillAsync("a-brand-new-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Password changed");
        Assert.EndsWith("/profile", page.Url, StringComparison.Ordinal);
        await site.SignInAsync("/profile", username, "a-brand-new-password-1");

        // An access credential: shown once with the rcc command, then only listed.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("rcc on my laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create access credential" }).ClickAsync();
        var credential = await page.GetByRole(AriaRole.Textbox, new() { Name = "Access credential" }).InputValueAsync();
        Assert.Matches(CredentialShape(), credential);
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Give it to rcc" }))
            .ToHaveValueAsync($"rcc configure credentials {credential} --endpoint {site.Url}");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).First).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "profile");

        await page.GotoAsync("/profile");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Access credential" })).ToHaveCountAsync(0);
        Assert.DoesNotContain(credential.Split(':')[1], await page.ContentAsync(), StringComparison.Ordinal);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "rcc on my laptop" });
        await Assertions.Expect(row).ToContainTextAsync(credential.Split(':')[0]);
        await Assertions.Expect(row).ToContainTextAsync("Never");

        await row.GetByRole(AriaRole.Link, new() { Name = "Delete rcc on my laptop" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delete access credential “rcc on my laptop”?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("No access credentials yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnotherUsersCredential_IsNotFound()
    {
        using var admin = await site.AdminClientAsync();
        var created = await UiApi.PostAsync(admin, "/api/v1/users/me/access-credentials", new { name = "admin's own" });
        var username = await BrowserUsers.NewAsync(admin, "snoop");
        var page = await site.SignInAsync("/profile", username, BrowserUsers.Password);
        var response = await page.GotoAsync($"/profile/access-credentials/{created["id"]!.GetValue<string>()}/delete");
        Assert.Equal(404, response!.Status);
    }

    [GeneratedRegex("^hgc_[A-Za-z0-9]+:[A-Za-z0-9]+$")]
    private static partial Regex CredentialShape();
}

using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>People the admin-page tests sign in as: fresh users of the default organization, with a workspace role or none.</summary>
public static class BrowserUsers
{
    public const string Password = "browser-user-password-1";

    /// <summary>
    /// Signs in through the sign-in page straight to <paramref name="returnUrl"/>, so that a test does not depend on
    /// the page a workspace opens on.
    /// </summary>
    public static async Task<IPage> SignInAsync(this BrowserSite site, string returnUrl, string username = "admin", string password = BrowserSite.AdminPassword)
    {
        ArgumentNullException.ThrowIfNull(site);
        var page = await site.NewPageAsync();
        await page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == returnUrl);
        }
        catch (TimeoutException ex)
        {
            // Say where the sign-in ended up and what the page said, so that a failure names its cause.
            var said = await page.GetByRole(AriaRole.Alert).AllInnerTextsAsync();
            throw new TimeoutException($"Signing in as {username} did not reach {returnUrl}: the page is {page.Url} and says '{string.Join(" ", said)}'.", ex);
        }

        return page;
    }

    /// <summary>Creates a user (and makes them a member of <paramref name="ws"/> with <paramref name="role"/> when given); returns the username.</summary>
    public static async Task<string> NewAsync(HttpClient admin, string prefix, string? ws = null, string? role = null)
    {
        var username = $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 10, 64)];
        var user = await UiApi.PostAsync(admin, "/api/v1/users", new { username, password = Password });
        if (ws is not null && role is not null)
        {
            using var put = await admin.PutAsJsonAsync($"/api/v1/workspaces/{ws}/members/{user["id"]!.GetValue<string>()}", new { role });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        return username;
    }
}

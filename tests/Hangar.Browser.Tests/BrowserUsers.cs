using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>People the admin-page tests sign in as: fresh users of the default organization, with a workspace role or none.</summary>
public static class BrowserUsers
{
    public const string Password = "browser-user-password-1";

    /// <summary>
    /// How long a sign-in may take before it counts as failed. Generous on purpose: the password hash is slow by design,
    /// and on a loaded 2-core machine a sign-in has taken over 15 s. A refused sign-in does not wait for it: the page's
    /// alert ends the wait at once.
    /// </summary>
    public const float SignInTimeoutMs = 120_000;

    /// <summary>
    /// Signs in through the sign-in page straight to <paramref name="returnUrl"/>, so that a test does not depend on
    /// the page a workspace opens on.
    /// </summary>
    public static async Task<IPage> SignInAsync(this BrowserSite site, string returnUrl, string username = "admin", string password = BrowserSite.AdminPassword)
    {
        ArgumentNullException.ThrowIfNull(site);
        var page = await site.NewPageAsync();
        await page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await SubmitSignInAsync(page, username, password, url => new Uri(url).PathAndQuery == returnUrl, returnUrl);
        return page;
    }

    /// <summary>
    /// Fills and submits the sign-in form on <paramref name="page"/>, then waits for what the page does next: the
    /// browser arriving where <paramref name="arrived"/> says (and that page loaded), or the sign-in page's alert.
    /// </summary>
    public static async Task SubmitSignInAsync(IPage page, string username, string password, Func<string, bool> arrived, string where)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        var reached = page.WaitForURLAsync(arrived, new() { Timeout = SignInTimeoutMs, WaitUntil = WaitUntilState.Load });
        var refused = page.Locator("form[method=post] [role=alert]").WaitForAsync(new() { Timeout = SignInTimeoutMs });
        var first = await Task.WhenAny(reached, refused);
        // The wait that lost ends on its own later (navigation away, or its timeout); nothing is left to observe there.
        _ = (first == reached ? refused : reached).ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        if (first == refused && refused.IsCompletedSuccessfully)
        {
            var said = await page.GetByRole(AriaRole.Alert).AllInnerTextsAsync();
            throw new InvalidOperationException($"Signing in as {username} was refused on {page.Url}: '{string.Join(" ", said)}'.");
        }

        try
        {
            await reached;
        }
        catch (TimeoutException ex)
        {
            // Say where the sign-in ended up and what the page said, so that a failure names its cause.
            var said = await page.GetByRole(AriaRole.Alert).AllInnerTextsAsync();
            throw new TimeoutException($"Signing in as {username} did not reach {where}: the page is {page.Url} and says '{string.Join(" ", said)}'.", ex);
        }
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

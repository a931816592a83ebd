using System.Net;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>Sign-in, sign-out and what people who are not signed in get.</summary>
[Collection(SharedSite.Name)]
public sealed class SignInTests(BrowserSite site)
{
    [Fact]
    public async Task AnonymousVisitor_IsSentToSignIn_AndComesBackAfterward()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync($"/workspaces/{site.WorkspaceId}/api-keys");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await BrowserSite.ScreenshotAsync(page, "login");
        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(BrowserSite.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync($"**/workspaces/{site.WorkspaceId}/api-keys");
    }

    [Fact]
    public async Task WrongPassword_IsRefusedOnThePage()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not correct");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogOut_EndsTheSessionOnTheServer()
    {
        var page = await site.LoggedInPageAsync();
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "hangar_session");
        Assert.True(cookie.HttpOnly);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");

        // The old cookie no longer opens anything.
        var handler = new HttpClientHandler { UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(site.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workspaces");
        request.Headers.Add("Cookie", $"hangar_session={cookie.Value}");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task FormWithoutAntiforgeryToken_IsRefused()
    {
        var page = await site.LoggedInPageAsync();
        var form = page.APIRequest.CreateFormData();
        form.Append("Name", "forged");
        form.Append("Permissions", "Processes.read_processes");
        var response = await page.APIRequest.PostAsync($"/workspaces/{site.WorkspaceId}/api-keys?handler=Create", new() { Form = form });
        Assert.Equal(400, response.Status);
        using var admin = await site.AdminClientAsync();
        var keys = await UiApi.GetAsync(admin, $"/api/v1/workspaces/{site.WorkspaceId}/api-keys");
        Assert.DoesNotContain(keys["data"]!.AsArray(), k => k!["name"]!.GetValue<string>() == "forged");
    }
}

using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>
/// Joining an organization by consent in the UI: an owner invites an existing user from the Users page; the user sees
/// the invitation in the top bar after signing in, and accepts or declines it on their profile.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class InvitationPageTests(BrowserSite site)
{
    [Fact]
    public async Task Owner_InvitesAUser_WhoSeesItAfterSigningIn_AndAccepts()
    {
        var (orgName, ownerName) = await NewOwnerAsync();
        using var admin = await site.AdminClientAsync();
        var guestName = await BrowserUsers.NewAsync(admin, "guest");

        var owner = await site.SignInAsync("/users", ownerName, BrowserUsers.Password);
        var invite = owner.GetByRole(AriaRole.Form, new() { Name = $"Invite a user to {orgName}" });
        await invite.GetByLabel($"Invite an existing user to {orgName}").FillAsync(guestName);
        await invite.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToContainTextAsync($"“{guestName}” is invited to {orgName}");
        await Assertions.Expect(owner.GetByRole(AriaRole.Table, new() { Name = $"Pending invitations to {orgName}" })).ToContainTextAsync(guestName);
        await BrowserSite.ScreenshotAsync(owner, "users-invitations");

        // The guest is not a member until they accept: the top bar tells them, the profile asks.
        var guest = await site.SignInAsync("/workspaces", guestName, BrowserUsers.Password);
        var notice = guest.GetByRole(AriaRole.Link, new() { Name = "1 invitation" });
        await Assertions.Expect(notice).ToBeVisibleAsync();
        await notice.ClickAsync();
        await guest.WaitForURLAsync("**/profile#invitations-title");
        var row = guest.GetByRole(AriaRole.Table, new() { Name = "Invitations" }).GetByRole(AriaRole.Row).Filter(new() { HasText = orgName });
        await Assertions.Expect(row).ToContainTextAsync(ownerName);
        await BrowserSite.ScreenshotAsync(guest, "profile-invitations");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Accept the invitation to {orgName}" }).ClickAsync();

        await Assertions.Expect(guest.GetByRole(AriaRole.Status)).ToContainTextAsync($"You joined {orgName} as a member.");
        await Assertions.Expect(guest.GetByText(orgName).First).ToBeVisibleAsync();
        await Assertions.Expect(guest.GetByRole(AriaRole.Link, new() { Name = "1 invitation" })).ToHaveCountAsync(0);
        await Assertions.Expect(guest.GetByRole(AriaRole.Table, new() { Name = "Invitations" })).ToHaveCountAsync(0);

        // The owner now lists them as a member, and no longer as invited.
        await owner.GotoAsync("/users");
        await Assertions.Expect(owner.GetByRole(AriaRole.Table, new() { Name = $"Members of {orgName}" })).ToContainTextAsync(guestName);
        await Assertions.Expect(owner.GetByRole(AriaRole.Table, new() { Name = $"Pending invitations to {orgName}" })).ToHaveCountAsync(0);
        // They also belong to Default, which this owner does not own: the account is not the owner's to manage.
        var userRow = owner.GetByRole(AriaRole.Table, new() { Name = "Users", Exact = true }).GetByRole(AriaRole.Row).Filter(new() { HasText = guestName });
        await Assertions.Expect(userRow).ToContainTextAsync("Not managed by you");
        await Assertions.Expect(userRow.GetByRole(AriaRole.Link, new() { Name = $"Set password of {guestName}" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task InvitedUser_Declines_AndOwnerRevokesAnother()
    {
        var (orgName, ownerName) = await NewOwnerAsync();
        using var admin = await site.AdminClientAsync();
        var decliner = await BrowserUsers.NewAsync(admin, "decliner");
        var revoked = await BrowserUsers.NewAsync(admin, "revoked");

        var owner = await site.SignInAsync("/users", ownerName, BrowserUsers.Password);
        foreach (var name in new[] { decliner, revoked })
        {
            var invite = owner.GetByRole(AriaRole.Form, new() { Name = $"Invite a user to {orgName}" });
            await invite.GetByLabel($"Invite an existing user to {orgName}").FillAsync(name);
            await invite.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
            await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToContainTextAsync($"“{name}” is invited");
        }

        await owner.GetByRole(AriaRole.Button, new() { Name = $"Revoke invitation of {revoked}" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToContainTextAsync("Invitation revoked.");

        var revokedPage = await site.SignInAsync("/profile", revoked, BrowserUsers.Password);
        await Assertions.Expect(revokedPage.GetByRole(AriaRole.Table, new() { Name = "Invitations" })).ToHaveCountAsync(0);

        var declinerPage = await site.SignInAsync("/profile", decliner, BrowserUsers.Password);
        await declinerPage.GetByRole(AriaRole.Button, new() { Name = $"Decline the invitation to {orgName}" }).ClickAsync();
        await Assertions.Expect(declinerPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Invitation declined.");
        await Assertions.Expect(declinerPage.GetByRole(AriaRole.Link, new() { Name = "1 invitation" })).ToHaveCountAsync(0);

        await owner.GotoAsync("/users");
        await Assertions.Expect(owner.GetByRole(AriaRole.Table, new() { Name = $"Pending invitations to {orgName}" })).ToHaveCountAsync(0);
        await Assertions.Expect(owner.GetByRole(AriaRole.Table, new() { Name = $"Members of {orgName}" })).Not.ToContainTextAsync(decliner);
    }

    [Fact]
    public async Task InvitingAnUnknownUser_IsExplainedNextToTheForm()
    {
        var (orgName, ownerName) = await NewOwnerAsync();
        var owner = await site.SignInAsync("/users", ownerName, BrowserUsers.Password);
        var invite = owner.GetByRole(AriaRole.Form, new() { Name = $"Invite a user to {orgName}" });
        await invite.GetByLabel($"Invite an existing user to {orgName}").FillAsync("nobody-of-that-name");
        await invite.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Form, new() { Name = $"Invite a user to {orgName}" }).GetByRole(AriaRole.Alert))
            .ToContainTextAsync("There is no user “nobody-of-that-name”.");
    }

    /// <summary>A new organization (made by the admin) with a new user of it as its owner; returns their names.</summary>
    private async Task<(string Organization, string Owner)> NewOwnerAsync()
    {
        using var admin = await site.AdminClientAsync();
        var orgName = $"Guild {Guid.NewGuid():N}"[..14];
        var org = (await UiApi.PostAsync(admin, "/api/v1/organizations", new { name = orgName }))["id"]!.GetValue<string>();
        var ownerName = $"owner{Guid.NewGuid():N}"[..15];
        var owner = await UiApi.PostAsync(admin, "/api/v1/users", new { username = ownerName, password = BrowserUsers.Password, organization = new { id = org } });
        using var put = await admin.PutAsJsonAsync($"/api/v1/organizations/{org}/members/{owner["id"]!.GetValue<string>()}", new { role = "owner" });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        return (orgName, ownerName);
    }
}

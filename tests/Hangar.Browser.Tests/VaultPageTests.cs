using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>The Vault tab: values stay hidden until "Show values", edits keep what is left empty, deletes ask first.</summary>
[Collection(SharedSite.Name)]
public sealed class VaultPageTests(BrowserSite site)
{
    [Fact]
    public async Task Admin_AddsShowsEditsAndDeletesASecret()
    {
        var ws = site.WorkspaceId;
        var name = $"erp-login-{Guid.NewGuid():N}"[..18];
        var page = await site.SignInAsync($"/workspaces/{ws}/vault");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add secret" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Description (optional)").FillAsync("The ERP robot's account");
        await page.GetByLabel("Key 1", new() { Exact = true }).FillAsync("username");
        await page.GetByLabel("Value 1", new() { Exact = true }).FillAsync("erp-robot");
        await page.GetByLabel("Key 2", new() { Exact = true }).FillAsync("password");
        await page.GetByLabel("Value 2", new() { Exact = true }).FillAsync("s3cret-Value!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Secret “{name}” created.");

        // Listed by name, description and key names; the values are nowhere on the page.
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["username", "password"]);
        await Assertions.Expect(row).ToContainTextAsync("The ERP robot's account");
        Assert.DoesNotContain("s3cret-Value!", await page.ContentAsync(), StringComparison.Ordinal);

        // Show values is a POST; the values appear in read-only fields named by their keys.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Show values of {name}" }).ClickAsync();
        var password = page.GetByRole(AriaRole.Textbox, new() { Name = "password", Exact = true });
        await Assertions.Expect(password).ToHaveValueAsync("s3cret-Value!");
        await Assertions.Expect(password).ToHaveAttributeAsync("readonly", "");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "username", Exact = true })).ToHaveValueAsync("erp-robot");
        Assert.DoesNotContain("s3cret", page.Url, StringComparison.Ordinal);
        await BrowserSite.ScreenshotAsync(page, "vault");

        // Edit: a new username, the password left empty (kept), a third key added.
        await page.GotoAsync($"/workspaces/{ws}/vault");
        await row.GetByRole(AriaRole.Button, new() { Name = "More actions" }).ClickAsync();
        await row.GetByRole(AriaRole.Menuitem, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Key 2", new() { Exact = true })).ToHaveValueAsync("password");
        await Assertions.Expect(page.GetByLabel("Value 2", new() { Exact = true })).ToHaveValueAsync("");
        await page.GetByLabel("Value 1", new() { Exact = true }).FillAsync("erp-robot-2");
        await page.GetByLabel("Key 3", new() { Exact = true }).FillAsync("tenant");
        await page.GetByLabel("Value 3", new() { Exact = true }).FillAsync("acme");
        await BrowserSite.ScreenshotAsync(page, "vault-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("saved");
        await Assertions.Expect(row.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["username", "password", "tenant"]);
        await row.GetByRole(AriaRole.Button, new() { Name = $"Show values of {name}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "username", Exact = true })).ToHaveValueAsync("erp-robot-2");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "password", Exact = true })).ToHaveValueAsync("s3cret-Value!");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "tenant", Exact = true })).ToHaveValueAsync("acme");

        // Delete asks on its own page.
        await row.GetByRole(AriaRole.Button, new() { Name = "More actions" }).ClickAsync();
        await row.GetByRole(AriaRole.Menuitem, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Delete secret “{name}”?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
        await Assertions.Expect(row).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task BadNameOrDuplicateKey_IsRefusedAndTheFormKept()
    {
        var page = await site.SignInAsync($"/workspaces/{site.WorkspaceId}/vault/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("not a valid name!");
        await page.GetByLabel("Key 1", new() { Exact = true }).FillAsync("k");
        await page.GetByLabel("Value 1", new() { Exact = true }).FillAsync("v");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Key 1", new() { Exact = true })).ToHaveValueAsync("k");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"dup-{Guid.NewGuid():N}"[..12]);
        await page.GetByLabel("Key 2", new() { Exact = true }).FillAsync("k");
        await page.GetByLabel("Value 2", new() { Exact = true }).FillAsync("w");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("more than once");
    }

    [Fact]
    public async Task Operator_SeesSecretsButNeitherValuesNorChanges()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var name = $"op-visible-{Guid.NewGuid():N}"[..18];
        await UiApi.PostAsync(admin, $"/api/v1/workspaces/{ws}/vault/secrets", new { name, value = new { token = "hidden-from-operators" } });
        var username = await BrowserUsers.NewAsync(admin, "vaultop", ws, "operator");

        var page = await site.SignInAsync($"/workspaces/{ws}/vault", username, BrowserUsers.Password);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["token"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Show values of {name}" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add secret" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Your role can see which secrets exist")).ToBeVisibleAsync();

        var secretId = await row.GetAttributeAsync("data-secret-id");
        var refused = await page.GotoAsync($"/workspaces/{ws}/vault/{secretId}/edit");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Vault.write_secrets");
    }
}

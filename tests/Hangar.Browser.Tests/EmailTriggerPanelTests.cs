using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>The process page's email trigger panel: turning email on, off and away, and what a viewer sees.</summary>
[Collection(SharedSite.Name)]
public sealed class EmailTriggerPanelTests(BrowserSite site)
{
    [Fact]
    public async Task AnAdmin_TurnsEmailOn_MailStartsARun_ThenTurnsItOffAndRemovesTheAddress()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"mail-robot-{Guid.NewGuid():N}"[..20], BrowserRobots.Slow());
        var process = await UiApi.NewProcessAsync(admin, ws, "Invoices by mail", package);
        var page = await site.LoggedInPageAsync();
        await page.GotoAsync($"/workspaces/{ws}/processes/{process}");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Email trigger" });
        await Assertions.Expect(panel).ToContainTextAsync("this process has no address");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Turn on email" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Email is on");
        var address = await panel.GetByRole(AriaRole.Textbox, new() { Name = "Address" }).InputValueAsync();
        Assert.StartsWith("invoices-by-mail.", address, StringComparison.Ordinal);
        Assert.EndsWith("@" + BrowserSite.MailDomain, address, StringComparison.Ordinal);
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Copy the address" })).ToBeVisibleAsync();
        await Assertions.Expect(panel).ToContainTextAsync("Parsed");
        await BrowserSite.ScreenshotAsync(page, "process-email-trigger");

        Assert.StartsWith("250", await SendAsync(address), StringComparison.Ordinal);
        await page.GotoAsync($"/workspaces/{ws}/runs?process={process}");
        var run = page.GetByRole(AriaRole.Table, new() { Name = "Runs" }).GetByRole(AriaRole.Row).Nth(1);
        await Assertions.Expect(run).ToContainTextAsync("alice@example.com (email)");

        await page.GotoAsync($"/workspaces/{ws}/processes/{process}");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Take the raw message instead" }).ClickAsync();
        await Assertions.Expect(panel).ToContainTextAsync("Raw: the whole message in payload rawEmail");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Turn off" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Email is off");
        await Assertions.Expect(panel).ToContainTextAsync("mail to it is refused");
        Assert.Equal(address, await panel.GetByRole(AriaRole.Textbox, new() { Name = "Address" }).InputValueAsync());
        Assert.StartsWith("550", await SendAsync(address), StringComparison.Ordinal);

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Remove address" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("The address was removed");
        await Assertions.Expect(panel).ToContainTextAsync("this process has no address");
    }

    [Fact]
    public async Task AViewer_SeesTheAddress_ButNoButtons()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"mail-robot-{Guid.NewGuid():N}"[..20], BrowserRobots.Slow());
        var process = await UiApi.NewProcessAsync(admin, ws, "Viewed by mail", package);
        using (var put = await admin.PutAsync($"/api/v1/workspaces/{ws}/processes/{process}/email-trigger",
                   new StringContent("{\"enabled\": true}", Encoding.UTF8, "application/json")))
        {
            put.EnsureSuccessStatusCode();
        }

        var viewer = await BrowserUsers.NewAsync(admin, "mailviewer", ws, "viewer");
        var page = await site.SignInAsync($"/workspaces/{ws}/processes/{process}", viewer, BrowserUsers.Password);
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Email trigger" });
        await Assertions.Expect(panel.GetByRole(AriaRole.Textbox, new() { Name = "Address" })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("@" + BrowserSite.MailDomain.Replace(".", "\\.", StringComparison.Ordinal) + "$"));
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Turn off" })).ToHaveCountAsync(0);
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Remove address" })).ToHaveCountAsync(0);

        // A form post of the viewer's own (with a valid anti-forgery token) is refused, and changes nothing.
        var status = await page.EvaluateAsync<int>("""
            async (action) => {
              const token = document.querySelector('input[name="__csrf"]').value;
              const response = await fetch(action, { method: 'POST', body: new URLSearchParams({ __csrf: token }) });
              return response.status;
            }
            """, $"/workspaces/{ws}/processes/{process}/email-trigger?handler=Off");
        Assert.Equal(403, status);
        var trigger = await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process}/email-trigger");
        Assert.True(trigger["enabled"]!.GetValue<bool>());
    }

    /// <summary>Mails <paramref name="to"/> over a plain SMTP dialogue and answers the reply to the last command (RCPT TO's refusal, or DATA's end).</summary>
    private async Task<string> SendAsync(string to)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", site.SmtpPort);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await ReplyAsync(reader);
        foreach (var command in new[] { "EHLO client.example.com", "MAIL FROM:<alice@example.com>", $"RCPT TO:<{to}>", "DATA" })
        {
            await writer.WriteLineAsync(command);
            var reply = await ReplyAsync(reader);
            if (!reply.StartsWith('2') && !reply.StartsWith('3'))
            {
                return reply;
            }
        }

        await writer.WriteAsync($"From: Alice <alice@example.com>\r\nTo: {to}\r\nSubject: Invoice\r\n\r\nPlease pay.\r\n.\r\n");
        var end = await ReplyAsync(reader);
        await writer.WriteLineAsync("QUIT");
        return end;
    }

    /// <summary>One SMTP reply, its continuation lines (<c>250-</c>) skipped.</summary>
    private static async Task<string> ReplyAsync(StreamReader reader)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync() ?? throw new IOException("The SMTP server closed the connection.");
            if (line.Length < 4 || line[3] != '-')
            {
                return line;
            }
        }
    }
}

using System.Text;
using Hangar.Server.Hosting;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>
/// The SMTP listener's bounds, driven by hand over a real socket: what a sender that misbehaves (or announces too
/// much) is answered, and that the session stays usable afterwards.
/// </summary>
public sealed class SmtpProtocolTests(MailServerFixture fixture) : IClassFixture<MailServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task TheGreetingAnnouncesTheSizeLimit_AndAnAnnouncedSizeOverItIsRefusedAtMailFrom()
    {
        await using var smtp = await SmtpDialog.OpenAsync(fixture.Smtp);
        Assert.StartsWith("220 ", await smtp.ReplyAsync(), StringComparison.Ordinal);
        await smtp.WriteAsync("EHLO client.example\r\n"u8.ToArray());
        var lines = new List<string>();
        string line;
        do
        {
            line = await smtp.ReplyAsync();
            lines.Add(line);
        }
        while (!line.StartsWith("250 ", StringComparison.Ordinal));

        Assert.Contains(lines, l => l.Contains($"SIZE {MailServerFixture.MaxEmailBytes}", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("AUTH", StringComparison.Ordinal) || l.Contains("STARTTLS", StringComparison.Ordinal));

        var reply = await smtp.SendAsync($"MAIL FROM:<a@example.com> SIZE={MailServerFixture.MaxEmailBytes + 1}");
        Assert.StartsWith("552 ", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataOverTheLimit_IsRefusedAtItsEnd_With552_AndTheSessionGoesOn()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process);
        await using var smtp = await SmtpDialog.OpenAsync(fixture.Smtp);
        await smtp.HelloAsync();

        Assert.StartsWith("250 ", await smtp.SendAsync("MAIL FROM:<a@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await smtp.SendAsync($"RCPT TO:<{address}>"), StringComparison.Ordinal);
        Assert.StartsWith("354 ", await smtp.SendAsync("DATA"), StringComparison.Ordinal);
        var line = new string('x', 998) + "\r\n";
        var body = new StringBuilder("Subject: big\r\nFrom: a@example.com\r\n\r\n");
        while (body.Length <= MailServerFixture.MaxEmailBytes + 10_000)
        {
            body.Append(line);
        }

        await smtp.WriteAsync(Encoding.ASCII.GetBytes(body.Append(".\r\n").ToString()));
        var refused = await smtp.ReplyAsync();
        Assert.StartsWith("552 5.3.4 ", refused, StringComparison.Ordinal);
        Assert.Empty(await Mail.RunsAsync(admin, Ws, process));

        // The same session then delivers a message of a fitting size.
        Assert.StartsWith("250 ", await smtp.SendAsync("MAIL FROM:<a@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await smtp.SendAsync($"RCPT TO:<{address}>"), StringComparison.Ordinal);
        Assert.StartsWith("354 ", await smtp.SendAsync("DATA"), StringComparison.Ordinal);
        await smtp.WriteAsync("Subject: small\r\nFrom: a@example.com\r\n\r\nhello\r\n.\r\n"u8.ToArray());
        Assert.StartsWith("250 ", await smtp.ReplyAsync(), StringComparison.Ordinal);
        Assert.Single(await Mail.RunsAsync(admin, Ws, process));
        Assert.StartsWith("221 ", await smtp.SendAsync("QUIT"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not a mail message at all\r\n")]
    [InlineData("\r\n")]
    public async Task DataThatIsNotAMessage_IsRefusedWith554_AndStartsNothing(string data)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process);
        var before = Mail.StoredItemFiles(Server, Ws);
        await using var smtp = await SmtpDialog.OpenAsync(fixture.Smtp);
        await smtp.HelloAsync();
        await smtp.SendAsync("MAIL FROM:<a@example.com>");
        await smtp.SendAsync($"RCPT TO:<{address}>");
        Assert.StartsWith("354 ", await smtp.SendAsync("DATA"), StringComparison.Ordinal);

        await smtp.WriteAsync(Encoding.ASCII.GetBytes(data + ".\r\n"));

        Assert.StartsWith("554 5.6.0 ", await smtp.ReplyAsync(), StringComparison.Ordinal);
        Assert.Empty(await Mail.RunsAsync(admin, Ws, process));
        Assert.Equal(before, Mail.StoredItemFiles(Server, Ws));
    }

    [Fact]
    public async Task HeadersOverTheirLimit_AreRefusedWith552()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process);
        await using var smtp = await SmtpDialog.OpenAsync(fixture.Smtp);
        await smtp.HelloAsync();
        await smtp.SendAsync("MAIL FROM:<a@example.com>");
        await smtp.SendAsync($"RCPT TO:<{address}>");
        await smtp.SendAsync("DATA");
        var headers = new StringBuilder("From: a@example.com\r\n");
        for (var n = 0; headers.Length <= Core.EmailTriggers.EmailTriggerLimits.MaxHeaderBytes; n++)
        {
            headers.Append($"X-Filler-{n}: {new string('y', 500)}\r\n");
        }

        await smtp.WriteAsync(Encoding.ASCII.GetBytes(headers + "\r\nbody\r\n.\r\n"));

        Assert.StartsWith("552 5.3.4 ", await smtp.ReplyAsync(), StringComparison.Ordinal);
        Assert.Empty(await Mail.RunsAsync(admin, Ws, process));
    }

    [Fact]
    public async Task ASecondProcessAddressInOneTransaction_IsToldToComeAgainSeparately()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var first = await Mail.EnableAsync(admin, Ws, await Api.NewProcessAsync(Server, admin));
        var second = await Mail.EnableAsync(admin, Ws, await Api.NewProcessAsync(Server, admin));
        await using var smtp = await SmtpDialog.OpenAsync(fixture.Smtp);
        await smtp.HelloAsync();
        await smtp.SendAsync("MAIL FROM:<a@example.com>");
        Assert.StartsWith("250 ", await smtp.SendAsync($"RCPT TO:<{first}>"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await smtp.SendAsync($"RCPT TO:<{first}>"), StringComparison.Ordinal);
        Assert.StartsWith("452 4.5.3 ", await smtp.SendAsync($"RCPT TO:<{second}>"), StringComparison.Ordinal);

        // A new transaction may name the other process.
        Assert.StartsWith("250 ", await smtp.SendAsync("RSET"), StringComparison.Ordinal);
        await smtp.SendAsync("MAIL FROM:<a@example.com>");
        Assert.StartsWith("250 ", await smtp.SendAsync($"RCPT TO:<{second}>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommandLineThatNeverEnds_IsAnswered500_AndTheConnectionClosed()
    {
        await using var smtp = await SmtpDialog.OpenAsync(fixture.Smtp);
        await smtp.HelloAsync();

        await smtp.WriteAsync(Encoding.ASCII.GetBytes("MAIL FROM:<" + new string('a', 64 * 1024)));

        Assert.StartsWith("500 5.5.2 ", await smtp.ReplyAsync(), StringComparison.Ordinal);
        Assert.True(await smtp.ClosedAsync());
    }

    [Fact]
    public async Task ConnectionsPastTheLimit_AreToldToTryLater()
    {
        // Sessions of the tests before this one end as their clients go; wait for the last of them.
        var listener = Server.App.Services.GetRequiredService<SmtpListenerService>();
        for (var attempt = 0; listener.OpenSessions > 0; attempt++)
        {
            Assert.True(attempt < 200, $"{listener.OpenSessions} sessions stay open");
            await Task.Delay(25);
        }

        var open = new List<SmtpDialog>();
        try
        {
            for (var n = 0; n < SmtpListenerService.MaxSessions; n++)
            {
                var smtp = await SmtpDialog.OpenAsync(fixture.Smtp);
                open.Add(smtp);
                Assert.StartsWith("220 ", await smtp.ReplyAsync(), StringComparison.Ordinal);
            }

            await using var extra = await SmtpDialog.OpenAsync(fixture.Smtp);
            Assert.StartsWith("421 4.3.2 ", await extra.ReplyAsync(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var smtp in open)
            {
                await smtp.DisposeAsync();
            }
        }

        // Closed sessions free their places.
        await WaitForAGreetingAsync();
    }

    private async Task WaitForAGreetingAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var smtp = await SmtpDialog.OpenAsync(fixture.Smtp);
            var reply = await smtp.ReplyAsync();
            if (reply.StartsWith("220 ", StringComparison.Ordinal))
            {
                return;
            }

            Assert.True(attempt < 200, reply);
            await Task.Delay(25);
        }
    }
}

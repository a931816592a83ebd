using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hangar.Core.Storage;
using Hangar.TestSupport;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Hangar.Server.Tests;

/// <summary>
/// Mail to a process's address, sent by a real SMTP client (MailKit) over a real socket: the run it starts, the work
/// item as robocorp-workitems' <c>item.email()</c> reads it, and every refusal.
/// </summary>
public sealed class EmailTriggerTests(MailServerFixture fixture) : IClassFixture<MailServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task AnEmail_StartsARun_WhoseInputItemIsTheParsedMessage()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process);
        var message = Mail.Message(address, "Invoice 42 ✓", ("invoice.pdf", "%PDF-1.4 invoice"u8.ToArray()), ("notes.txt", "first, second"u8.ToArray()));

        await Mail.SendAsync(fixture.Smtp, message);

        // The run exists once the server has said 250: no waiting.
        var run = Assert.Single(await Mail.RunsAsync(admin, Ws, process))!;
        Assert.Equal("email", run["started_by"]!["type"]!.GetValue<string>());
        Assert.Equal(Mail.Sender, run["started_by"]!["name"]!.GetValue<string>());
        var item = await Mail.InputItemAsync(admin, Ws, run["id"]!.GetValue<string>());
        var email = item["payload"]!["email"]!;
        Assert.Equal("Alice Example", email["from"]!["name"]!.GetValue<string>());
        Assert.Equal(Mail.Sender, email["from"]!["address"]!.GetValue<string>());
        Assert.Equal(address, Assert.Single(email["to"]!.AsArray())!["address"]!.GetValue<string>());
        Assert.Equal("bob@example.com", Assert.Single(email["cc"]!.AsArray())!["address"]!.GetValue<string>());
        Assert.Empty(email["bcc"]!.AsArray());
        Assert.Equal("replies@example.com", email["replyTo"]!["address"]!.GetValue<string>());
        Assert.Equal("Invoice 42 ✓", email["subject"]!.GetValue<string>());
        Assert.Equal("2026-03-01T08:30:00+00:00", email["date"]!.GetValue<string>());
        Assert.Equal($"<{message.MessageId}>", email["messageId"]!.GetValue<string>());
        Assert.Equal("{\"invoice\": 42}", email["text"]!.GetValue<string>().Trim());
        Assert.Empty(email["errors"]!.AsArray());

        var files = item["files"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["id"]!.GetValue<string>());
        Assert.Equal(["__mail.html", "__raw_mail", "invoice.pdf", "notes.txt"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("%PDF-1.4 invoice", await FileTextAsync(item, "invoice.pdf"));
        Assert.Equal("first, second", await FileTextAsync(item, "notes.txt"));
        Assert.Contains("Invoice <b>42</b> ✓", await FileTextAsync(item, "__mail.html"), StringComparison.Ordinal);
        Assert.Contains($"Message-Id: <{message.MessageId}>", await FileTextAsync(item, "__raw_mail"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AProcessThatAsksForTheRawMessage_GetsItInRawEmail()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process, parse: false);
        var message = Mail.Message(address, "Raw please", ("a.txt", "attached"u8.ToArray()));

        await Mail.SendAsync(fixture.Smtp, message);

        var run = Assert.Single(await Mail.RunsAsync(admin, Ws, process))!;
        var item = await Mail.InputItemAsync(admin, Ws, run["id"]!.GetValue<string>());
        var payload = item["payload"]!.AsObject();
        Assert.Equal(["rawEmail"], payload.Select(p => p.Key));
        var parsed = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(payload["rawEmail"]!.GetValue<string>())));
        Assert.Equal("Raw please", parsed.Subject);
        using var attached = new MemoryStream();
        ((MimePart)parsed.Attachments.Single()).Content!.DecodeTo(attached);
        Assert.Equal("attached", Encoding.UTF8.GetString(attached.ToArray()));
        Assert.Empty(item["files"]!.AsArray());
    }

    [Fact]
    public async Task TheTriggerAddress_IsABlindCopy_WhenTheHeadersDoNotNameIt()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process);
        await Mail.SendAsync(fixture.Smtp, Mail.Message("team@example.com", "Bcc'd"), address);

        var run = Assert.Single(await Mail.RunsAsync(admin, Ws, process))!;
        var email = (await Mail.InputItemAsync(admin, Ws, run["id"]!.GetValue<string>()))["payload"]!["email"]!;
        Assert.Equal("team@example.com", Assert.Single(email["to"]!.AsArray())!["address"]!.GetValue<string>());
        Assert.Equal(address, Assert.Single(email["bcc"]!.AsArray())!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task MailToAnUnknownATurnedOffARemovedOrAForeignAddress_IsRefusedAtRcptTo()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var path = $"/api/v1/workspaces/{Ws}/processes/{process}/email-trigger";
        var address = await Mail.EnableAsync(admin, Ws, process);
        var local = address.Split('@')[0];

        await AssertRefusedAsync($"{local[..^1]}x@{MailServerFixture.Domain}", SmtpStatusCode.MailboxUnavailable, "5.1.1");
        await AssertRefusedAsync($"{local}@elsewhere.example", SmtpStatusCode.UserNotLocalTryAlternatePath, "5.7.1");
        await AssertRefusedAsync(process + "@" + MailServerFixture.Domain, SmtpStatusCode.MailboxUnavailable, "5.1.1");
        await Api.PutAsync(admin, path, new { enabled = false });
        await AssertRefusedAsync(address, SmtpStatusCode.MailboxUnavailable, "5.2.1");
        await Api.DeleteJsonAsync(admin, path);
        await AssertRefusedAsync(address, SmtpStatusCode.MailboxUnavailable, "5.1.1");
        Assert.Empty(await Mail.RunsAsync(admin, Ws, process));
    }

    [Fact]
    public async Task TheAddress_IsTakenWhateverItsCase()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process);

        await Mail.SendAsync(fixture.Smtp, Mail.Message(address.ToUpperInvariant(), "Shouting"));

        Assert.Single(await Mail.RunsAsync(admin, Ws, process));
    }

    [Fact]
    public async Task DeletingTheProcess_RemovesItsAddress()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process);
        await Api.DeleteJsonAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}");

        await AssertRefusedAsync(address, SmtpStatusCode.MailboxUnavailable, "5.1.1");
    }

    [Fact]
    public async Task ARetriedDelivery_OfTheSameMessage_StartsOneRun()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process);
        var message = Mail.Message(address, "Once", ("a.txt", "a"u8.ToArray()));

        // A relay that lost the first 250 sends the very same bytes again.
        await Mail.SendAsync(fixture.Smtp, message);
        var filesAfterFirst = Mail.StoredItemFiles(Server, Ws);
        await Mail.SendAsync(fixture.Smtp, message);

        Assert.Single(await Mail.RunsAsync(admin, Ws, process));
        Assert.Equal(filesAfterFirst, Mail.StoredItemFiles(Server, Ws));

        // Another message that reuses the Message-ID is a message of its own.
        message.Subject = "Same id, other content";
        await Mail.SendAsync(fixture.Smtp, message);
        Assert.Equal(2, (await Mail.RunsAsync(admin, Ws, process)).Count);
    }

    [Fact]
    public async Task AMessageWithTooManyAttachments_IsRefusedWhole_AndLeavesNothing()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process);
        var attachments = Enumerable.Range(1, 101).Select(n => ($"file-{n}.txt", Encoding.ASCII.GetBytes($"attachment {n}"))).ToArray();
        var before = Mail.StoredItemFiles(Server, Ws);

        var refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => Mail.SendAsync(fixture.Smtp, Mail.Message(address, "Many", attachments)));

        Assert.Equal(SmtpErrorCode.MessageNotAccepted, refusal.ErrorCode);
        Assert.Equal(SmtpStatusCode.ExceededStorageAllocation, refusal.StatusCode);
        Assert.Contains("5.3.4", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(await Mail.RunsAsync(admin, Ws, process));
        Assert.Equal(before, Mail.StoredItemFiles(Server, Ws));
    }

    [Fact]
    public async Task MailToAProcessThatCannotRunYet_IsDeferred_AndLeavesNothing()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes", new { name = Api.Unique("stepless") }))["id"]!.GetValue<string>();
        var address = await Mail.EnableAsync(admin, Ws, process);
        var before = Mail.StoredItemFiles(Server, Ws);

        var refusal = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            Mail.SendAsync(fixture.Smtp, Mail.Message(address, "Too early", ("a.txt", "a"u8.ToArray()))));

        // 451: the sending server keeps the message and tries again, so it arrives once the process has a robot.
        Assert.Equal(SmtpStatusCode.ErrorInProcessing, refusal.StatusCode);
        Assert.Contains("no steps", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, Mail.StoredItemFiles(Server, Ws));
    }

    [Fact]
    public async Task ARawMessageTooLargeForAPayload_IsRefused()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var address = await Mail.EnableAsync(admin, Ws, process, parse: false);
        var big = Mail.Message(address, "Big", ("big.bin", new byte[1024 * 1024]));

        var refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => Mail.SendAsync(fixture.Smtp, big));

        Assert.Equal(SmtpStatusCode.ExceededStorageAllocation, refusal.StatusCode);
        Assert.Empty(await Mail.RunsAsync(admin, Ws, process));
    }

    private async Task AssertRefusedAsync(string address, SmtpStatusCode status, string enhanced)
    {
        var refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => Mail.SendAsync(fixture.Smtp, Mail.Message(address, "Hello")));
        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refusal.ErrorCode);
        Assert.Equal(status, refusal.StatusCode);
        Assert.StartsWith(enhanced, refusal.Message, StringComparison.Ordinal);
    }

    private async Task<string> FileTextAsync(JsonNode item, string name)
    {
        var file = item["files"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == name)!;
        await using var scope = Server.App.Services.CreateAsyncScope();
        var files = scope.ServiceProvider.GetRequiredService<Core.Stores.IWorkItemFileStore>();
        var stored = await files.FindAsync(Ws, item["id"]!.GetValue<string>(), file["id"]!.GetValue<string>(), CancellationToken.None);
        await using var content = (await scope.ServiceProvider.GetRequiredService<IBlobStore>().OpenReadAsync(stored!.BlobKey, CancellationToken.None))!;
        using var reader = new StreamReader(content.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}

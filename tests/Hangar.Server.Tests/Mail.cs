using System.Net;
using System.Text.Json.Nodes;
using Hangar.TestSupport;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Hangar.Server.Tests;

/// <summary>Email triggers as a user and a mail client use them: over the v1 API, and over SMTP with MailKit.</summary>
internal static class Mail
{
    public const string Sender = "alice@example.com";

    /// <summary>Turns email on for <paramref name="process"/> (as the admin) and returns its address.</summary>
    public static async Task<string> EnableAsync(HttpClient admin, string ws, string process, bool parse = true) =>
        (await Api.PutAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process}/email-trigger", new { enabled = true, parse }))["address"]!
        .GetValue<string>();

    /// <summary>A message from <see cref="Sender"/> to <paramref name="to"/> with a text and an HTML body and the given attachments.</summary>
    public static MimeMessage Message(string to, string subject, params (string Name, byte[] Content)[] attachments)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Alice Example", Sender));
        message.To.Add(MailboxAddress.Parse(to));
        message.Cc.Add(new MailboxAddress("Bob", "bob@example.com"));
        message.ReplyTo.Add(new MailboxAddress("Replies", "replies@example.com"));
        message.Subject = subject;
        message.MessageId = $"{Guid.NewGuid():N}@example.com";
        message.Date = new DateTimeOffset(2026, 3, 1, 10, 30, 0, TimeSpan.FromHours(2));
        var body = new BodyBuilder { TextBody = "{\"invoice\": 42}", HtmlBody = "<p>Invoice <b>42</b> ✓</p>" };
        foreach (var (name, content) in attachments)
        {
            body.Attachments.Add(name, content);
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>
    /// Sends as a mail server delivers to this one (MailKit over a real socket): the envelope names only
    /// <paramref name="recipient"/> (by default the first To address), as the other addresses' domains get their own
    /// copies. Refusals throw <see cref="SmtpCommandException"/>.
    /// </summary>
    public static async Task<string> SendAsync(IPEndPoint smtp, MimeMessage message, string? recipient = null)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Address.ToString(), smtp.Port, SecureSocketOptions.None);
        try
        {
            var to = recipient is null ? message.To.Mailboxes.First() : MailboxAddress.Parse(recipient);
            return await client.SendAsync(message, message.From.Mailboxes.First(), [to]);
        }
        finally
        {
            await client.DisconnectAsync(true);
        }
    }

    /// <summary>The process's runs, newest first.</summary>
    public static async Task<JsonArray> RunsAsync(HttpClient admin, string ws, string process) =>
        (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]!.AsArray();

    /// <summary>The run's input item, with its payload and files.</summary>
    public static async Task<JsonNode> InputItemAsync(HttpClient admin, string ws, string runId)
    {
        var items = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items?process_run_id={runId}"))["data"]!.AsArray();
        return await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items/{Assert.Single(items)!["id"]!.GetValue<string>()}");
    }

    /// <summary>Files stored for work items of <paramref name="ws"/> (the file system blob store's folder).</summary>
    public static int StoredItemFiles(HangarTestServer server, string ws)
    {
        var folder = Path.Combine(server.DataDirectory, "blobs", "ws", ws, "work-items");
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count() : 0;
    }
}

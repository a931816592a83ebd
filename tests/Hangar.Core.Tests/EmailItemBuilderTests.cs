using System.Text;
using System.Text.Json.Nodes;
using Hangar.Core.EmailTriggers;
using Hangar.Core.Errors;

namespace Hangar.Core.Tests;

/// <summary>Messages turned into work items as Robocorp's email trigger writes them (what robocorp-workitems' email() reads).</summary>
public class EmailItemBuilderTests
{
    private const string Trigger = "invoices.abcdefghijklmnopqrstuvwxyz@mail.example";
    private static readonly DateTimeOffset Received = new(2026, 5, 4, 3, 2, 1, TimeSpan.Zero);

    [Fact]
    public void AParsedMessage_HasExactlyTheFieldsOfRobocorpsEmail()
    {
        var content = Build(Mime("From: \"Doe, Jane\" <jane@example.com>", "To: Ops <ops@example.com>, " + Trigger, "Cc: a@example.com, Team: b@example.com, c@example.com;",
            "Subject: =?UTF-8?B?w6Rww6Rw?=", "Date: Tue, 2 Nov 2021 16:22:34 +0200", "Message-ID: <m1@example.com>", "Content-Type: text/plain; charset=utf-8",
            "", "Hello"));

        var email = JsonNode.Parse(content.Payload)!["email"]!.AsObject();
        Assert.Equal(["from", "to", "cc", "bcc", "subject", "date", "replyTo", "messageId", "text", "errors"], email.Select(p => p.Key));
        Assert.Equal("Doe, Jane", email["from"]!["name"]!.GetValue<string>());
        Assert.Equal(["ops@example.com", Trigger], email["to"]!.AsArray().Select(a => a!["address"]!.GetValue<string>()));
        Assert.Equal("", email["to"]![1]!["name"]!.GetValue<string>());
        Assert.Equal(["a@example.com", "b@example.com", "c@example.com"], email["cc"]!.AsArray().Select(a => a!["address"]!.GetValue<string>()));
        Assert.Empty(email["bcc"]!.AsArray());
        Assert.Equal("äpäp", email["subject"]!.GetValue<string>());
        Assert.Equal("2021-11-02T14:22:34+00:00", email["date"]!.GetValue<string>());
        Assert.Null(email["replyTo"]);
        Assert.Equal("<m1@example.com>", email["messageId"]!.GetValue<string>());
        Assert.Equal("Hello", email["text"]!.GetValue<string>().TrimEnd());
        Assert.Empty(email["errors"]!.AsArray());
        Assert.Equal(["__raw_mail"], content.Files.Select(f => f.Name));
        Assert.Equal("<m1@example.com>", content.MessageId);
        Assert.Equal("jane@example.com", content.Sender);
    }

    [Fact]
    public void WithoutFromDateOrMessageId_TheEnvelopeSenderAndTheTimeOfReceiptStandIn()
    {
        var content = Build(Mime("To: " + Trigger, "Subject: bare", "", "text"), sender: "bounce@example.org");

        var email = JsonNode.Parse(content.Payload)!["email"]!;
        Assert.Equal("bounce@example.org", email["from"]!["address"]!.GetValue<string>());
        Assert.Equal("2026-05-04T03:02:01+00:00", email["date"]!.GetValue<string>());
        Assert.Null(email["messageId"]);
        Assert.Null(content.MessageId);
    }

    [Fact]
    public void AttachmentNames_AreMadePlainFileNames_AndKeptApart()
    {
        var longName = new string('n', 300) + ".pdf";
        var content = Build(Multipart(
            Part("text/plain", null, "the text"),
            Part("text/html", null, "<p>the html</p>"),
            Part("text/plain", "../../etc/passwd", "p"),
            Part("text/plain", "a.txt", "first"),
            Part("text/plain", "a.txt", "second"),
            Part("text/html", "__mail.html", "<p>sent as a file</p>"),
            Part("application/pdf", null, "%PDF"),
            Part("application/octet-stream", "tab\there.bin", "t"),
            Part("application/pdf", longName, "long")));

        var names = content.Files.Select(f => f.Name).ToList();
        Assert.Equal(["__mail.html", "passwd", "a.txt", "a (2).txt", "__mail (2).html", "attachment-5.pdf", "tab_here.bin", new string('n', 251) + ".pdf",
            "__raw_mail"], names);
        Assert.Equal("second", Read(content.Files[3]));
        Assert.Equal("<p>the html</p>", Read(content.Files[0]).TrimEnd());
        Assert.Equal("the text", JsonNode.Parse(content.Payload)!["email"]!["text"]!.GetValue<string>().TrimEnd());
        Assert.All(names, n => Assert.True(n.Length <= 255 && !n.Contains('/', StringComparison.Ordinal) && !n.Any(char.IsControl), n));
    }

    [Fact]
    public void AnHtmlOnlyMessage_HasNoText_AndItsHtmlAsAFile()
    {
        var content = Build(Encoding.Latin1.GetBytes($"From: a@example.com\r\nTo: {Trigger}\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<p>caf\u00e9</p>\r\n"));

        Assert.Null(JsonNode.Parse(content.Payload)!["email"]!["text"]);
        Assert.Equal("<p>café</p>", Read(content.Files.Single(f => f.Name == "__mail.html")).TrimEnd());
    }

    [Fact]
    public void AnAttachedMessage_IsAnEmlFile()
    {
        var content = Build(Multipart(
            Part("text/plain", null, "see the forwarded one"),
            "Content-Type: message/rfc822\r\n\r\nFrom: x@example.com\r\nSubject: Forwarded\r\n\r\ninner body\r\n"));

        var file = content.Files.Single(f => f.Name == "Forwarded.eml");
        Assert.Contains("inner body", Read(file), StringComparison.Ordinal);
    }

    [Fact]
    public void TheTriggerAddress_IsABlindCopy_WhenNoHeaderNamesIt()
    {
        var content = Build(Mime("From: a@example.com", "To: team@example.com", "", "hi"));

        Assert.Equal(Trigger, JsonNode.Parse(content.Payload)!["email"]!["bcc"]![0]!["address"]!.GetValue<string>());
    }

    [Fact]
    public void RawMode_PutsTheWholeMessageInRawEmail_AndNoFiles()
    {
        var raw = Mime("From: a@example.com", "To: " + Trigger, "Subject: raw", "", "body ✓");
        var content = EmailItemBuilder.Build(new ReceivedEmail(Trigger, null, raw), parse: false, Received);

        Assert.Equal(Encoding.UTF8.GetString(raw), JsonNode.Parse(content.Payload)!["rawEmail"]!.GetValue<string>());
        Assert.Single(JsonNode.Parse(content.Payload)!.AsObject());
        Assert.Empty(content.Files);
    }

    [Fact]
    public void ARawMessageLargerThanAPayload_IsRefused()
    {
        var raw = Mime("From: a@example.com", "To: " + Trigger, "", new string('x', EmailTriggerLimits.MaxPayloadBytes));
        var ex = Assert.Throws<HangarException>(() => EmailItemBuilder.Build(new ReceivedEmail(Trigger, null, raw), parse: false, Received));
        Assert.Equal(ErrorKind.PayloadTooLarge, ex.Kind);
        Assert.Equal("raw_message_too_large", ex.Code);
    }

    [Fact]
    public void TextLargerThanAPayload_IsRefused()
    {
        var ex = Assert.Throws<HangarException>(() => Build(Mime("From: a@example.com", "", new string('x', EmailTriggerLimits.MaxPayloadBytes))));
        Assert.Equal("email_text_too_large", ex.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no header here\r\n\r\nbody\r\n")]
    public void SomethingThatIsNotAMessage_IsRefusedAsMalformed(string data)
    {
        var ex = Assert.Throws<HangarException>(() => Build(Encoding.ASCII.GetBytes(data)));
        Assert.Equal(ErrorKind.BadRequest, ex.Kind);
        Assert.Equal("malformed_message", ex.Code);
    }

    [Fact]
    public void HeadersOverTheirLimit_AreRefused()
    {
        var headers = Enumerable.Range(0, (EmailTriggerLimits.MaxHeaderBytes / 100) + 10).Select(n => $"X-H{n}: {new string('h', 90)}").ToList();
        var ex = Assert.Throws<HangarException>(() => Build(Mime([.. headers, "", "body"])));
        Assert.Equal("headers_too_large", ex.Code);
    }

    [Fact]
    public void MoreAttachmentsThanAllowed_AreRefused()
    {
        var parts = Enumerable.Range(0, EmailTriggerLimits.MaxAttachments + 1).Select(n => Part("text/plain", $"f{n}.txt", "x")).ToArray();
        Assert.Equal("too_many_attachments", Assert.Throws<HangarException>(() => Build(Multipart(parts))).Code);
    }

    [Fact]
    public void LocalParts_NameTheProcess_AndCarryAnUnguessableToken()
    {
        var first = EmailAddresses.NewLocalPart("Invoice Robot (EU) — production line 7!");
        var second = EmailAddresses.NewLocalPart("Invoice Robot (EU) — production line 7!");

        Assert.Matches(@"^invoice-robot-eu-product\.[a-z2-7]{26}$", first);
        Assert.NotEqual(first, second);
        Assert.Matches(@"^process\.[a-z2-7]{26}$", EmailAddresses.NewLocalPart("Äö — ü"));
        Assert.True(first.Length <= EmailAddresses.MaxLocalPartLength);
        Assert.Equal(EmailAddresses.Hash(first), EmailAddresses.Hash(first.ToUpperInvariant()));
    }

    private static EmailItemContent Build(byte[] raw, string? sender = null) =>
        EmailItemBuilder.Build(new ReceivedEmail(Trigger, sender, raw), parse: true, Received);

    private static byte[] Mime(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    private static string Part(string type, string? fileName, string body) =>
        $"Content-Type: {type}; charset=utf-8\r\n" + (fileName is null ? "" : $"Content-Disposition: attachment; filename=\"{fileName}\"\r\n") + $"\r\n{body}\r\n";

    private static byte[] Multipart(params string[] parts) => Encoding.UTF8.GetBytes(
        $"From: a@example.com\r\nTo: {Trigger}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"sep\"\r\n\r\n"
        + string.Concat(parts.Select(p => "--sep\r\n" + p)) + "--sep--\r\n");

    private static string Read(EmailItemFile file)
    {
        using var stream = file.Open();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

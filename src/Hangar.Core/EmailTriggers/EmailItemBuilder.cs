using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hangar.Core.Errors;
using MimeKit;

namespace Hangar.Core.EmailTriggers;

/// <summary>
/// Turns a received message into its work item as Robocorp's email trigger writes it, so that
/// <c>robocorp-workitems</c>' <c>item.email()</c> and RPA.Robocorp.WorkItems read it unchanged:
/// <list type="bullet">
/// <item>parsed: payload <c>{"email": {from, to, cc, bcc, subject, date, replyTo, messageId, text, errors}}</c>, the
/// HTML body as file <c>__mail.html</c>, each attachment as a file, the message itself as <c>__raw_mail</c>;</item>
/// <item>raw (the process asked for it): payload <c>{"rawEmail": "&lt;the message&gt;"}</c> and no files.</item>
/// </list>
/// A message past a limit (<see cref="EmailTriggerLimits"/>) or that is not a message is refused whole.
/// </summary>
public static class EmailItemBuilder
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static EmailItemContent Build(ReceivedEmail email, bool parse, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(email);
        CheckHeaderBlock(email.Raw);
        var message = Load(email.Raw);
        var sender = Sender(message, email.EnvelopeSender);
        var messageId = string.IsNullOrEmpty(message.MessageId) ? null : $"<{message.MessageId}>";
        if (!parse)
        {
            var raw = Payload(w => w.WriteString("rawEmail", Encoding.UTF8.GetString(email.Raw)), "raw_message_too_large",
                $"This process takes the raw message in its payload, so at most {EmailTriggerLimits.MaxPayloadBytes / 1024} KiB; ask for the email to be parsed to receive larger messages.");
            return new EmailItemContent(raw, [], messageId, sender.Address);
        }

        var names = new EmailFileNames();
        var files = new List<EmailItemFile>();
        TextPart? text = null;
        TextPart? html = null;
        var attachments = 0;
        foreach (var part in Leaves(message.Body))
        {
            if (part is TextPart body && !body.IsAttachment && string.IsNullOrEmpty(body.FileName) && (body.IsPlain || body.IsHtml))
            {
                // The first plain and the first HTML part are the message's text (alternatives of each other, as mail
                // clients send them); further unnamed text parts are not attachments either.
                if (body.IsPlain)
                {
                    text ??= body;
                }
                else
                {
                    html ??= body;
                }

                continue;
            }

            if (++attachments > EmailTriggerLimits.MaxAttachments)
            {
                throw new HangarException(ErrorKind.PayloadTooLarge, "too_many_attachments",
                    $"A message may have at most {EmailTriggerLimits.MaxAttachments} attachments.");
            }

            files.Add(Attachment(part, names, attachments));
        }

        if (html is not null)
        {
            var content = Encoding.UTF8.GetBytes(html.Text);
            files.Insert(0, new EmailItemFile(EmailFileNames.HtmlBody, () => new MemoryStream(content, writable: false)));
        }

        files.Add(new EmailItemFile(EmailFileNames.RawMessage, () => new MemoryStream(email.Raw, writable: false)));
        var payload = Payload(w => WriteEmail(w, message, email.Recipient, sender, messageId, text?.Text, receivedAt), "email_text_too_large",
            $"The message's text (with its addresses and subject) makes a payload over {EmailTriggerLimits.MaxPayloadBytes / 1024} KiB; send long content as an attachment.");
        return new EmailItemContent(payload, files, messageId, sender.Address);
    }

    private static void CheckHeaderBlock(byte[] raw)
    {
        var span = raw.AsSpan(0, Math.Min(raw.Length, EmailTriggerLimits.MaxHeaderBytes + 4));
        var end = span.IndexOf("\r\n\r\n"u8);
        var bareEnd = span.IndexOf("\n\n"u8);
        if (end < 0 && bareEnd < 0 && raw.Length > EmailTriggerLimits.MaxHeaderBytes)
        {
            throw new HangarException(ErrorKind.PayloadTooLarge, "headers_too_large",
                $"The message's headers are larger than {EmailTriggerLimits.MaxHeaderBytes / 1024} KiB.");
        }
    }

    private static MimeMessage Load(byte[] raw)
    {
        var options = new ParserOptions { MaxMimeDepth = EmailTriggerLimits.MaxMimeDepth };
        try
        {
            // Persistent: parts are windows on the received bytes rather than copies of them.
            var message = MimeMessage.Load(options, new MemoryStream(raw, writable: false), persistent: true);
            return message.Headers.Count > 0
                ? message
                : throw Malformed("The message has no headers.");
        }
        catch (FormatException ex)
        {
            throw Malformed($"The message cannot be parsed: {ex.Message}");
        }
    }

    private static HangarException Malformed(string message) => HangarException.Invalid("malformed_message", message);

    /// <summary>The leaf parts in order; an attached message is one leaf (the attachment), not looked into.</summary>
    private static IEnumerable<MimeEntity> Leaves(MimeEntity? entity)
    {
        switch (entity)
        {
            case null:
                yield break;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    foreach (var leaf in Leaves(child))
                    {
                        yield return leaf;
                    }
                }

                break;
            default:
                yield return entity;
                break;
        }
    }

    private static EmailItemFile Attachment(MimeEntity part, EmailFileNames names, int number)
    {
        switch (part)
        {
            case MessagePart attached:
                var subject = attached.Message?.Subject;
                var name = names.Take(part.ContentDisposition?.FileName ?? part.ContentType.Name ?? (string.IsNullOrWhiteSpace(subject) ? null : subject + ".eml"),
                    $"message-{number}.eml");
                return new EmailItemFile(name, () =>
                {
                    var copy = new MemoryStream();
                    attached.Message?.WriteTo(copy);
                    copy.Position = 0;
                    return copy;
                });
            case MimePart mime:
                var extension = MimeTypes.TryGetExtension(mime.ContentType.MimeType, out var known) ? known : ".bin";
                return new EmailItemFile(names.Take(mime.FileName, $"attachment-{number}{extension}"),
                    () => mime.Content?.Open() ?? new MemoryStream([], writable: false));
            default:
                throw Malformed("The message has a part that is neither content nor a message.");
        }
    }

    private static MailboxAddress Sender(MimeMessage message, string? envelopeSender) =>
        message.From.Mailboxes.FirstOrDefault() ?? message.Sender
        ?? (envelopeSender is { Length: > 0 } address ? new MailboxAddress(string.Empty, address) : new MailboxAddress(string.Empty, string.Empty));

    private static void WriteEmail(Utf8JsonWriter w, MimeMessage message, string recipient, MailboxAddress sender, string? messageId, string? text,
        DateTimeOffset receivedAt)
    {
        w.WriteStartObject("email");
        w.WritePropertyName("from");
        WriteAddress(w, sender);
        WriteAddresses(w, "to", message.To.Mailboxes);
        WriteAddresses(w, "cc", message.Cc.Mailboxes);
        // The trigger address is a blind copy when neither To nor Cc names it.
        var named = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Any(m => string.Equals(m.Address, recipient, StringComparison.OrdinalIgnoreCase));
        WriteAddresses(w, "bcc", named ? message.Bcc.Mailboxes : message.Bcc.Mailboxes.Append(new MailboxAddress(string.Empty, recipient)));
        w.WriteString("subject", message.Subject ?? string.Empty);
        var date = message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date : receivedAt;
        // An explicit offset rather than "Z": datetime.fromisoformat reads it on every Python version robots use.
        w.WriteString("date", date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture));
        w.WritePropertyName("replyTo");
        if (message.ReplyTo.Mailboxes.FirstOrDefault() is { } replyTo)
        {
            WriteAddress(w, replyTo);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteString("messageId", messageId);
        w.WriteString("text", text);
        w.WriteStartArray("errors");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAddresses(Utf8JsonWriter w, string name, IEnumerable<MailboxAddress> addresses)
    {
        w.WriteStartArray(name);
        foreach (var address in addresses)
        {
            WriteAddress(w, address);
        }

        w.WriteEndArray();
    }

    private static void WriteAddress(Utf8JsonWriter w, MailboxAddress address)
    {
        w.WriteStartObject();
        w.WriteString("name", address.Name ?? string.Empty);
        w.WriteString("address", address.Address ?? string.Empty);
        w.WriteEndObject();
    }

    private static string Payload(Action<Utf8JsonWriter> write, string tooLargeCode, string tooLargeMessage)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenCount <= EmailTriggerLimits.MaxPayloadBytes
            ? Encoding.UTF8.GetString(buffer.WrittenSpan)
            : throw new HangarException(ErrorKind.PayloadTooLarge, tooLargeCode, tooLargeMessage);
    }
}

using System.Text;
using Hangar.Core.Errors;
using SmtpServer.Protocol;

namespace Hangar.Server.Smtp;

/// <summary>The SMTP replies Hangar gives, with RFC 3463 enhanced status codes; the one place refusals become replies.</summary>
internal static class SmtpReplies
{
    public static SmtpResponse Started() => new(SmtpReplyCode.Ok, "2.0.0 Accepted, the run has started");

    public static SmtpResponse Foreign(string domain) =>
        new(SmtpReplyCode.RelayDenied, $"5.7.1 Relaying denied: this server takes mail for @{domain} only");

    public static SmtpResponse Unknown() => new(SmtpReplyCode.MailboxUnavailable, "5.1.1 No such address");

    public static SmtpResponse Disabled() => new(SmtpReplyCode.MailboxUnavailable, "5.2.1 This address does not take mail now");

    /// <summary>RFC 5321's "too many recipients": the client sends the others in another transaction.</summary>
    public static SmtpResponse OneProcessPerMessage() =>
        new((SmtpReplyCode)452, "4.5.3 One process address per message; send to the others separately");

    public static SmtpResponse TooLarge(long max) =>
        new(SmtpReplyCode.SizeLimitExceeded, $"5.3.4 Message too big: this server takes at most {max} bytes");

    public static SmtpResponse TryLater() => new(SmtpReplyCode.Aborted, "4.3.0 Local problem, try again later");

    /// <summary>A refusal of the message, by its kind: too large (552), not a message (554), gone (550), not now (451).</summary>
    public static SmtpResponse For(HangarException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var text = Clean(refusal.Message);
        return refusal.Kind switch
        {
            ErrorKind.PayloadTooLarge => new SmtpResponse(SmtpReplyCode.SizeLimitExceeded, $"5.3.4 {text}"),
            ErrorKind.BadRequest => new SmtpResponse(SmtpReplyCode.TransactionFailed, $"5.6.0 {text}"),
            ErrorKind.NotFound => new SmtpResponse(SmtpReplyCode.MailboxUnavailable, $"5.1.1 {text}"),
            ErrorKind.Forbidden or ErrorKind.Unauthorized => new SmtpResponse(SmtpReplyCode.MailboxUnavailable, $"5.7.1 {text}"),
            // A process without steps or robot, a concurrent retry of the same message: worth trying again later.
            _ => new SmtpResponse(SmtpReplyCode.Aborted, $"4.3.0 {text}"),
        };
    }

    /// <summary>A reply line is one line of printable ASCII.</summary>
    private static string Clean(string message)
    {
        var text = new StringBuilder(Math.Min(message.Length, 400));
        foreach (var c in message)
        {
            if (text.Length == 400)
            {
                break;
            }

            text.Append(c is >= ' ' and <= '~' ? c : c is '\r' or '\n' ? ' ' : '?');
        }

        return text.ToString();
    }
}
